"""Benchmark: how the main pages and search scale with the size of the dataset.

Run with `make benchmark` (a throwaway PostgreSQL cluster, like the tests).
It loads the seed, times each page (median of REPEATS runs through Django's
test client, so no network), then grows the data SCALE-fold with synthetic
claims and times again. It prints medians, the large/small ratio and the
number of queries per page, which should not change with the data size.
"""
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

REPEATS = 15
SCALE = 25
PAGES = [
    ("home", "/"),
    ("claim list", "/claims/"),
    ("search", "/claims/?q=%22lie+of+the+century%22"),
    ("filtered list", "/claims/?speaker=zhao-lijian&said_after=2019-01-01&said_before=2022-12-31"),
    ("claim page", "/claims/camps-are-vocational-training-centers/"),
    ("actor page", "/actors/zhao-lijian/"),
    ("API list", "/api/claims/?q=camps"),
    ("search all", "/search/?q=forced+labour"),
    ("search, typo", "/search/?q=Zhao+Lijan"),
    ("seen it?", "/match/?text=Forced+labour+in+Xinjiang+is+the+lie+of+the+century+%40MFA_China"),
]


def measure(client):
    results = {}
    for name, url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        query_count = len(queries)  # read now: the next request empties the log
        timings = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - start)
        results[name] = (status, query_count, statistics.median(timings))
    return results


def grow(factor):
    """Add (factor - 1) synthetic copies of the seed's claims, each copy a graph of its own.

    A copy mirrors the seed's appearances, evidence and rebuttals among its own
    claims, so the tables grow while the seed's pages keep their size: what is
    measured is how the pages scale with the size of the database.
    """
    from claims.models import Appearance, Claim, Evidence, Rebuttal, Review

    originals = list(Claim.objects.prefetch_related("appearances", "evidence", "reviews"))
    links = list(Rebuttal.objects.values_list("rebutted_id", "counterclaim_id"))
    for copy_number in range(1, factor):
        clones = {}
        for claim in originals:
            clones[claim.pk] = Claim.objects.create(
                slug=f"{claim.slug}-copy-{copy_number}", text=f"{claim.text} (variant {copy_number})",
                context=claim.context,
            )
            Review.objects.bulk_create(
                Review(claim=clones[claim.pk], reviewer_id=r.reviewer_id, verdict=r.verdict, explanation=r.explanation,
                       published=r.published, language=r.language)
                for r in claim.reviews.all() if not r.url
            )
            Appearance.objects.bulk_create(
                Appearance(
                    claim=clones[claim.pk], speaker_id=a.speaker_id, source_id=a.source_id, date=a.date,
                    date_precision=a.date_precision, quote=a.quote, is_direct_quote=a.is_direct_quote,
                )
                for a in claim.appearances.all()
            )
            Evidence.objects.bulk_create(
                Evidence(claim=clones[claim.pk], source_id=e.source_id, excerpt=e.excerpt, kind=e.kind, strength=e.strength)
                for e in claim.evidence.all()
            )
        Rebuttal.objects.bulk_create(
            Rebuttal(rebutted=clones[rebutted], counterclaim=clones[counterclaim]) for rebutted, counterclaim in links
        )


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    client = Client()
    from claims.models import Claim

    small_size = Claim.objects.count()
    small = measure(client)
    grow(SCALE)
    connection.cursor().execute("ANALYZE")
    large_size = Claim.objects.count()
    large = measure(client)

    print(f"{'page':<16}{'status':>7}{'queries':>14}{f'ms ({small_size} claims)':>20}{f'ms ({large_size} claims)':>22}{'ratio':>8}")
    for name, _ in PAGES:
        s_status, s_queries, s_time = small[name]
        l_status, l_queries, l_time = large[name]
        print(
            f"{name:<16}{s_status:>7}{f'{s_queries} -> {l_queries}':>14}{s_time * 1000:>20.1f}"
            f"{l_time * 1000:>22.1f}{l_time / s_time:>8.2f}"
        )
    print(f"medians of {REPEATS} runs each; data grown {SCALE}-fold")


if __name__ == "__main__":
    main()
