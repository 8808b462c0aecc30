"""ClaimReview out: the JSON-LD partial, /claims/<slug>/claimreview.json, and the export feed's round trip."""
import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory

from claims.claimreview import claim_review, reviewed_claims
from claims.models import Claim, Review
from tests.factories import ActorFactory, AppearanceFactory, ClaimFactory, RemarkFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed():
    claim = ClaimFactory(
        slug="camps-are-schools", text="The camps are schools </script><b>&", verdict="misleading",
        verdict_explanation="Locked dormitories.", reviewed_on="2020-02-03",
    )
    minister = ActorFactory(name="Zhao Lijian", kind="person", role="Spokesperson", wikidata_id="Q42")
    ministry = ActorFactory(name="Foreign Ministry", kind="government-body")
    RemarkFactory(
        claim=claim, speaker=ministry, date="2019-01-01", date_precision="year", reports__source=SourceFactory(
            title="White paper", url="", published="2019-01-01", published_precision="year", publisher=ministry),
    )
    remark = RemarkFactory(claim=claim, speaker=minister, date="2018-10-01", date_precision="month", reports=0,
                           record_url="https://fmprc.example/briefing")
    reporter = ActorFactory(name="Wire Reporter", kind="person")
    wire = SourceFactory(title="Wire story", url="https://wire.example/1", published="2018-10-02",
                         publisher=ActorFactory(name="The Wire", kind="independent-media"))
    wire.authors.add(reporter)
    AppearanceFactory(remark=remark, source=wire)
    AppearanceFactory(remark=remark, source=SourceFactory(
        title="Briefing", url="https://fmprc.example/briefing", published="2018-10-09", publisher=ministry))
    return claim


def parse_partial(html):
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html.strip(), re.S)
    assert match, html
    return json.loads(match.group(1))


def test_the_partial_embeds_a_valid_claimreview_field_by_field(reviewed):
    request = RequestFactory().get("/claims/camps-are-schools/")
    claim = reviewed_claims().get(pk=reviewed.pk)
    html = render_to_string("claims/_claimreview_jsonld.html", {"claimreview": claim_review(claim, request)})
    assert "</script><b>" not in html.split(">", 1)[1].rsplit("<", 1)[0]  # nothing can close the script early
    data = parse_partial(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["url"] == "http://testserver/claims/camps-are-schools/"
    assert data["claimReviewed"] == "The camps are schools </script><b>&"
    assert data["datePublished"] == "2020-02-03"
    assert data["author"] == {"@type": "Organization", "name": "Counterclaim", "url": "http://testserver/"}
    assert data["reviewRating"] == {
        "@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1, "alternateName": "Misleading",
    }
    assert data["reviewBody"] == "Locked dormitories."
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    # The claim's author is who said it first (Oct 2018, the spokesperson), at the remark's own precision.
    assert item["author"] == {
        "@type": "Person", "name": "Zhao Lijian", "jobTitle": "Spokesperson", "sameAs": ["https://www.wikidata.org/wiki/Q42"],
    }
    assert item["datePublished"] == "2018-10"
    # The first appearance is the remark's primary record, though the wire story came out a week before it.
    first = item["firstAppearance"]
    assert (first["headline"], first["url"], first["datePublished"]) == (
        "Briefing", "https://fmprc.example/briefing", "2018-10-09")
    assert {w["headline"]: w.get("url") for w in item["appearance"]} == {
        "White paper": None, "Briefing": "https://fmprc.example/briefing", "Wire story": "https://wire.example/1",
    }
    assert all(w["@type"] == "CreativeWork" for w in item["appearance"])
    # Each work under its real author (its authors, else its publisher), never the speaker.
    works = {w["headline"]: w for w in item["appearance"]}
    assert works["Wire story"]["author"] == {"@type": "Person", "name": "Wire Reporter"}
    assert works["Wire story"]["publisher"] == {"@type": "Organization", "name": "The Wire"}
    assert works["Briefing"]["author"] == {"@type": "Organization", "name": "Foreign Ministry"}
    assert works["White paper"]["datePublished"] == "2019"
    assert "Zhao Lijian" not in json.dumps(item["appearance"])


def test_the_partial_renders_nothing_without_a_verdict():
    claim = ClaimFactory()
    assert claim_review(claim) is None
    assert render_to_string("claims/_claimreview_jsonld.html", {"claimreview": claim_review(claim)}).strip() == ""


def test_claimreview_json_endpoint(client, reviewed):
    response = client.get("/claims/camps-are-schools/claimreview.json", HTTP_ORIGIN="https://newsroom.example")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert data["reviewRating"]["alternateName"] == "Misleading"
    assert data["itemReviewed"]["datePublished"] == "2018-10"
    assert client.get(f"/claims/{ClaimFactory().slug}/claimreview.json").status_code == 404  # no verdict
    assert client.get("/claims/nope/claimreview.json").status_code == 404


def test_the_export_feed_reimported_into_an_empty_database_reproduces_the_reviewed_claims(seed, tmp_path):
    feed_path = tmp_path / "feed.json"
    call_command("export_claimreview", str(feed_path), verbosity=0)
    feed = json.loads(feed_path.read_text(encoding="utf-8"))
    assert feed["@type"] == "DataFeed"
    assert len(feed["dataFeedElement"]) == Review.objects.count() > 0

    def reviewed_claims_now():
        result = {}
        for claim in Claim.objects.reviewed().with_reviews().prefetch_related(
            "remarks__speaker", "remarks__reports__source"
        ):
            remarks = sorted(claim.remarks.all(), key=lambda r: (r.date or datetime.date.max, r.pk))
            result[claim.text] = (
                [(r.reviewer.name, r.verdict, r.published, r.explanation, r.language) for r in claim.review_list],
                # ClaimReview names one claimant: who said it first.
                remarks[0].speaker.name if remarks else None,
                sorted({a.source.url or a.source.title for r in claim.remarks.all() for a in r.reports.all()}),
            )
        return result

    before = reviewed_claims_now()
    from tests.claims.test_dataset import empty_database

    empty_database()
    call_command("import_claimreview", str(feed_path), verbosity=0)
    assert reviewed_claims_now() == before

    # And exporting again gives the same feed (the review urls were kept).
    again = tmp_path / "again.json"
    call_command("export_claimreview", str(again), verbosity=0)
    reviews = lambda f: sorted((e["item"][0] for e in json.loads(f.read_text())["dataFeedElement"]), key=lambda r: r["url"])  # noqa: E731
    first, second = reviews(feed_path), reviews(again)
    assert [r["url"] for r in first] == [r["url"] for r in second]
    for a, b in zip(first, second):
        assert a["claimReviewed"] == b["claimReviewed"] and a["reviewRating"] == b["reviewRating"]
        assert a["itemReviewed"]["author"]["name"] == b["itemReviewed"]["author"]["name"]
        # An undated appearance comes back dated by its source's publication date (the CreativeWork's date),
        # so only a claim whose first appearance had a date of its own must keep it exactly.
        if "datePublished" in a["itemReviewed"]:
            assert a["itemReviewed"]["datePublished"] == b["itemReviewed"]["datePublished"], a["url"]


def test_the_claim_page_embeds_its_claimreview(seed, client):
    """What a search engine reads from the page itself, field by field."""
    html = client.get("/claims/forced-labor-is-a-lie/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "ClaimReview"
    assert data["url"] == "http://testserver/claims/forced-labor-is-a-lie/"
    assert data["claimReviewed"].startswith("Allegations of forced labor in Xinjiang are a lie")
    assert data["datePublished"] == "2026-11-20"
    assert data["author"]["name"] == "Counterclaim"
    assert data["reviewRating"] == {
        "@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "False",
    }
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == "Zhao Lijian" and item["author"]["@type"] == "Person"
    assert item["datePublished"] == "2021-01-14"
    # Three sources report his remark: each is an appearance, under its own author; the official transcript
    # (the remark's primary record) is the first.
    assert len(item["appearance"]) == 3
    first = item["firstAppearance"]
    assert first["headline"] == "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on January 14, 2021"
    assert first["datePublished"] == "2021-01-14"
    assert first["publisher"]["name"] == "Ministry of Foreign Affairs of the PRC"
    assert {w["headline"]: w["author"]["name"] for w in item["appearance"]} == {
        first["headline"]: "Zhao Lijian",  # the transcript's author, as the seed records its source
        "China demands US lift Xinjiang cotton, tomato import ban": "Associated Press",  # its publisher: no byline
        "The West Ignored Racial Cleansing in Xinjiang": 'Unnamed author of "The West Ignored Racial Cleansing in Xinjiang"',
    }
