"""export_dataset and import_dataset at scale: memory that does not grow with the data, queries per batch of
objects rather than per object, every object's first version in history, and still lossless.

Memory is Python's (tracemalloc) peak during one export or import of N and of 4N synthetic claims
(claims/synthetic.py: three remarks a claim with about five reports, rebuttals, evidence, reviews, families).
What is held at once is a batch, so batches are made small here (claims.dataset.CHUNK and BATCH) and N
several batches long. Time and memory at real sizes: scripts/measure_dataset.py measures them (2,000 claims:
export 1.2 s and 65 MB, import 7.1 s and 80 MB; 8,000 claims: export 4.1 s and 65 MB, import 35.4 s and 99 MB).
"""
import json
import tracemalloc

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims import dataset
from claims.dataset import import_dataset, write_dataset
from claims.models import Appearance, Claim, Evidence, Family, Rebuttal, Remark, Review
from claims.synthetic import Sizes, generate
from sources.models import Actor, Source
from tests.conftest import _quoted, _seed_tables

N = 50
SMALL_BATCH = 25
WRITTEN = (Actor, Source, Family, Claim, Remark, Appearance, Evidence, Review, Rebuttal)


def peak_megabytes(run):
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def export_to(path):
    with open(path, "w", encoding="utf-8") as out:
        write_dataset(out.write)


@pytest.fixture(scope="module")
def exports(django_db_setup, django_db_blocker, tmp_path_factory):
    """Files of N and 4N synthetic claims, and the peak memory of exporting each (the data is rolled back)."""
    folder = tmp_path_factory.mktemp("exports")
    small, large = folder / "small.json", folder / "large.json"
    with django_db_blocker.unblock(), transaction.atomic(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(dataset, "CHUNK", SMALL_BATCH)
        generate(Sizes.for_claims(N), seed=1)
        small_peak = peak_megabytes(lambda: export_to(small))
        generate(Sizes.for_claims(3 * N), seed=2)
        large_peak = peak_megabytes(lambda: export_to(large))
        transaction.set_rollback(True)
    return {"small": small, "large": large, "small_peak": small_peak, "large_peak": large_peak}


def empty_database():
    with connection.cursor() as cursor:
        # The test's transaction still owes its foreign-key checks, which TRUNCATE would not wait for.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {_quoted(table for table, _, _ in _seed_tables())} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_exporting_4n_claims_takes_no_more_memory_than_n(exports):
    assert len(json.loads(exports["large"].read_text())["claims"]) == 4 * N
    # Growth, not a ratio: reading a table whole instead of in chunks adds about a quarter of the small peak.
    assert exports["large_peak"] - exports["small_peak"] < 0.15 * exports["small_peak"], exports


@pytest.mark.django_db
def test_importing_4n_claims_takes_no_more_memory_than_n(exports, monkeypatch):
    monkeypatch.setattr(dataset, "BATCH", SMALL_BATCH)
    peaks = {}
    for size in ("small", "large"):
        empty_database()
        peaks[size] = peak_megabytes(lambda: import_dataset(exports[size]))  # noqa: B023 (called at once)
    assert Claim.objects.count() == 4 * N
    assert peaks["large"] < 1.25 * peaks["small"], peaks  # keeping every row would double it


@pytest.mark.django_db
def test_an_import_makes_the_same_queries_per_object_at_any_size_and_loses_nothing(exports, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "BATCH", SMALL_BATCH)
    queries, objects = {}, {}
    for size in ("small", "large"):
        empty_database()
        with CaptureQueriesContext(connection) as captured:
            import_dataset(exports[size])
        queries[size] = len(captured)
        objects[size] = sum(model.objects.count() for model in WRITTEN)
    # A few queries per table and batch: a batch of SMALL_BATCH claims holds about 200 objects. Written one at a
    # time (full_clean, save, history) the large file took about 9 queries an object.
    per_object = {size: queries[size] / objects[size] for size in queries}
    assert per_object["large"] < 0.2, (queries, objects)
    # What 3N more claims cost is a few queries per table for each batch more (about 43 a batch today); one query
    # more per claim would add SMALL_BATCH a batch.
    extra_batches = 3 * N // SMALL_BATCH
    assert queries["large"] - queries["small"] <= 50 * extra_batches, (queries, objects)
    again = tmp_path / "again.json"
    export_to(again)
    assert again.read_bytes() == exports["large"].read_bytes()


@pytest.mark.django_db
def test_every_object_an_import_creates_has_its_first_version_with_the_reason(exports, monkeypatch):
    monkeypatch.setattr(dataset, "BATCH", SMALL_BATCH)
    empty_database()
    import_dataset(exports["small"], reason="From the test")
    for model in WRITTEN:
        versions = model.history.filter(history_type="+", change_kind="created", history_change_reason="From the test")
        assert sorted(versions.values_list("id", flat=True)) == sorted(model.objects.values_list("pk", flat=True)), model
    # Each version is the object as written: an actor's affiliation (set after every actor is in) included.
    affiliated = Actor.objects.filter(affiliation__isnull=False).first()
    assert affiliated is not None
    assert affiliated.history.get().affiliation_id == affiliated.affiliation_id

