"""import_claimreview on real ClaimReview published by fact-checkers (tests/fixtures/claimreview-realdata/).

The files are copies of the workplace's claimreview-realdata folder (kept in tests/fixtures, never read from outside the repo): a 1,776-review harvest of
17 Arabic fact-checkers (as a DataFeed, and raw as the Google Fact Check Tools API
returned it), AFP, PolitiFact, Le Monde and TjekDet markup, a Google API response
from India (both ways), Portuguese pages, and X-FACT's label maps.
"""
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims.claimreview_read import read_reviews
from claims.models import Claim, Review
from claims.ratings import label_table, lookup_label, normalise_label

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "claimreview-realdata"
pytestmark = pytest.mark.django_db

# file: (reviews created, duplicates within the file, rejected), each figure checked by hand against the file.
EXPECTED = {
    "arabic_factcheck_api_as_claimreview_feed.json": (1291, 485, 0),  # 485 repeats of the same review URL
    "raw/arabic_fact_checking_claim_reviews_api.json": (1291, 485, 0),  # the same harvest, as Google returned it
    "india_floods_factcheck_api_as_claimreview_feed.json": (10, 0, 0),
    "raw/sih-web_factCheckApiResponse.json": (10, 0, 0),
    "collector_fixtures_6_reviews.json": (5, 0, 1),  # Le Monde's empty claimReviewed
    "ptbr_scraper_fixture_pages_jsonld.json": (6, 0, 1),  # a relative review URL
}


def import_file(name, tmp_path):
    out, report = StringIO(), tmp_path / "report.jsonl"
    try:
        call_command("import_claimreview", str(REAL / name), partial=True, report=str(report), stdout=out,
                     stderr=StringIO())
        failed = False
    except CommandError:
        failed = True
    return out.getvalue(), failed, report


def claims_refreshed_now():
    """How many claims' figures claims_refresh_stats changes when run over every claim."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'claims_claim'")
        before = cursor.fetchone()[0]
        cursor.execute("SELECT claims_refresh_stats(ARRAY(SELECT id FROM claims_claim))")
        cursor.execute("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'claims_claim'")
        return cursor.fetchone()[0] - before


def reviews_in(name):
    with open(REAL / name, "rb") as handle:
        return [item for item in read_reviews(handle)]


@pytest.mark.parametrize("name", EXPECTED)
def test_every_real_file_imports_with_honest_counts(name, tmp_path):
    created, duplicates, rejected = EXPECTED[name]
    output, failed, report = import_file(name, tmp_path)
    assert f"Created: {created} reviews," in output
    assert f"Duplicates (reviews already held or repeated): {duplicates}." in output
    assert f"Rejected: {rejected}." in output
    assert failed == bool(rejected)  # non-zero exit when anything was rejected
    assert Review.objects.count() == created
    if rejected:
        assert len([line for line in report.read_text().splitlines() if '"reason"' in line]) == rejected

    # The fact-checker of each imported review is kept: every review's publisher, not us.
    published = {item.review.url: item.review.reviewer_name for item in reviews_in(name) if item.review}
    held = dict(Review.objects.values_list("url", "reviewer__name"))
    assert held == {url: published[url] for url in held}
    assert not Review.objects.ours().exists()

    # The new claims were written with the figures the statistics triggers would give them (claims/stats.py).
    assert claims_refreshed_now() == 0

    # A re-import adds nothing.
    output, _, _ = import_file(name, tmp_path)
    assert "Created: 0 reviews, 0 claims, 0 actors, 0 sources, 0 remarks, 0 reports." in output
    assert Review.objects.count() == created


def test_the_export_names_the_original_authors_and_reimports_to_the_same_reviews(tmp_path):
    for name in ("arabic_factcheck_api_as_claimreview_feed.json", "collector_fixtures_6_reviews.json",
                 "ptbr_scraper_fixture_pages_jsonld.json"):
        import_file(name, tmp_path)
    feed = tmp_path / "feed.json"
    call_command("export_claimreview", str(feed), verbosity=0)
    items = [e["item"][0] for e in json.loads(feed.read_text(encoding="utf-8"))["dataFeedElement"]]
    authors = {item["url"]: item["author"]["name"] for item in items}
    assert authors == dict(Review.objects.values_list("url", "reviewer__name"))
    assert "Counterclaim" not in authors.values()
    misbar = next(item for item in items if item["author"]["name"] == "مسبار")
    assert misbar["author"]["url"] == "https://misbar.com" and misbar["inLanguage"] == "ar"
    afp = next(item for item in items if item["author"]["name"] == "Factual" and "Falso" in str(item))
    assert afp["reviewRating"] == {"@type": "Rating", "ratingValue": 5, "bestRating": 1, "worstRating": 5,
                                   "alternateName": "Falso"}

    # Round trip: import our own export into an empty database, export again: the same reviews.
    Review.objects.all().delete()
    Claim.objects.all().delete()
    call_command("import_claimreview", str(feed), stdout=StringIO())
    again = tmp_path / "again.json"
    call_command("export_claimreview", str(again), verbosity=0)
    assert again.read_bytes() == feed.read_bytes()


def test_every_rating_label_seen_is_mapped_or_deliberately_unmapped():
    seen = set()
    for name in EXPECTED:
        for item in reviews_in(name):
            if item.review and item.review.rating_label:
                seen.add((item.review.rating_label, item.review.language))
    unlisted = sorted(label for label, language in seen if not lookup_label(label, language)[0]
                      and len(normalise_label(label).split()) <= 8)
    assert unlisted == []
    # Long labels are explanations pasted into the rating field: read by their first clause, or left unmapped.
    long_ones = [label for label, _ in seen if len(normalise_label(label).split()) > 8]
    assert len(long_ones) >= 20


def test_every_xfact_label_is_listed():
    by_language, _ = label_table()
    listed = {label for table in by_language.values() for label in table}
    for path in sorted((REAL / "xfact_label_maps").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                label = normalise_label(line.rsplit("\t", 1)[0])
                assert not label or label in listed, (path.name, label)


@pytest.mark.parametrize("text,key", [
    ("Engañoso", "engañoso"), ("مضلّل", "مضلل"), ("  Pants on Fire! ", "pants on fire"), ("Half-True", "half true"),
    ("ＦＡＬＳＥ", "false"), ("भ्रामक", "भ्रामक"), ("C’est plus compliqué", "c est plus compliqué"),
])
def test_labels_normalise_in_any_script(text, key):
    assert normalise_label(text) == key
