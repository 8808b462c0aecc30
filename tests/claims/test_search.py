"""Full-text search on PostgreSQL: web-search syntax, ranking, highlights, and the GIN indexes doing the work."""
import pytest
from django.db import connection

from claims.filters import ClaimFilter
from claims.models import SEARCH_CANDIDATES, Claim
from claims.search import search_query
from tests.factories import ClaimFactory, RemarkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def search(text):
    return list(Claim.objects.search(text).order_by("-rank", "text").values_list("text", flat=True))


def test_websearch_phrase_and_exclusion():
    ClaimFactory(text="The camps are vocational schools")
    ClaimFactory(text="The camps are detention facilities")
    RemarkFactory(claim=ClaimFactory(text="Forced labor claims"), words="",
                  reports__quote="It is the lie of the century.")  # found by the words a report prints
    ClaimFactory(text="The century of lies is over")  # same words, not the phrase

    assert search('"lie of the century"') == ["Forced labor claims"]
    assert search("camps -vocational") == ["The camps are detention facilities"]


def test_claim_text_ranks_above_a_passing_quote():
    ClaimFactory(text="Cotton picking is mechanised")
    RemarkFactory(claim=ClaimFactory(text="Exports are normal"), words="cotton is exported")
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
    """The query that picks the claims a search ranks (the claims' own matches, then those of their quotes)."""
    sql, params = Claim.objects.public().search_candidates_sql(search_query("camps"), SEARCH_CANDIDATES)
    with connection.cursor() as cursor:
        # The tables are tiny: make the planner show its options (at 100,000 claims it picks both GIN indexes).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        # On 40 claims, the index of published claims' ids (a bitmap scan) is the cheapest way into every half;
        # dropped inside the test's transaction (and so restored after it), the GIN indexes are the way in.
        cursor.execute("DROP INDEX claim_published_id")
        cursor.execute("ANALYZE " + table)
        cursor.execute("ANALYZE claims_remark")  # a quote reaches its claim through its remark
        # Rows earlier tests wrote and rolled back wait in the GIN pending lists, which the planner counts as cost:
        # flushed, the estimate is the index's own, whatever ran before.
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


def test_the_home_pages_example_searches_find_the_seed_claims(seed, client):
    home = client.get("/").content.decode()
    assert """placeholder='e.g. "lie of the century" or camps -vocational'""" in home
    phrase = client.get("/claims/", {"q": '"lie of the century"'})
    assert [claim.slug for claim in phrase.context["claims"]] == ["forced-labor-is-a-lie"]
    excluding = client.get("/claims/", {"q": "camps -vocational"})
    assert {claim.slug for claim in excluding.context["claims"]} == {
        "camps-are-vocational-training-centers", "un-panel-credible-reports-million-detained",
        "script-for-children-of-detainees", "china-practices-no-different-from-uk-france-us",
        "lawmakers-urge-sanctions-over-xinjiang", "trainees-reformed-by-people-oriented-training",
        "up-to-three-million-detained-since-2017", "survivors-testify-to-torture",
        "detention-centers-are-concentration-camps", "media-should-not-listen-to-one-sided-story",
        "un-should-spread-xinjiang-experience",
    }


@pytest.mark.parametrize("model, index, table", [
    ("claims.Evidence", "evidence_search_gin", "claims_evidence"),
    ("claims.FramingTerm", "framingterm_search_gin", "claims_framingterm"),
    ("sources.Source", "source_search_gin", "sources_source"),
])
def test_the_other_search_documents_use_their_gin_indexes(seed, model, index, table):
    from django.apps import apps

    from claims.search import search_query

    queryset = apps.get_model(model).objects.filter(search_document=search_query("forced labour")).order_by().values("pk")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("ANALYZE " + table)
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


def test_a_search_matching_more_claims_than_it_ranks_says_so(client, monkeypatch):
    """A search ranks the best ClaimFilter.search_limit matches (1,000; here 2): claims whose own words match first,
    chosen among the claims the other filters leave; the page says there were more; the CSV has every match."""
    monkeypatch.setattr(ClaimFilter, "search_limit", 2)
    topic = TopicFactory(slug="textiles")
    ClaimFactory(text="Cotton", context="Cotton and cotton")
    ClaimFactory(text="Cotton is picked by machines")
    last = ClaimFactory(text="Exports of yarn", context="Some cotton was exported")
    last.topics.add(topic)
    RemarkFactory(claim=ClaimFactory(text="Exports are normal", slug="only-quoted"), words="", reports__quote="cotton is exported")

    page = client.get("/claims/", {"q": "cotton"})
    assert page.status_code == 200
    assert [claim.text for claim in page.context["claims"]] == ["Cotton", "Cotton is picked by machines"]
    text = page.content.decode()
    assert "More than 2 claims matching “cotton”" in text
    assert 'id="search-capped"' in text and "download every match as CSV" in text

    filtered = client.get("/claims/", {"q": "cotton", "topic": "textiles"})
    assert [claim.text for claim in filtered.context["claims"]] == ["Exports of yarn"]
    assert "1 claim matching" in filtered.content.decode() and 'id="search-capped"' not in filtered.content.decode()

    csv = b"".join(client.get("/claims/export.csv", {"q": "cotton"}).streaming_content).decode()
    assert all(text in csv for text in ["Cotton is picked", "Exports of yarn", "Exports are normal"])


def test_a_search_below_its_limit_ranks_the_claims_only_quotes_match_too(client):
    ClaimFactory(text="Cotton picking is mechanised")
    RemarkFactory(claim=ClaimFactory(text="Exports are normal"), words="", reports__quote="cotton is exported")
    page = client.get("/claims/", {"q": "cotton"})
    assert [claim.text for claim in page.context["claims"]] == ["Cotton picking is mechanised", "Exports are normal"]
    assert 'id="search-capped"' not in page.content.decode()
