"""Full-text search on PostgreSQL: web-search syntax, ranking, highlights, and the GIN indexes doing the work."""
import pytest
from django.db import connection

from claims.models import Claim
from tests.factories import AppearanceFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def search(text):
    return list(Claim.objects.search(text).order_by("-rank", "text").values_list("text", flat=True))


def test_websearch_phrase_and_exclusion():
    ClaimFactory(text="The camps are vocational schools")
    ClaimFactory(text="The camps are detention facilities")
    AppearanceFactory(claim=ClaimFactory(text="Forced labor claims"), quote="It is the lie of the century.")
    ClaimFactory(text="The century of lies is over")  # same words, not the phrase

    assert search('"lie of the century"') == ["Forced labor claims"]
    assert search("camps -vocational") == ["The camps are detention facilities"]


def test_claim_text_ranks_above_a_passing_quote():
    ClaimFactory(text="Cotton picking is mechanised")
    AppearanceFactory(claim=ClaimFactory(text="Exports are normal"), quote="cotton is exported")
    assert search("cotton")[0] == "Cotton picking is mechanised"


def test_seeded_quote_is_found_and_highlighted(seed, client):
    response = client.get("/claims/", {"q": "lie of the century"})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["total"] == 1
    assert "/claims/forced-labor-is-a-lie/" in page
    assert "<mark>lie</mark>" in page and "<mark>century</mark>" in page


@pytest.mark.parametrize("index, table", [("claim_search_gin", "claims_claim"),
                                          ("appearance_search_gin", "claims_appearance")])
def test_search_uses_the_gin_indexes(seed, index, table):
    queryset = Claim.objects.search("camps").values("pk")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tables are tiny: make the planner show its options
        cursor.execute("ANALYZE " + table)
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
