"""A synthetic dataset for measuring the app at scale: deterministic for a given seed.

Text is drawn from a vocabulary with Zipf-like word frequencies, so search meets
common, medium and rare words as it does on real text. Speakers are drawn the
same way (a few prolific spokespeople, a long tail; some speak for an
organisation), some claims draw many counterclaims, dates spread over years at
day, month and year precision. Each claim is said a few times (remarks), each
remark printed by one to three sources (reports), and a third of the claims are
wordings of a talking-point family (a few families with many).

Rows are written with PostgreSQL COPY, in batches, so 100,000 claims with
300,000 remarks and 500,000 reports load in minutes and memory stays flat.
"""
import datetime
import itertools
import random
from dataclasses import dataclass

from django.db import connection, transaction

from sources.models import ActorKind, SourceKind
from tracker.bulk import copy_into, copy_text

from .models import (
    Appearance,
    Claim,
    Evidence,
    EvidenceKind,
    Family,
    Rebuttal,
    Remark,
    Review,
    Status,
    Strength,
    Technique,
    Topic,
    Verdict,
    our_reviewer,
)

# A few real words at the top of the vocabulary so pages read like the domain; the rest are invented.
DOMAIN_WORDS = (
    "camps xinjiang training vocational detention labor cotton education terrorism extremism uyghur "
    "ministry documents leaked report police files schools centers transfer program families religion "
    "mosques surveillance satellite testimony sanctions genocide sovereignty stability development"
).split()
SYLLABLES = ["ka", "lo", "mi", "ren", "sha", "tu", "vel", "zor", "an", "bei", "cho", "dun", "el", "fa", "gro",
             "hai", "jin", "kor", "lum", "nar", "ost", "pra", "qua", "ris", "sto", "tem", "ul", "vor", "wex", "yan"]
BATCH = 20_000


@dataclass
class Sizes:
    claims: int
    remarks_per_claim: int = 3  # on average; each printed by 1 to 3 sources, so about 5 reports a claim
    actors: int = 5_000
    sources: int = 20_000
    rebuttals_per_claim: float = 1.0
    evidence_per_claim: float = 1.0
    topics: int = 30
    families: int = 2_000

    @classmethod
    def for_claims(cls, claims):
        """The proportions of the scale the issue measures: 100,000 claims, 5,000 actors, 20,000 sources."""
        return cls(claims=claims, actors=max(50, claims // 20), sources=max(100, claims // 5),
                   topics=min(30, max(5, claims // 1000)), families=max(2, claims // 50))


class Vocabulary:
    def __init__(self, rng, size=20_000, exponent=1.07):
        invented = set()
        while len(invented) < size - len(DOMAIN_WORDS):
            invented.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.words = DOMAIN_WORDS + sorted(invented)
        rng.shuffle(self.words[len(DOMAIN_WORDS):])
        self.cum_weights = list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(self.words))))
        self.rng = rng

    def text(self, low, high):
        words = self.rng.choices(self.words, cum_weights=self.cum_weights, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def examples(self):
        """A common, a medium and a rare word, for benchmarks to search."""
        return {"common": self.words[30], "medium": self.words[300], "rare": self.words[15_000]}


def _copy(table, columns, rows):
    """COPY rows (tuples of Python values, None for NULL) into `table`, batch by batch (tracker.bulk)."""
    rows = iter(rows)
    while batch := list(itertools.islice(rows, BATCH)):
        copy_into(table, columns, ([copy_text(value) for value in row] for row in batch))


def _next_id(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _reset_sequences(*models):
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def _date(rng):
    day = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(13 * 365))
    precision = rng.choices(["day", "month", "year"], weights=[70, 20, 10])[0]
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return day, precision


@transaction.atomic
def generate(sizes, seed=1, progress=None):
    """Add a synthetic dataset of `sizes` to the database. Returns the example search words."""
    from sources.models import Actor, Source

    rng = random.Random(seed)
    words = Vocabulary(rng)
    progress = progress or (lambda step, count: None)
    now = datetime.datetime.now(datetime.timezone.utc).isoformat()
    tag = f"s{seed}"  # slugs stay unique if two datasets with different seeds are added

    first_actor = _next_id(Actor)
    kinds = ActorKind.values
    countries = ["CN", "US", "GB", "FR", "DE", "AU", "CA", "JP", "KZ", "TR", "IN", "BR", "ZA", "RU", "CH"]
    actor_ids = range(first_actor, first_actor + sizes.actors)
    organisations = list(actor_ids[: max(1, sizes.actors // 25)])
    _copy(
        "sources_actor",
        ["id", "name", "slug", "kind", "role", "affiliation_id", "country", "state_affiliated", "description",
         "website", "wikidata_id", "aliases", "created", "updated"],
        (
            (pk, words.text(2, 3)[:-1].title(), f"{tag}-actor-{pk}", "government-body" if pk in organisations
             else rng.choice(kinds), "Spokesperson" if rng.random() < 0.2 else "",
             rng.choice(organisations) if pk not in organisations and rng.random() < 0.3 else None,
             rng.choice(countries), rng.random() < 0.3, "", "", "", "{}", now, now)
            for pk in actor_ids
        ),
    )
    progress("actors", sizes.actors)

    first_source = _next_id(Source)
    source_ids = range(first_source, first_source + sizes.sources)

    def source_row(pk):
        published, precision = _date(rng)
        return (pk, words.text(4, 10)[:-1], f"{tag}-source-{pk}", rng.choice(SourceKind.values),
                rng.choice(actor_ids), f"https://example.org/source/{pk}", "", published, precision, "", "en",
                "", "", now, now)

    _copy("sources_source", ["id", "title", "slug", "kind", "publisher_id", "url", "archive_url", "published",
                             "published_precision", "published_basis", "language", "summary", "reliability_note",
                             "created", "updated"], (source_row(pk) for pk in source_ids))
    progress("sources", sizes.sources)

    first_topic = _next_id(Topic)
    topic_ids = list(range(first_topic, first_topic + sizes.topics))
    _copy("claims_topic", ["id", "name", "slug", "description"],
          ((pk, f"Topic {words.words[pk % 200]} {pk}", f"{tag}-topic-{pk}", "") for pk in topic_ids))
    technique_ids = list(Technique.objects.values_list("pk", flat=True))
    if not technique_ids:
        first_technique = _next_id(Technique)
        technique_ids = list(range(first_technique, first_technique + 14))
        _copy("claims_technique", ["id", "name", "slug", "definition", "example"],
              ((pk, f"Technique {pk}", f"{tag}-technique-{pk}", "A technique.", "") for pk in technique_ids))

    first_family = _next_id(Family)
    family_ids = range(first_family, first_family + sizes.families)
    _copy("claims_family", ["id", "name", "slug", "description"],
          ((pk, f"{words.text(2, 4)[:-1]} {pk}", f"{tag}-family-{pk}", words.text(10, 20)) for pk in family_ids))
    # A third of the claims are wordings of a family; a few families gather hundreds, most a handful.
    family_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(family_ids))))

    first_claim = _next_id(Claim)
    claim_ids = range(first_claim, first_claim + sizes.claims)
    _copy("claims_claim", ["id", "slug", "text", "context", "family_id", "created", "updated", "status", "published_at"],
          ((pk, f"{tag}-claim-{pk}", words.text(8, 20)[:300], words.text(20, 60),
            rng.choices(family_ids, cum_weights=family_weights)[0] if rng.random() < 0.33 else None, now, now,
            Status.PUBLISHED, now)
           for pk in claim_ids))
    progress("claims", sizes.claims)

    # Our verdict on about 30% of the claims, another fact-checker's (a published review) on about 10%.
    us, checkers = our_reviewer().pk, organisations[:5]

    def review_rows():
        for pk in claim_ids:
            reviewers = ([us] if rng.random() < 0.3 else []) + ([rng.choice(checkers)] if rng.random() < 0.1 else [])
            for reviewer in reviewers:
                url = "" if reviewer == us else f"https://factcheck.example/{reviewer}/{pk}"
                yield (pk, reviewer, url, "", "2024-01-01", "en", "", rng.choice(Verdict.values),
                       "Explained in the evidence.", now, now)

    _copy("claims_review", ["claim_id", "reviewer_id", "url", "title", "published", "language", "rating_label",
                            "verdict", "explanation", "created", "updated"], review_rows())

    _copy("claims_claim_topics", ["claim_id", "topic_id"],
          ((pk, topic) for pk in claim_ids for topic in rng.sample(topic_ids, rng.randint(1, min(3, len(topic_ids))))))
    _copy("claims_claim_techniques", ["claim_id", "technique_id"],
          ((pk, technique) for pk in claim_ids for technique in rng.sample(technique_ids, rng.randint(0, 2))))

    # Speakers by a Zipf-like law: a few spokespeople say a great deal.
    speaker_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(actor_ids))))

    first_remark = _next_id(Remark)
    remark_words = {}  # remark id -> its words, which its reports print (some only in part)

    def remark_rows():
        pk = first_remark
        for claim in claim_ids:
            for _ in range(rng.randint(1, 2 * sizes.remarks_per_claim - 1)):
                said, precision = _date(rng)
                remark_words[pk] = words.text(10, 40)
                yield (pk, claim, rng.choices(actor_ids, cum_weights=speaker_weights)[0], said, precision, "",
                       rng.choice(["", "press conference", "interview", "statement"]), remark_words[pk], "", "", "")
                pk += 1

    _copy("claims_remark", ["id", "claim_id", "speaker_id", "date", "date_precision", "date_basis", "venue",
                            "words", "original_words", "original_language", "record_url"], remark_rows())
    progress("remarks", len(remark_words))

    def report_rows():
        for remark, said in remark_words.items():
            for n in range(rng.choices([1, 2, 3], weights=[50, 30, 20])[0]):
                quote = said if n == 0 else " ".join(said.split()[: rng.randint(3, 12)])
                yield remark, rng.choice(source_ids), quote, True, f"para. {rng.randint(1, 30)}"

    _copy("claims_appearance", ["remark_id", "source_id", "quote", "is_direct_quote", "locator"], report_rows())
    progress("reports", Appearance.objects.count())

    # Rebuttals: a later claim answers an earlier one; earlier claims are answered more (some very often).
    pairs = set()
    target = int(sizes.claims * sizes.rebuttals_per_claim)
    claim_list = list(claim_ids)
    while len(pairs) < target:
        counterclaim = rng.choice(claim_list[1:])
        # Half the answers go to the 50 earliest claims (hundreds each), the rest spread thinly.
        rebutted = claim_list[min(int((rng.paretovariate(1.0) - 1) * 50), counterclaim - first_claim - 1)]
        if rebutted != counterclaim:
            pairs.add((rebutted, counterclaim))
    _copy("claims_rebuttal", ["rebutted_id", "counterclaim_id", "note"], ((r, c, "") for r, c in sorted(pairs)))
    progress("rebuttals", len(pairs))

    _copy("claims_evidence", ["claim_id", "source_id", "excerpt", "locator", "kind", "strength", "note"],
          ((rng.choice(claim_list), rng.choice(source_ids), words.text(10, 30), f"p. {rng.randint(1, 300)}",
            rng.choice(EvidenceKind.values), rng.choice(Strength.values), "")
           for _ in range(int(sizes.claims * sizes.evidence_per_claim))))
    progress("evidence", int(sizes.claims * sizes.evidence_per_claim))

    _reset_sequences(Actor, Source, Topic, Technique, Family, Claim, Review, Remark, Appearance, Rebuttal, Evidence)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return words.examples()
