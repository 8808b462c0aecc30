"""The read-only JSON API: the list page's filters, the detail shapes, errors as JSON, CORS, fixed query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Appearance, Claim
from tests.factories import (
    AppearanceFactory, ClaimFactory, EvidenceFactory, FamilyFactory, FramingTermFactory, RebuttalFactory, RemarkFactory,
    TechniqueFactory, TopicFactory,
)

pytestmark = pytest.mark.django_db


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def slugs(client, url):
    return [row["slug"] for row in results(client, url)["results"]]


# ---------------------------------------------------------------- filters: the same as /claims/

def test_list_is_paginated_with_the_list_pages_default_order(seed, client):
    data = results(client, "/api/claims/")
    assert data["count"] == Claim.objects.count()
    assert len(data["results"]) == 25 and data["next"].endswith("?page=2")
    counts = [row["rebuttal_count"] for row in data["results"]]
    assert counts == sorted(counts, reverse=True)  # most rebutted first, as on the page


def test_filters_are_the_claim_filter_ones(seed, client):
    from claims.filters import ClaimFilter

    cases = [
        "verdict=false",
        "role=talking-point",
        "role=counterclaim&has_evidence=true",
        "topic=mass-detention",
    "topic=mass-detention&topic=forced-labor",
        "speaker=government-of-china&said_after=2019-01-01&said_before=2019-12-31",
        "speaker_country=CN&sort=first-seen",
        "speaker_kind=government-body&sort=text",
        "language=zh",
        "q=vocational",
        "q=%22vocational+education%22&sort=relevance",
        "technique=repetition&sort=last-seen",
    ]
    for query in cases:
        from django.http import QueryDict

        expected = ClaimFilter(QueryDict(query), queryset=Claim.objects.all()).qs
        expected_slugs = [c.slug for c in expected][:25]
        assert slugs(client, f"/api/claims/?{query}") == expected_slugs, query
    assert slugs(client, "/api/claims/?verdict=false")
    assert slugs(client, "/api/claims/?q=vocational")


def test_search_finds_words_and_ranks(seed, client):
    found = [row["slug"] for row in results(client, "/api/claims/?q=vocational")["results"]]
    # The claim with the word in its own text ranks above the one that has it only in a quote.
    assert found == ["camps-are-vocational-training-centers", "uyghurs-forced-into-indoctrination-and-labor"]


@pytest.mark.parametrize("query", [
    "verdict=bogus", "said_after=yesterday", "topic=no-such-topic", "sort=sideways",
    "speaker_country=XX", "role=judge", "speaker=nobody", "has_evidence=maybe",
])
def test_invalid_parameters_give_400_json_naming_the_parameter(db, client, query):
    response = client.get(f"/api/claims/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert query.split("=")[0].replace("_after", "") in str(response.json())


@pytest.mark.parametrize("url", ["/api/claims/?page=abc", "/api/claims/?page=999", "/api/claims/nope/", "/api/actors/nope/"])
def test_bad_pages_and_slugs_give_404_json(db, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "detail" in response.json()


# ---------------------------------------------------------------- shapes

def test_claim_detail_has_remarks_with_reports_evidence_and_both_directions_of_rebuttal(db, client):
    talking_point = ClaimFactory(slug="tp", text="The camps are schools", verdict="false",
                                 verdict_explanation="Leaked papers.", reviewed_on="2020-01-01")
    counterclaim = ClaimFactory(slug="cc", text="Leaked papers show they are prisons")
    reply = ClaimFactory(slug="reply", text="The papers are fake")
    RebuttalFactory(rebutted=talking_point, counterclaim=counterclaim, note="documents")
    RebuttalFactory(rebutted=counterclaim, counterclaim=reply)
    counterclaim.family = FamilyFactory(slug="leaks")
    counterclaim.save()
    remark = RemarkFactory(claim=counterclaim, date="2019-08-01", date_precision="month", speaker__name="A reporter",
                           words="They are prisons.", record_url="https://example.org/record", venue="briefing")
    AppearanceFactory(remark=remark, quote="prisons", source__slug="wire")
    EvidenceFactory(claim=counterclaim, excerpt="Round up everyone.")

    data = results(client, "/api/claims/cc/")
    assert data["text"] == "Leaked papers show they are prisons"
    [said] = data["remarks"]
    assert (said["speaker"]["name"], said["date"], said["venue"], said["words"], said["record_url"]) == (
        "A reporter", "2019-08", "briefing", "They are prisons.", "https://example.org/record")
    assert [(r["source"]["slug"], r["quote"]) for r in said["reports"]][-1] == ("wire", "prisons")
    assert len(said["reports"]) == 2
    assert (data["remark_count"], data["appearance_count"], data["family"]) == (1, 2, "leaks")
    assert data["first_seen"] == "2019-08" and data["last_seen"] == "2019-08"
    assert [e["excerpt"] for e in data["evidence"]] == ["Round up everyone."]
    assert [(r["claim"]["slug"], r["note"]) for r in data["rebuts"]] == [("tp", "documents")]
    assert [r["claim"]["slug"] for r in data["rebutted_by"]] == ["reply"]
    assert data["rebuttal_count"] == 1 and data["rebuts_count"] == 1 and data["evidence_count"] == 1
    assert data["claimreview"] is None

    reviewed = results(client, "/api/claims/tp/")
    assert reviewed["verdict"] == "false" and reviewed["verdict_label"] == "False" and reviewed["rating_value"] == 1
    assert reviewed["claimreview"].endswith("/claims/tp/claimreview.json")
    assert client.get(reviewed["claimreview"]).status_code == 200


@pytest.mark.parametrize("endpoint,factory", [
    ("topics", TopicFactory), ("techniques", TechniqueFactory), ("framing-terms", FramingTermFactory),
])
def test_vocabulary_detail_lists_its_claims(db, client, endpoint, factory):
    item = factory()
    field = {"topics": "topics", "techniques": "techniques", "framing-terms": "framing_terms"}[endpoint]
    claim = ClaimFactory()
    getattr(claim, field).add(item)
    listed = results(client, f"/api/{endpoint}/")["results"]
    assert [row["slug"] for row in listed] == [item.slug]
    detail = results(client, listed[0]["url"])
    assert [c["slug"] for c in detail["claims"]] == [claim.slug]


def test_actor_and_source_details_list_their_claims(db, client):
    appearance = AppearanceFactory(remark__speaker__slug="zhao", remark__speaker__country="CN")
    claim = appearance.remark.claim
    evidence = EvidenceFactory(source=appearance.source)
    actor = results(client, "/api/actors/zhao/")
    assert actor["country"] == "CN"
    assert [c["slug"] for c in actor["claims"]] == [claim.slug]
    source = results(client, f"/api/sources/{appearance.source.slug}/")
    assert [c["slug"] for c in source["claims_said"]] == [claim.slug]
    assert [c["slug"] for c in source["claims_backed"]] == [evidence.claim.slug]
    assert source["publisher"]["slug"] == appearance.source.publisher.slug


# ---------------------------------------------------------------- HTTP

def test_get_is_open_to_any_origin(db, client):
    response = client.get("/api/claims/", HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/claims/", HTTP_ORIGIN="https://newsroom.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in client.get("/claims/").headers


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_writes(db, client, method):
    ClaimFactory(slug="c")
    for url in ("/api/claims/", "/api/claims/c/", "/api/actors/"):
        response = getattr(client, method)(url, data={}, content_type="application/json")
        assert response.status_code == 405, (method, url)
    assert Claim.objects.count() == 1


def test_only_json_no_browsable_api(db, client):
    response = client.get("/api/claims/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"


def test_api_root_lists_the_endpoints(db, client):
    data = results(client, "/api/")
    assert set(data) == {"claims", "actors", "sources", "topics", "techniques", "framing-terms"}


# ---------------------------------------------------------------- fixed query counts

def make_claims(n):
    topic, technique = TopicFactory(), TechniqueFactory()
    for _ in range(n):
        claim = ClaimFactory()
        claim.framing_terms.add(FramingTermFactory())
        claim.topics.add(topic)
        claim.techniques.add(technique)
        RemarkFactory(claim=claim, reports=2)
        RemarkFactory(claim=claim)
        EvidenceFactory(claim=claim)
        RebuttalFactory(rebutted=claim)
        RebuttalFactory(counterclaim=claim)
    return claim


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    # ATOMIC_REQUESTS wraps each request in a savepoint inside the test's transaction: not a data query.
    return len([q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))])


# Pinned numbers, whatever the number of rows. The list: count, page, reviews, topics, techniques (and, searching,
# the claims the search ranks).
# The claim detail: the claim (with its family), its reviews, topics, techniques, framing terms, remarks, their
# reports, evidence, rebuts, rebutted-by, and the reviews of the claims on either side (their verdicts).
EXPECTED_QUERIES = {
    "/api/claims/": 5,
    "/api/claims/?q=claim&speaker_country=CN&has_evidence=true": 6,
    "/api/claims/{claim}/": 12,
    "/api/actors/": 2,
    "/api/actors/{speaker}/": 3,
    "/api/sources/": 3,
    "/api/sources/{source}/": 5,
    "/api/topics/": 2,
    "/api/topics/{topic}/": 3,
    "/api/techniques/": 2,
    "/api/framing-terms/": 2,
}


@pytest.mark.parametrize("pattern,expected", EXPECTED_QUERIES.items())
def test_query_counts_do_not_grow_with_the_data(db, client, pattern, expected):
    def url():
        appearance = Appearance.objects.select_related("remark__claim", "remark__speaker").order_by("-pk").first()
        claim = appearance.remark.claim
        return pattern.format(
            claim=claim.slug, speaker=appearance.remark.speaker.slug, source=appearance.source.slug,
            topic=claim.topics.first().slug,
        )

    make_claims(2)
    small = queries(client, url())
    make_claims(12)
    large = queries(client, url())
    assert (small, large) == (expected, expected)


def test_a_claims_own_address_ignores_list_filters(db, client):
    claim = ClaimFactory(verdict="")
    response = client.get(f"/api/claims/{claim.slug}/", {"verdict": "false", "topic": "nothing"})
    assert response.status_code == 200
    assert response.json()["slug"] == claim.slug
