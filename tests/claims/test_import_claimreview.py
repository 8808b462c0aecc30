"""import_claimreview on ClaimReview as it is found in the wild, on a re-import, and on broken or hostile files."""
import datetime
import json
import multiprocessing
import signal
import threading
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims import claimreview_import
from claims.claimreview_import import IMPORT_REASON, ClaimReviewImporter
from claims.claimreview_read import read_reviews
from claims.models import Appearance, Claim, Remark, Review
from sources.models import Actor, Source
from tracker import history as history_module
from tracker.bulk import copy_into

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claimreview"
pytestmark = pytest.mark.django_db


def run(*files, **options):
    out = StringIO()
    call_command("import_claimreview", *[str(FIXTURES / f) if "/" not in str(f) else str(f) for f in files],
                 stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def snapshot():
    return (
        sorted(Review.objects.values_list("url", "verdict", "reviewer__name", "claim__slug")),
        sorted(Claim.objects.values_list("slug", flat=True)),
        sorted(Actor.objects.values_list("slug", flat=True)),
        sorted(Source.objects.values_list("slug", flat=True)),
        Remark.objects.count(),
        Appearance.objects.count(),
    )


def remark_of(claim):
    """The claim's one remark, with its speaker and its reports (with their sources)."""
    return claim.remarks.select_related("speaker").prefetch_related("reports__source").get()


def review(url):
    return Review.objects.select_related("claim", "reviewer").get(url=url)


def test_a_single_review_keeps_its_publisher_rating_and_appearances():
    output = run("single.json")
    found = review("https://factcheck.example/reviews/camps-are-schools")
    claim = found.claim
    assert claim.text == "The camps in Xinjiang are boarding schools people attend voluntarily."
    assert claim.slug == "the-camps-in-xinjiang-are-boarding-schools-people-attend"  # short, at a word boundary
    assert (found.reviewer.name, found.reviewer.website) == ("Example Fact Check", "https://factcheck.example/")
    assert (found.rating_label, found.rating_value, found.rating_best, found.rating_worst) == ("Pants on Fire!", 0, 5, 0)
    assert found.verdict == "false"
    assert str(found.published) == "2019-12-02"
    assert found.explanation == "Leaked directives describe locked dormitories and escape prevention."
    # One remark (the claimant, on the claim's date) reported in two places; firstAppearance repeats one: filed once.
    remark = remark_of(claim)
    assert (remark.speaker.name, remark.speaker.kind, remark.date_iso) == ("Shohrat Zakir", "person", "2019-12-09")
    reports = sorted(remark.reports.all(), key=lambda a: a.source.url)
    assert [(a.source.url, a.source.published_iso) for a in reports] == [
        ("https://news.example/2019/12/09/press-conference", "2019-12-09"),
        ("https://news.example/2019/12/10/follow-up", "2019-12"),
    ]
    assert not reports[0].is_direct_quote and reports[0].quote == claim.text
    assert "Created: 1 reviews, 1 claims, 2 actors, 2 sources, 1 remarks, 2 reports." in output


def test_a_list_with_text_authors_scaled_ratings_and_an_unmapped_label():
    output = run("list.json")
    cotton = review("https://factcheck.example/reviews/cotton-no-forced-labor")
    assert cotton.verdict == "misleading"  # "Mostly False"
    assert cotton.reviewer.name == "Example Fact Check"
    remark = remark_of(cotton.claim)
    assert remark.reports.get().source.url == "https://briefing.example/2021-03-25"
    assert remark.date_iso == "2021-03-25"  # from itemReviewed.datePublished
    assert remark.speaker.name == "Ministry of Foreign Affairs of the People's Republic of China"
    population = review("https://factcheck.example/reviews/population-growth")
    assert population.verdict == "supported"  # no alternateName: 6 on 1..7
    assert population.explanation == "True for 2010-2018; births collapsed after 2017."
    # The ministry and the fact-checker are one actor each, reused for the next review.
    assert Actor.objects.filter(name__startswith="Ministry of Foreign Affairs").count() == 1
    assert Actor.objects.filter(name="Example Fact Check").count() == 1
    # Kept as published beside our reading of it (the Washington Post's worst rating).
    pinocchios = review("https://factcheck.example/reviews/pinocchios")
    assert (pinocchios.rating_label, pinocchios.verdict) == ("Four Pinocchios", "false")
    assert "Created: 3 reviews, 3 claims" in output and "Rejected: 0." in output


def test_a_graph_with_an_old_style_creative_work():
    run("graph.json")
    claim = review("https://oldcheck.example/2019/07/uk-france-us").claim
    remark = remark_of(claim)
    source = remark.reports.get().source
    assert remark.speaker.name == "Chinese Embassy in London" and remark.speaker.kind == "other"
    assert source.url == "https://embassy.example/statement-2019-07"
    assert source.title == "Embassy statement on Xinjiang"
    assert remark.date_iso == "2019-07"


def test_a_data_feed_with_items_as_list_and_object():
    run("datafeed.json")
    hoax = review("https://feed.example/review/1")
    assert hoax.verdict == "false"  # "Incorrect"
    assert remark_of(hoax.claim).speaker.name == "Wang Wenbin"
    mosques = review("https://feed.example/review/2")
    assert mosques.verdict == "accurate"
    source = remark_of(mosques.claim).reports.get().source
    assert (source.title, source.url, source.published_iso) == ("Cultural erasure", "", "2020-09")


def test_a_second_import_adds_nothing():
    run("single.json", "list.json", "graph.json", "datafeed.json")
    before = snapshot()
    output = run("single.json", "list.json", "graph.json", "datafeed.json")
    assert snapshot() == before
    assert "Created: 0 reviews, 0 claims, 0 actors, 0 sources, 0 remarks, 0 reports." in output
    assert "Duplicates (reviews already held or repeated): 7." in output


def test_the_claimant_and_claim_date_without_an_appearance_are_kept(tmp_path):
    path = tmp_path / "no-appearance.json"
    path.write_text(json.dumps({
        "@type": "ClaimReview", "url": "https://check.example/1", "claimReviewed": "Xinjiang has no camps.",
        "author": {"@type": "Organization", "name": "Check"}, "inLanguage": "es", "name": "No hay campos",
        "reviewRating": {"alternateName": "Engañoso"}, "datePublished": "2021-06-15",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Xu Guixiang"},
                         "datePublished": "2021-06-10"},
    }), encoding="utf-8")
    run(path)
    found = review("https://check.example/1")
    assert (found.language, found.title, found.verdict) == ("es", "No hay campos", "misleading")
    remark = remark_of(found.claim)
    source = remark.reports.get().source
    assert (remark.speaker.name, remark.date_iso) == ("Xu Guixiang", "2021-06-10")
    assert source.url == "https://check.example/1"  # reported in the review itself
    assert source.publisher == found.reviewer and remark.date_basis


def test_an_appearances_own_author_is_who_published_it_not_who_said_it(tmp_path):
    """As our own export writes it: the claim is the claimant's; a place's author published that place."""
    path = tmp_path / "two-speakers.json"
    path.write_text(json.dumps({
        "@type": "ClaimReview", "url": "https://check.example/2", "claimReviewed": "The camps are schools.",
        "author": "Check", "reviewRating": {"alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": "Ministry of Foreign Affairs", "appearance": [
            {"url": "https://a.example/1"},
            {"url": "https://b.example/2", "author": {"@type": "Person", "name": "Hua Chunying"}},
        ]},
    }), encoding="utf-8")
    run(path)
    said = sorted(Appearance.objects.values_list("source__url", "remark__speaker__name"))
    assert said == [("https://a.example/1", "Ministry of Foreign Affairs"), ("https://b.example/2", "Ministry of Foreign Affairs")]
    assert Remark.objects.count() == 1
    assert list(Source.objects.get(url="https://b.example/2").authors.values_list("name", flat=True)) == ["Hua Chunying"]


def test_without_a_claimant_a_places_author_said_it(tmp_path):
    path = tmp_path / "no-claimant.json"
    path.write_text(json.dumps({
        "@type": "ClaimReview", "url": "https://check.example/4", "claimReviewed": "The camps are closed.",
        "author": "Check", "reviewRating": {"alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "appearance": [
            {"url": "https://b.example/3", "author": {"@type": "Person", "name": "Hua Chunying"}}]},
    }), encoding="utf-8")
    run(path)
    assert list(Remark.objects.values_list("speaker__name", flat=True)) == ["Hua Chunying"]


def test_known_aliases_are_matched_before_an_actor_is_created(seed, tmp_path):
    path = tmp_path / "alias.json"
    path.write_text(json.dumps({
        "@type": "ClaimReview", "url": "https://check.example/3", "claimReviewed": "Training centres are closed.",
        "author": "Check", "reviewRating": {"alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": "Xinjiang regional government"},
    }), encoding="utf-8")
    actors = Actor.objects.count()
    run(path)
    assert Actor.objects.count() == actors + 1  # the fact-checker only
    speaker = remark_of(review("https://check.example/3").claim).speaker
    assert speaker.name == "People's Government of the Xinjiang Uyghur Autonomous Region"


@pytest.mark.parametrize("name,message", [
    ("bad_json.json", r"bad_json\.json: not valid JSON"),
    ("missing_claim_reviewed.json", r"missing_claim_reviewed\.json: \$\[1\]\.claimReviewed: required"),
    ("wrong_types.json", r"wrong_types\.json: \$\.reviewRating\.ratingValue: expected a number"),
])
def test_a_broken_file_names_the_file_and_problem_and_writes_nothing(seed, name, message):
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        run("single.json", name)  # the good file before it is rolled back too
    assert snapshot() == before


GOOD = {"@type": "ClaimReview", "url": "https://x.example/r", "claimReviewed": "x", "author": "Check",
        "reviewRating": {"alternateName": "False"}}


@pytest.mark.parametrize("text,message", [
    (json.dumps({**GOOD, "claimReviewed": ["a list"]}), r"\$\.claimReviewed: expected text, got a list"),
    (json.dumps({**GOOD, "url": 7}), r"\$\.url: expected text, got a number"),
    (json.dumps({**GOOD, "url": "javascript:alert(1)"}), r"\$\.url: 'javascript:alert\(1\)' is not an absolute http"),
    (json.dumps({**GOOD, "url": "/relative/review"}), r"\$\.url: '/relative/review' is not an absolute http"),
    (json.dumps({**GOOD, "reviewRating": "False"}), r"\$\.reviewRating: expected an object"),
    (json.dumps({**GOOD, "itemReviewed": {"@type": "Claim", "author": 42}}),
     r"\$\.itemReviewed\.author: expected a name or an object"),
    (json.dumps({**GOOD, "datePublished": "last week"}), r"\$\.datePublished: 'last week' is not an ISO date"),
    (json.dumps({**GOOD, "datePublished": "2021-06-15garbage"}), r"\$\.datePublished: '2021-06-15garbage' is not"),
    (json.dumps({**GOOD, "datePublished": "99999-01-01"}), r"\$\.datePublished: '99999-01-01' is not"),
    (json.dumps({**GOOD, "datePublished": "2020-1-1"}), r"\$\.datePublished: '2020-1-1' is not"),
    (json.dumps({**GOOD, "claimReviewed": "a\u0000b"}), r"\$\.claimReviewed: contains a NUL character"),
    ('{"@type": "ClaimReview", "url": "https://x.example/r", "claimReviewed": "\\ud800", "author": "C"}',
     r"\$\.claimReviewed: contains a lone surrogate"),
    ('{"@type": "ClaimReview", "url": "https://x.example/a", "url": "https://x.example/b", "claimReviewed": "x"}',
     r"\$\.url: duplicate key"),
    (json.dumps({**GOOD, "reviewRating": {"ratingValue": int("9" * 400)}}), r"\$\.reviewRating\.ratingValue: number too large"),
    (json.dumps({**GOOD, "reviewRating": {"ratingValue": "1e400"}}), r"\$\.reviewRating\.ratingValue: .*too large"),
    # More digits than Python turns into an int: ijson's C parser crashed on it, so it never reaches the parser.
    (json.dumps({**GOOD, "reviewRating": {"ratingValue": 0}}).replace('"ratingValue": 0', '"ratingValue": ' + "9" * 5000),
     r"not valid JSON: more than 4,300 digits in a row"),
    (json.dumps({**GOOD, "reviewRating": {"ratingValue": "Infinity"}}), r"\$\.reviewRating\.ratingValue: not a finite"),
    ('{"@type": "ClaimReview", "url": "https://x.example/r", "claimReviewed": "x", '
     '"reviewRating": {"ratingValue": Infinity}}', r"not valid JSON"),
    (json.dumps({**GOOD, "url": "https://x.example/" + "a" * 3000}), r"\$\.url: longer than 2,048 characters"),
    (json.dumps({**GOOD, "claimReviewed": "a" * 200_000}), r"\$\.claimReviewed: text longer than 100,000"),
    (json.dumps({**GOOD, "inLanguage": "english please"}), r"\$\.inLanguage: 'english please' is not a language tag"),
    ('{"@type": "ClaimReview", "x": ' + "[" * 1500 + "]" * 1500 + "}", r"nested deeper than 100 levels"),
    ("[" * 1500 + "]" * 1500, r"nested deeper than 100 levels"),
    (json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": [{**GOOD, "author": {"name": " "}}]}]}),
     r"\$\.dataFeedElement\[0\]\.item\[0\]\.author\.name: required"),
    (json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": [GOOD, 5]}]}),
     r"\$\.dataFeedElement\[0\]\.item\[1\]: expected an object or a list, got a number"),
    (json.dumps({"@type": "WebPage"}), r"no ClaimReview found"),
    (json.dumps("just text"), r"expected an object or a list, got text"),
    ("", r"not valid JSON|empty file"),
])
def test_hostile_input_is_a_one_line_message_naming_file_item_and_field(tmp_path, text, message):
    path = tmp_path / "wrong.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(CommandError, match=r"wrong\.json: .*" + message) as raised:
        run(path)
    assert "\n" not in str(raised.value) and "Traceback" not in str(raised.value)
    assert Claim.objects.count() == 0 and Review.objects.count() == 0


def test_partial_mode_imports_the_valid_reviews_and_reports_the_others(tmp_path):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([
        {**GOOD, "url": "https://x.example/1", "claimReviewed": "One"},
        {**GOOD, "url": "https://x.example/2", "claimReviewed": ""},
        {**GOOD, "url": "https://x.example/3", "claimReviewed": "Three", "datePublished": "2021-06-15garbage"},
        {**GOOD, "url": "https://x.example/4", "claimReviewed": "Four"},
    ]), encoding="utf-8")
    report = tmp_path / "report.jsonl"
    with pytest.raises(CommandError, match=r"2 review\(s\) rejected; the valid ones were imported"):
        run(path, partial=True, report=str(report))
    assert sorted(Review.objects.values_list("url", flat=True)) == ["https://x.example/1", "https://x.example/4"]
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [(line["where"], line["reason"]) for line in lines] == [
        ("$[1]", "$[1].claimReviewed: empty: nothing says what was claimed"),
        ("$[2]", "$[2].datePublished: '2021-06-15garbage' is not an ISO date (YYYY-MM-DD, optionally with a time)"),
    ]
    assert lines[1]["review"]["url"] == "https://x.example/3"  # the rejected review itself, to fix and re-import
    # Without --partial the same file writes nothing.
    Review.objects.all().delete()
    with pytest.raises(CommandError, match=r"\$\[1\]\.claimReviewed: empty"):
        run(path)
    assert not Review.objects.exists()


def test_an_import_that_stops_early_stops_its_reading_process(tmp_path, monkeypatch):
    """The file is read in a child process, batches ahead: a bad review in the first batch ends both. The file is
    long enough for the child to be still reading (blocked on the full pipe) when the import stops."""
    fork = multiprocessing.get_context("fork")
    readers = []

    class Watched:
        Pipe = staticmethod(fork.Pipe)

        @staticmethod
        def Process(**kwargs):
            readers.append(fork.Process(**kwargs))
            return readers[-1]

    monkeypatch.setattr(claimreview_import.multiprocessing, "get_context", lambda method: Watched)
    monkeypatch.setattr(claimreview_import, "BATCH", 2)
    path = tmp_path / "bad-first.json"
    path.write_text(json.dumps([{**GOOD, "url": "https://x.example/0", "claimReviewed": ""}] + [
        {**GOOD, "url": f"https://x.example/{n}", "claimReviewed": f"Claim {n}"} for n in range(1, 5000)
    ]), encoding="utf-8")
    with pytest.raises(CommandError, match=r"\$\[0\]\.claimReviewed: empty"):
        run(path)
    (reader,) = readers
    assert reader.exitcode == -signal.SIGTERM  # stopped by the importer, not left to finish the file
    assert multiprocessing.active_children() == []
    assert not Review.objects.exists()


def test_a_failure_in_the_reading_process_is_not_taken_for_the_end_of_the_file(monkeypatch):
    def broken(handle):
        raise KeyError("a bug")
        yield

    monkeypatch.setattr(claimreview_import, "read_reviews", broken)
    with pytest.raises(RuntimeError, match="the reading process failed:(.|\n)*KeyError: 'a bug'"):
        run("single.json")
    assert not Review.objects.exists()


def test_the_report_holds_a_rejected_review_nested_too_deep(tmp_path):
    path = tmp_path / "deep.json"
    deep = '{"@type": "ClaimReview", "url": "https://x.example/deep", "x": ' + "[" * 1500 + "]" * 1500 + "}"
    path.write_text(f"[{deep}, {json.dumps(GOOD)}]", encoding="utf-8")
    report = tmp_path / "report.jsonl"
    with pytest.raises(CommandError, match=r"1 review\(s\) rejected"):
        run(path, partial=True, report=str(report))
    (line,) = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert line["where"] == "$[0]" and line["reason"].endswith("nested deeper than 100 levels")
    assert list(Review.objects.values_list("url", flat=True)) == [GOOD["url"]]


STATS = ("role", "remark_count", "appearance_count", "rebuttal_count", "rebuts_count", "evidence_count", "first_seen",
         "first_seen_precision", "last_seen", "last_seen_precision")


def claim_stats():
    return sorted(Claim.objects.values_list("slug", *STATS))


def claims_updated():
    """Claim rows updated in this test's transaction so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'claims_claim'")
        return cursor.fetchone()[0]


def test_new_claims_are_written_with_their_figures_and_the_trigger_keeps_them_right(tmp_path):
    run("single.json", "list.json", "graph.json", "datafeed.json")
    # Written whole: the statistics triggers on remarks and reports found nothing to update (an update
    # re-indexes a claim).
    assert claims_updated() == 0
    claim = review("https://factcheck.example/reviews/camps-are-schools").claim
    # Said once (on the date the review gives), printed in two places (one dated only to its month).
    assert (claim.remark_count, claim.appearance_count, claim.first_seen, claim.first_seen_precision, claim.last_seen,
            claim.last_seen_precision) == (1, 2, datetime.date(2019, 12, 9), "day", datetime.date(2019, 12, 9), "day")
    imported = claim_stats()
    with connection.cursor() as cursor:
        cursor.execute("SELECT claims_refresh_stats(ARRAY(SELECT id FROM claims_claim))")
    assert claim_stats() == imported  # what the trigger computes from the rows themselves
    # A claim already held gains a remark, dated by the place it appeared: the trigger updates its figures.
    path = tmp_path / "again.json"
    path.write_text(json.dumps({**GOOD, "url": "https://x.example/again", "claimReviewed": claim.text,
                                "itemReviewed": {"author": "Shohrat Zakir", "appearance": {
                                    "url": "https://news.example/2018/10/16", "datePublished": "2018-10-16"}}}),
                    encoding="utf-8")
    run(path)
    claim.refresh_from_db()
    assert (claim.remark_count, claim.appearance_count, claim.first_seen, claim.last_seen) == (
        2, 3, datetime.date(2018, 10, 16), datetime.date(2019, 12, 9))
    assert claims_updated() == 1


def test_everything_created_has_its_first_version_in_history(seed):
    models = (Actor, Claim, Source, Review, Remark, Appearance)
    before = {model: set(model.objects.values_list("id", flat=True)) for model in models}
    run("single.json", "list.json", "graph.json", "datafeed.json")
    for model in models:
        history = model.history.model
        created = set(model.objects.values_list("id", flat=True)) - before[model]
        firsts = history.objects.filter(history_change_reason=IMPORT_REASON)
        assert created and sorted(firsts.values_list("id", flat=True)) == sorted(created), model
        for version in firsts:
            assert (version.history_type, version.change_kind, version.changes, version.history_user_id) == (
                "+", "created", [], None)
        # The values the row was written with (copied from memory, not read back from the table).
        fields = [f.attname for f in history._meta.concrete_fields
                  if not f.attname.startswith("history_") and f.attname not in ("change_kind", "changes")]
        assert sorted(firsts.values_list(*fields)) == sorted(model.objects.filter(id__in=created).values_list(*fields))
        assert not history.objects.filter(id__in=before[model], history_change_reason=IMPORT_REASON).exists()


def test_the_statements_per_batch_do_not_grow_with_the_batches(tmp_path, monkeypatch):
    """Each batch runs the same statements (its lookups, one COPY per table written and one per history table),
    however many came before it: nothing is per row."""
    monkeypatch.setattr(claimreview_import, "BATCH", 5)
    monkeypatch.setattr(claimreview_import.ClaimReviewImporter, "_keep_statistics", lambda self: None)  # ANALYZE
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([
        {**GOOD, "url": f"https://x.example/r/{n}", "claimReviewed": f"Claim {n}",
         "itemReviewed": {"author": f"Speaker {n}", "datePublished": "2020-05-01",
                          "appearance": {"url": f"https://news.example/{n}"}}}
        for n in range(20)
    ]), encoding="utf-8")
    copies = []

    def counting_copy(table, columns, rows):
        copies.append(table)
        copy_into(table, columns, rows)

    monkeypatch.setattr(claimreview_import, "copy_into", counting_copy)
    monkeypatch.setattr(history_module, "copy_into", counting_copy)
    per_batch = []
    with CaptureQueriesContext(connection) as queries:
        def batch_done(n):
            per_batch.append((len(queries), len(copies)))
        ClaimReviewImporter(progress=batch_done).import_files([path])
    counts = [(q - q0, c - c0) for (q, c), (q0, c0) in zip(per_batch[1:], per_batch)]
    assert len(counts) == 3 and len(set(counts)) == 1, counts
    # Actors, sources, reviews, reports, remarks and claims, each with its history.
    assert sorted(copies[-12:]) == sorted([
        "sources_actor", "sources_historicalactor", "sources_source", "sources_historicalsource", "claims_review",
        "claims_historicalreview", "claims_appearance", "claims_historicalappearance", "claims_remark",
        "claims_historicalremark", "claims_claim", "claims_historicalclaim"])
    assert counts[0][1] == 12


def test_a_google_fact_check_tools_response_is_read_directly(tmp_path):
    path = tmp_path / "google.json"
    path.write_text(json.dumps({"claims": [{
        "text": "Silchar flooded due to flood jihad", "claimant": "NewsX", "claimDate": "2022-06-20T00:00:00Z",
        "claimReview": [
            {"publisher": {"name": "Alt News", "site": "altnews.in"}, "url": "https://www.altnews.in/a/",
             "title": "Flood jihad", "reviewDate": "2022-07-11T00:00:00Z", "textualRating": "False",
             "languageCode": "en"},
            {"publisher": {"name": "BOOM", "site": "boomlive.in"}, "url": "https://www.boomlive.in/b/",
             "textualRating": "Misleading", "languageCode": "en"},
        ],
    }]}), encoding="utf-8")
    output = run(path)
    assert "Created: 2 reviews, 1 claims" in output  # one claim, reviewed by two organisations
    claim = Claim.objects.get()
    assert sorted(claim.reviews.values_list("reviewer__name", "reviewer__website", "verdict")) == [
        ("Alt News", "https://altnews.in", "false"), ("BOOM", "https://boomlive.in", "misleading"),
    ]
    # Neither review names where NewsX said it: each review's article reports it.
    assert sorted(Appearance.objects.filter(remark__claim=claim).values_list(
        "remark__speaker__name", "remark__date", "source__url")) == [
        ("NewsX", datetime.date(2022, 6, 20), "https://www.altnews.in/a/"),
        ("NewsX", datetime.date(2022, 6, 20), "https://www.boomlive.in/b/"),
    ]
    assert claim.remarks.count() == 1, "one claimant, one date: one remark in two reports"


def _import_in_thread(path, results):
    try:
        call_command("import_claimreview", str(path), stdout=StringIO(), stderr=StringIO())
        results.append("ok")
    except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
        results.append(repr(error))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_once_both_finish_cleanly():
    path = FIXTURES.parent / "claimreview-realdata" / "india_floods_factcheck_api_as_claimreview_feed.json"
    results = []
    threads = [threading.Thread(target=_import_in_thread, args=(path, results)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["ok", "ok"]
    assert Review.objects.count() == 10


@pytest.mark.parametrize("rating,verdict", [
    ({"alternateName": "Pants on Fire"}, "false"),
    ({"alternateName": "FAKE"}, "false"),
    ({"alternateName": "Half-True"}, "misleading"),
    ({"alternateName": "Missing context"}, "misleading"),
    ({"alternateName": "False Context"}, "misleading"),
    ({"alternateName": "No evidence"}, "unsupported"),
    ({"alternateName": "Unverified"}, "unsupported"),
    ({"alternateName": "Mostly true"}, "supported"),
    ({"alternateName": "Correct"}, "accurate"),
    ({"alternateName": "Accurate", "ratingValue": 1}, "accurate"),  # the name wins over the number
    ({"alternateName": "مضلّل"}, "misleading"),
    ({"alternateName": "Engañoso"}, "misleading"),
    ({"alternateName": "Falso: O símbolo representa o certificado."}, "false"),
    ({"alternateName": "Satire", "ratingValue": 1}, "false"),  # deliberately unmapped label: the number decides
    ({"alternateName": "C’est plus compliqué", "ratingValue": 1, "bestRating": 2, "worstRating": 0}, "misleading"),
    ({"alternateName": "Falso", "ratingValue": 5, "bestRating": 1, "worstRating": 5}, "false"),  # inverted scale
    ({"ratingValue": 1}, "false"),
    ({"ratingValue": 5}, "accurate"),
    ({"ratingValue": 0, "worstRating": 0, "bestRating": 10}, "false"),
    ({"ratingValue": 5, "worstRating": 0, "bestRating": 10}, "misleading"),  # mid-scale is mixed, not "unsupported"
    ({"ratingValue": 3, "worstRating": 1, "bestRating": 5}, "misleading"),
    ({"ratingValue": 4, "worstRating": 1, "bestRating": 5}, "supported"),
    ({"ratingValue": "10", "worstRating": "0", "bestRating": "10"}, "accurate"),
    ({"ratingValue": 11, "worstRating": 0, "bestRating": 10}, None),
    ({"ratingValue": -1, "worstRating": -1, "bestRating": -1}, None),
    ({"alternateName": "Satire"}, None),
])
def test_ratings_map_onto_our_scale(rating, verdict):
    (item,) = read_reviews(BytesIO(json.dumps({**GOOD, "reviewRating": rating}).encode()))
    assert (item.review.verdict or None) == verdict


def _across_batches_feed(path):
    """Reviews that share places, claims and URLs across batches of two."""
    def review(n, url=None, claim=None, appearance=None):
        item = {"author": f"Speaker {n % 3}", "datePublished": "2020-05-01"}
        if appearance is not None:
            item["appearance"] = appearance
        return {**GOOD, "url": url or f"https://x.example/r/{n}", "claimReviewed": claim or f"Claim {n}",
                "author": f"Checker {n % 2}", "itemReviewed": item}

    path.write_text(json.dumps([
        review(0, appearance={"url": "https://news.example/first"}),
        review(1, appearance={"url": "https://news.example/shared"}),  # batch 1 ...
        review(2, appearance={"url": "https://news.example/shared"}),  # ... and batch 2: one source
        review(3, appearance={"headline": "Only a title"}),
        review(4, appearance={"headline": "Only a title"}),  # a place known by its title, in the next batch
        review(5, url="https://x.example/r/4"),  # a repeat in the same batch
        review(6, url="https://x.example/r/2"),  # a repeat two batches on
        review(7, claim="Claim 0", appearance={"url": "https://news.example/first"}),  # a claim and place held
    ]), encoding="utf-8")


def _stored():
    return (
        sorted(Source.objects.values_list("slug", "url", "title")),
        sorted(Review.objects.values_list("url", "claim__slug", "reviewer__slug")),
        sorted(Remark.objects.values_list("claim__slug", "speaker__slug", "date")),
        sorted(Appearance.objects.values_list("remark__claim__slug", "remark__speaker__slug", "source__slug")),
        sorted(Claim.objects.values_list("slug", "remark_count", "appearance_count")),
        sorted(Actor.objects.values_list("slug", flat=True)),
    )


def test_batches_written_while_the_next_is_looked_up_store_what_one_batch_stores(tmp_path, monkeypatch):
    """A batch's lookups are made before the batch before it is written (its COPYs go on in a thread): what
    that batch creates must still be found (a source by URL or by title, a review URL), as in one batch."""
    path = tmp_path / "feed.json"
    _across_batches_feed(path)
    stored, counts = {}, {}
    for size in (2, 1000):
        monkeypatch.setattr(claimreview_import, "BATCH", size)
        with pytest.raises(RuntimeError), transaction.atomic():
            counts[size] = ClaimReviewImporter().import_files([path])
            stored[size] = _stored()
            raise RuntimeError("roll back, to import again")
    assert stored[2] == stored[1000]
    assert counts[2].created == counts[1000].created and counts[2].duplicates == counts[1000].duplicates
    assert counts[2].duplicates == 2 and counts[2].created["sources"] == 3 and counts[2].created["claims"] == 5
    sources = stored[2][0]
    assert [url for _, url, _ in sources if url == "https://news.example/shared"] == ["https://news.example/shared"]
    assert len([title for _, url, title in sources if title == "Only a title"]) == 1


def test_the_ids_taken_ahead_are_those_the_rows_get_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(claimreview_import, "BATCH", 2)
    path = tmp_path / "feed.json"
    _across_batches_feed(path)
    before = {model: set(model.objects.values_list("id", flat=True)) for model in (Claim, Source, Review, Remark)}
    ClaimReviewImporter().import_files([path])
    for model, held in before.items():
        created = sorted(set(model.objects.values_list("id", flat=True)) - held)
        assert created == list(range(created[0], created[0] + len(created))), model  # no gaps between batches
    reviews = list(Review.objects.filter(url__startswith="https://x.example/r/").order_by("id")
                   .values_list("url", flat=True))
    assert reviews == [f"https://x.example/r/{n}" for n in (0, 1, 2, 3, 4, 7)]  # in the file's order
