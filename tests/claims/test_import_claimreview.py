"""import_claimreview on ClaimReview as it is found in the wild, on a re-import, and on broken files."""
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.claimreview_import import rating_to_verdict
from claims.models import Appearance, Claim
from sources.models import Actor, Source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claimreview"
pytestmark = pytest.mark.django_db


def run(*files):
    from io import StringIO

    out = StringIO()
    call_command("import_claimreview", *[str(FIXTURES / f) if "/" not in str(f) else str(f) for f in files], stdout=out)
    return out.getvalue()


def snapshot():
    return (
        sorted(Claim.objects.values_list("slug", "verdict", "review_url")),
        sorted(Actor.objects.values_list("slug", flat=True)),
        sorted(Source.objects.values_list("slug", flat=True)),
        Appearance.objects.count(),
    )


def test_a_single_review_with_claim_author_object_and_appearance_list():
    output = run("single.json")
    claim = Claim.objects.get(review_url="https://factcheck.example/reviews/camps-are-schools")
    assert claim.text == "The camps in Xinjiang are boarding schools people attend voluntarily."
    assert claim.slug == "the-camps-in-xinjiang-are-boarding-schools-people-attend-voluntarily"
    assert claim.verdict == "false"  # "Pants on Fire!"
    assert str(claim.reviewed_on) == "2019-12-02"
    assert claim.verdict_explanation == "Leaked directives describe locked dormitories and escape prevention."
    appearances = list(claim.appearances.select_related("speaker", "source").order_by("source__url"))
    # firstAppearance repeats the first appearance: filed once.
    assert [(a.source.url, a.date_iso, a.speaker.name) for a in appearances] == [
        ("https://news.example/2019/12/09/press-conference", "2019-12-09", "Shohrat Zakir"),
        ("https://news.example/2019/12/10/follow-up", "2019-12", "Shohrat Zakir"),
    ]
    assert appearances[0].speaker.kind == "person"
    assert not appearances[0].is_direct_quote
    assert "Created: 1 claims, 1 actors, 2 sources, 2 appearances." in output


def test_a_list_with_text_authors_url_appearances_and_scaled_ratings():
    output = run("list.json")
    cotton = Claim.objects.get(review_url="https://factcheck.example/reviews/cotton-no-forced-labor")
    assert cotton.verdict == "misleading"  # "Mostly False"
    assert cotton.verdict_explanation == "Imported from https://factcheck.example/reviews/cotton-no-forced-labor"
    appearance = cotton.appearances.get()
    assert appearance.source.url == "https://briefing.example/2021-03-25"
    assert appearance.date_iso == "2021-03-25"  # from itemReviewed.datePublished
    assert appearance.speaker.name == "Ministry of Foreign Affairs of the People's Republic of China"
    population = Claim.objects.get(review_url="https://factcheck.example/reviews/population-growth")
    assert population.verdict == "supported"  # no alternateName: 6 on 1..7
    assert population.verdict_explanation == "True for 2010-2018; births collapsed after 2017."
    # The ministry is one actor, reused for the second review.
    assert Actor.objects.filter(name__startswith="Ministry of Foreign Affairs").count() == 1
    assert not Claim.objects.filter(review_url="https://factcheck.example/reviews/pinocchios").exists()
    assert "Skipped: 1 review(s)." in output and "Four Pinocchios" in output
    assert "Reused: 1 actors" in output


def test_a_graph_with_an_old_style_creative_work():
    run("graph.json")
    claim = Claim.objects.get(review_url="https://oldcheck.example/2019/07/uk-france-us")
    assert claim.verdict == "misleading"
    appearance = claim.appearances.select_related("speaker", "source").get()
    assert appearance.speaker.name == "Chinese Embassy in London" and appearance.speaker.kind == "other"
    assert appearance.source.url == "https://embassy.example/statement-2019-07"
    assert appearance.source.title == "Embassy statement on Xinjiang"
    assert appearance.date_iso == "2019-07"


def test_a_data_feed_with_items_as_list_and_object():
    run("datafeed.json")
    hoax = Claim.objects.get(review_url="https://feed.example/review/1")
    assert hoax.verdict == "false"  # "Incorrect"
    assert hoax.appearances.get().speaker.name == "Wang Wenbin"
    mosques = Claim.objects.get(review_url="https://feed.example/review/2")
    assert mosques.verdict == "accurate"
    source = mosques.appearances.get().source
    assert (source.title, source.url, source.published_iso) == ("Cultural erasure", "", "2020-09")


def test_a_second_import_adds_nothing():
    run("single.json", "list.json", "graph.json", "datafeed.json")
    before = snapshot()
    output = run("single.json", "list.json", "graph.json", "datafeed.json")
    assert snapshot() == before
    assert "Created: 0 claims, 0 actors, 0 sources, 0 appearances." in output
    assert output.count("already imported") == 6


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


@pytest.mark.parametrize("document,message", [
    ({"@type": "ClaimReview", "url": "https://x.example", "claimReviewed": ["a list"]}, r"claimReviewed: expected text, got a list"),
    ({"@type": "ClaimReview", "url": 7, "claimReviewed": "x"}, r"\$\.url: expected text, got a number"),
    ({"@type": "ClaimReview", "url": "https://x.example", "claimReviewed": "x", "reviewRating": "False"}, r"reviewRating: expected an object"),
    ({"@type": "ClaimReview", "url": "https://x.example", "claimReviewed": "x", "reviewRating": {"alternateName": "False"},
      "itemReviewed": {"@type": "Claim", "author": 42}}, r"itemReviewed\.author: expected a name or an object"),
    ({"@type": "ClaimReview", "url": "https://x.example", "claimReviewed": "x", "datePublished": "last week",
      "reviewRating": {"alternateName": "False"}}, r"datePublished: 'last week' is not a date"),
    ({"@type": "DataFeed", "dataFeedElement": {"item": []}}, r"dataFeedElement: expected a list"),
    ({"@type": "WebPage"}, r"no ClaimReview found"),
    ("just text", r"expected an object or a list, got text"),
])
def test_wrong_types_are_reported_with_their_place(tmp_path, document, message):
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match=r"wrong\.json: .*" + message):
        run(path)
    assert Claim.objects.count() == 0 and Actor.objects.count() == 0


@pytest.mark.parametrize("rating,verdict", [
    ({"alternateName": "Pants on Fire"}, "false"),
    ({"alternateName": "FAKE"}, "false"),
    ({"alternateName": "Half-True"}, "misleading"),
    ({"alternateName": "Missing context"}, "misleading"),
    ({"alternateName": "No evidence"}, "unsupported"),
    ({"alternateName": "Unverified"}, "unsupported"),
    ({"alternateName": "Mostly true"}, "supported"),
    ({"alternateName": "Correct"}, "accurate"),
    ({"alternateName": "Accurate", "ratingValue": 1}, "accurate"),  # the name wins over the number
    ({"alternateName": "Three Pinocchios", "ratingValue": 2, "worstRating": 1, "bestRating": 5}, "misleading"),
    ({"ratingValue": 1}, "false"),
    ({"ratingValue": 5}, "accurate"),
    ({"ratingValue": 0, "worstRating": 0, "bestRating": 10}, "false"),
    ({"ratingValue": 5, "worstRating": 0, "bestRating": 10}, "unsupported"),
    ({"ratingValue": "10", "worstRating": "0", "bestRating": "10"}, "accurate"),
    ({"ratingValue": 11, "worstRating": 0, "bestRating": 10}, None),
    ({"alternateName": "Four Pinocchios"}, None),
])
def test_ratings_map_onto_our_scale(rating, verdict):
    assert rating_to_verdict(rating) == verdict
