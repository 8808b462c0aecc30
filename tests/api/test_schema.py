"""The API against its own OpenAPI schema, with schemathesis: no 500s, every response matches the schema."""
import json
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tracker.wsgi import application


def served_schema():
    """The schema exactly as /api/schema/ serves it (built without a request, so no database is needed)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = application  # requests go through Django's WSGI app, in the test's transaction


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: don't let the end of a WSGI request close the test's database connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


STATUSES = Counter()  # every fuzzed response, by operation and status: shown with `pytest -s`


@pytest.fixture(scope="module", autouse=True)
def report_statuses():
    yield
    if STATUSES:
        print("\nschemathesis responses by status:", dict(sorted(STATUSES.items())))


# Valid and invalid inputs (schemathesis' positive and negative modes): no 500, every status documented
# (a 400 or 404 the schema does not list is a contract drift), every body in its documented shape.
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_matches_its_schema(seed, keep_test_connection, case):
    response = case.call()
    STATUSES[(case.operation.label, response.status_code)] += 1
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                             response_schema_conformance])


def test_the_tested_schema_is_the_served_one(client, db):
    assert json.loads(client.get("/api/schema/?format=json").content) == served_schema()


def test_schema_documents_every_endpoint_and_the_claim_filters(client, db):
    data = json.loads(client.get("/api/schema/?format=json").content)
    assert data["openapi"].startswith("3.")
    assert set(data["paths"]) == {
        f"/api/{name}/{suffix}"
        for name in ("claims", "actors", "sources", "topics", "techniques", "framing-terms")
        for suffix in ("", "{slug}/")
    } | {"/api/search/", "/api/match/"}
    assert {p["name"] for p in data["paths"]["/api/search/"]["get"]["parameters"]} == {"q"}
    assert {p["name"] for p in data["paths"]["/api/match/"]["get"]["parameters"]} == {"text"}
    parameters = {p["name"] for p in data["paths"]["/api/claims/"]["get"]["parameters"]}
    assert parameters == {
        "q", "topic", "family", "speaker", "own_name", "speaker_country", "speaker_kind", "technique", "verdict",
        "reviewer", "rating", "language", "said_after", "said_before", "role", "has_evidence", "sort", "page",
    }


def test_docs_page_renders_the_schema_without_scripts(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html  # nothing for the CSP to block
    assert "GET /api/claims/" in html and "said_after" in html and "ClaimDetail" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_schema_documents_the_errors_the_api_really_returns(client, seed):
    data = json.loads(client.get("/api/schema/?format=json").content)
    paths = data["paths"]
    assert set(paths["/api/claims/"]["get"]["responses"]) == {"200", "400", "404", "429"}
    assert set(paths["/api/claims/{slug}/"]["get"]["responses"]) == {"200", "404", "429"}
    assert set(paths["/api/topics/"]["get"]["responses"]) == {"200", "404", "429"}  # no filters: no 400
    # ... and the bodies have the documented shapes.
    bad_filter = client.get("/api/claims/", {"q": "-" * 33, "topic": "no-such-topic"})
    assert bad_filter.status_code == 400
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in bad_filter.json().values())
    assert set(bad_filter.json()) == {"q", "topic"}
    for url in ["/api/claims/no-such-claim/", "/api/claims/?page=999", "/api/topics/?page=two"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert isinstance(response.json()["detail"], str)
