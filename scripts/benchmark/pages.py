"""Which URLs to measure on the data in the database, chosen by the same rules at every size, and their
SQL query counts (in-process, through Django's test client)."""
import math
import re
import traceback
from collections import Counter
from urllib.parse import quote_plus, urlencode

from django.db import connection
from django.db.models import Count, Max, Min
from django.test import Client
from django.test.utils import CaptureQueriesContext

STOPWORDS = set("""about after also been being could from have into more most only other over said same some such
than that their them then there these they this those through very were what when where which while with would
your will shall against because before between under until does each just should both above below
further once here having doing during""".split())


def seed_words():
    """Common, medium and rare words of the seed's claims, by the number of claims they appear in."""
    from claims.models import Claim

    frequency = Counter()
    for text in Claim.objects.values_list("text", flat=True):
        frequency.update(set(re.findall(r"[a-z]{4,}", text.lower())) - STOPWORDS)
    ranked = sorted(frequency.items(), key=lambda item: (-item[1], item[0]))
    medium = [word for word, n in ranked if n == 2] or [ranked[len(ranked) // 10][0]]
    return {"common": ranked[0][0], "medium": medium[0], "rare": ranked[-1][0]}


def phrase_and_sentence(word):
    """Two words as they stand together in a claim (starting with `word`), and that claim's first words."""
    from claims.models import Claim

    for text in Claim.objects.filter(text__iregex=rf"\m{word}\M\s+[a-z]+").order_by("id").values_list("text", flat=True)[:20]:
        found = re.search(rf"\b({word})\s+([A-Za-z]+)", text, re.IGNORECASE)
        if found:
            return f"{found.group(1)} {found.group(2)}".lower(), " ".join(text.split()[:16])
    return word, word


def choose(words):
    """[(label, url)] for every page type, on the data now in the database."""
    from claims import views
    from claims.models import Claim, Family, Remark
    from sources.models import Actor

    phrase, sentence = phrase_and_sentence(words["medium"])
    top = Remark.objects.values("speaker").annotate(n=Count("id")).order_by("-n", "speaker").first()
    speaker = Actor.objects.get(pk=top["speaker"])
    dates = Remark.objects.filter(speaker=speaker).aggregate(first=Min("date"), last=Max("date"))
    quarter = (dates["last"] - dates["first"]) / 4
    after, before = dates["first"] + quarter, dates["last"] - quarter
    most_rebutted = Claim.objects.order_by("-rebuttal_count", "id").first()
    most_said = Claim.objects.exclude(pk=most_rebutted.pk).order_by("-remark_count", "id").first()
    last_page = max(1, math.ceil(Claim.objects.count() / views.PER_PAGE))
    largest_family = Family.objects.annotate(n=Count("claims")).order_by("-n", "id").first()
    return [
        ("home", "/"),
        ("claim list", "/claims/"),
        ("search, common word", f"/claims/?q={quote_plus(words['common'])}"),
        ("search, medium word", f"/claims/?q={quote_plus(words['medium'])}"),
        ("search, phrase", f"/claims/?q={quote_plus(chr(34) + phrase + chr(34))}"),
        ("search, rare word", f"/claims/?q={quote_plus(words['rare'])}"),
        ("filtered list", "/claims/?" + urlencode({"speaker": speaker.slug, "said_after": after.isoformat(),
                                                    "said_before": before.isoformat()})),
        ("deep page", f"/claims/?page={min(1000, last_page)}"),
        ("claim, most rebutted", f"/claims/{most_rebutted.slug}/"),
        ("claim, most remarks", f"/claims/{most_said.slug}/"),
        ("claim's remarks", f"/claims/{most_said.slug}/remarks/"),
        ("compare", f"/compare/{most_rebutted.slug}/{most_said.slug}/"),
        ("actor, prolific", f"/actors/{speaker.slug}/"),
        ("timeline", "/timeline/"),
        *([("family, largest", largest_family.get_absolute_url())] if largest_family else []),
        ("sources", "/sources/"),
        ("search all", f"/search/?q={quote_plus(words['medium'])}"),
        ("have we seen it?", f"/match/?{urlencode({'text': sentence})}"),
        ("API list", "/api/claims/"),
        ("API search", f"/api/claims/?q={quote_plus(words['medium'])}"),
        ("CSV export, rare", f"/claims/export.csv?q={quote_plus(words['rare'])}"),
    ]


def query_counts(pages):
    """{label: (queries, status or "error", traceback or None)}, each page requested once in-process.

    Needs django.test.utils.setup_test_environment(). The in-process settings (tracker.settings.test)
    keep no facet cache, so these are the counts of a cold request.
    """
    client = Client()
    counts = {}
    for label, url in pages:
        with CaptureQueriesContext(connection) as queries:
            try:
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
                status, error = response.status_code, None
            except Exception:
                status, error = "error", traceback.format_exc()
        counts[label] = (len(queries), status, error)
    return counts
