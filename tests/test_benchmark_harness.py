"""The benchmark's measuring functions (scripts/benchmark/), cheaply: on the seed and the test's live server."""
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "benchmark"))

import http_bench  # noqa: E402
import pages  # noqa: E402


def test_every_page_type_is_found_on_the_seed_and_answers(seed):
    chosen = pages.choose(pages.seed_words())
    assert len(chosen) == 21  # the 20 page types and, since families, the largest family's page
    counts = pages.query_counts(chosen)
    assert {label: status for label, (_, status, _) in counts.items() if status != 200} == {}
    assert all(queries > 0 for queries, _, _ in counts.values())


def test_http_measures_are_bounded_and_count_errors(live_server):
    port = urlsplit(live_server.url).port
    sequential = http_bench.sequential(port, "/", requests=3, max_seconds=10)
    assert sequential["status"] == "200" and sequential["n"] == 3 and sequential["p50"] <= sequential["p95"]
    concurrent = http_bench.concurrent(port, "/", clients=4, requests=8, max_seconds=10)
    assert concurrent["done"] == 8 and concurrent["errors"] == 0 and concurrent["rps"] > 0
    loaded = http_bench.load(port, [("home", "/"), ("missing", "/no-such-page/")], clients=3, seconds=1)
    assert loaded["requests"] > 0 and all(label == "missing" for label, _ in loaded["errors"])
    assert http_bench.percentile([1, 2, 3, 4], 0.5) == 2 and http_bench.percentile([1, 2, 3, 4], 0.99) == 4
