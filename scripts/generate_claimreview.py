"""Write a synthetic ClaimReview DataFeed of N reviews, for timing import_claimreview at scale.

    python scripts/generate_claimreview.py 100000 > /tmp/feed-100k.json

Deterministic (seeded). Mixed like the real harvests: ~200 fact-checkers with
names in several scripts, ~5,000 claimants, labels in Arabic, English, Spanish,
Portuguese and French (some numeric, some unmapped), half the claims with
appearance URLs, and a few review URLs given twice (duplicates).
Written item by item: memory stays flat whatever N.
"""
import json
import random
import sys

LABELS = ["مضلل", "زائف", "صحيح", "misleading", "False", "Engañoso", "Falso", "Faux", "Half True", "Mostly True",
          "Satire", "غير مثبت", "C’est plus compliqué"]
WORDS = ("camps schools cotton labour water flood election vaccine border ministry video photo old fake army "
         "bank report census minister protest strike fuel price river bridge hospital").split()
SCRIPTS = ["Fact Check {}", "مسبار {}", "Verificador {}", "Проверка {}", "事实核查 {}"]


def review(n, rng):
    checker = rng.randrange(200)
    text = f"Claim {n}: " + " ".join(rng.choice(WORDS) for _ in range(12))
    url_number = n if rng.random() > 0.03 else max(0, n - 1)  # a few repeats
    data = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"https://checker{checker}.example/reviews/{url_number}",
        "name": f"Review {n}", "datePublished": f"20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00Z",
        "inLanguage": rng.choice(["ar", "en", "es", "pt-BR", "fr"]),
        "claimReviewed": text,
        "author": {"@type": "Organization", "name": SCRIPTS[checker % 5].format(checker),
                   "url": f"https://checker{checker}.example"},
        "reviewRating": {"@type": "Rating", "alternateName": rng.choice(LABELS)},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": f"Claimant {rng.randrange(5000)}"},
                         "datePublished": f"20{10 + n % 15:02d}-{1 + n % 12:02d}"},
    }
    if rng.random() < 0.3:
        data["reviewRating"].update(ratingValue=rng.randint(1, 5), bestRating=5, worstRating=1)
    if rng.random() < 0.5:
        data["itemReviewed"]["appearance"] = [{"@type": "CreativeWork", "url": f"https://social.example/p/{n}"}]
    return data


def main():
    count = int(sys.argv[1])
    rng = random.Random(12)
    out = sys.stdout
    out.write('{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [\n')
    for n in range(count):
        element = {"@type": "DataFeedItem", "item": [review(n, rng)]}
        out.write(("," if n else "") + json.dumps(element, ensure_ascii=False) + "\n")
    out.write("]}\n")


if __name__ == "__main__":
    main()
