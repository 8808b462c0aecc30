"""Where each page's time goes at scale: for every page the benchmark measures, the median of N in-process
requests (counts cached as in production), the time its SQL took, and EXPLAIN ANALYZE of its slowest query.

    DATABASE_URL=postgres://... .venv/bin/python scripts/explain_pages.py [N [COMMON MEDIUM RARE]]

Run on a database `make benchmark` measures (migrate, load_seed, generate_dataset --claims 100000): pages are
chosen by the benchmark's own rule (scripts/benchmark/pages.py); the search words default to those
generate_dataset prints for --seed 1. docs/explain-100k.txt holds the last run.
"""
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "benchmark")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

import pages  # noqa: E402

# Production keeps counts for minutes (tracker/settings/base.py); the test settings do not cache them.
settings.CACHES = {**settings.CACHES, "counts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                 "LOCATION": "explain"}}
caches.settings = settings.CACHES
settings.ALLOWED_HOSTS = ["*"]


def main(runs, words):
    client = Client()
    for label, url in pages.choose(words):
        client.get(url)  # fills the counts cache, as the benchmark's warm-up does
        times, captured = [], None
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            captured = queries.captured_queries
        sql_ms = sum(float(q["time"]) for q in captured) * 1000
        print(f"\n## {label}: {url}\n{response.status_code}, {len(response.content) / 1024:.0f} KB, "
              f"median {statistics.median(times) * 1000:.0f} ms of {runs}, {len(captured)} queries, "
              f"SQL {sql_ms:.0f} ms (the rest is Python: the view and the template)")
        slowest = max(captured, key=lambda q: float(q["time"]), default=None)
        if slowest is None or float(slowest["time"]) < 0.02 or not slowest["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
            print("slowest query under 20 ms: nothing to explain")
            continue
        print(f"slowest query ({float(slowest['time']) * 1000:.0f} ms): {slowest['sql'][:300]}...")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            print("\n".join("    " + row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    common, medium, rare = arguments[1:4] if len(arguments) >= 4 else ("stability", "anlokor", "temlumwex")
    main(int(arguments[0]) if arguments else 5, {"common": common, "medium": medium, "rare": rare})
