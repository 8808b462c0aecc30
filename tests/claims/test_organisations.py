"""An organisation as speaker includes the people who speak for it (Actor.affiliation), marked as such."""
import pytest

pytestmark = pytest.mark.django_db


def test_the_ministrys_spokespeople_say_the_forced_labor_claims_for_it(seed, client):
    response = client.get("/claims/", {"speaker": "mfa", "topic": "forced-labor"})
    assert response.status_code == 200
    assert [claim.slug for claim in response.context["claims"]] == ["forced-labor-is-a-lie"]
    page = response.content.decode()
    assert '<p class="said-for"><span class="for-org">for Ministry of Foreign Affairs of the PRC:</span> Zhao Lijian</p>' \
        in page
    assert 'href="?speaker=mfa&amp;topic=forced-labor&amp;own_name=true">Only in its own name</a>' in page

    own = client.get("/claims/", {"speaker": "mfa", "topic": "forced-labor", "own_name": "true"})
    assert list(own.context["claims"]) == []
    assert "Count organisations with those who speak for them" in own.content.decode()
    assert client.get("/claims/", {"speaker": "mfa", "own_name": "maybe"}).status_code == 400


def test_the_api_and_the_csv_take_the_same_switch(seed, client):
    slugs = lambda query: [c["slug"] for c in client.get("/api/claims/", query).json()["results"]]  # noqa: E731
    assert slugs({"speaker": "mfa", "topic": "forced-labor"}) == ["forced-labor-is-a-lie"]
    assert slugs({"speaker": "mfa", "topic": "forced-labor", "own_name": "true"}) == []
    rows = b"".join(client.get("/claims/export.csv", {"speaker": "mfa", "topic": "forced-labor"}).streaming_content)
    assert "Allegations of forced labor" in rows.decode()


def test_the_speaker_facet_counts_the_ministry_with_its_spokespeople(seed, client):
    facets = {facet.name: facet for facet in client.get("/claims/").context["facets"]}
    counts = {value.value: value.count for value in facets["speaker"].values}
    own = {facet.name: facet for facet in client.get("/claims/", {"own_name": "true"}).context["facets"]}
    own_counts = {value.value: value.count for value in own["speaker"].values}
    assert counts["mfa"] > own_counts.get("mfa", 0)
    assert counts["mfa"] == client.get("/claims/", {"speaker": "mfa"}).context["total"]
