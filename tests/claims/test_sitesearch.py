"""One search over everything, on PostgreSQL with the seed: each search a new user tried and found nothing
for now names exactly what it finds."""
import pytest

from claims.search import query_variants, read_synonyms
from claims.sitesearch import search_everything

pytestmark = pytest.mark.django_db


def slugs(results, kind):
    return [hit.slug for hit in results.section(kind).hits]


def test_the_synonym_list_is_well_formed_and_applied():
    groups = read_synonyms()
    members = [member.lower() for group in groups for member in group]
    assert len(members) == len(set(members)), "a spelling belongs to one group"
    assert query_variants("forced labour") == ["forced labour", "forced labor"]
    assert query_variants("Uighurs") == ["Uighurs", "Uyghurs", "Uigurs", "Uygurs"]
    assert query_variants("MFA") == ["MFA", '"Ministry of Foreign Affairs"', '"Foreign Ministry"']
    assert query_variants("camps -labour") == ["camps -labour"]  # an excluded word stays excluded


def test_forced_labour_finds_the_claims_that_say_labor(seed, client):
    results = search_everything("forced labour")
    assert slugs(results, "claims") == [
        "forced-labor-is-a-lie", "us-bans-xinjiang-cotton-tomatoes-over-forced-labor",
        "uyghurs-forced-into-indoctrination-and-labor",
    ]
    assert slugs(results, "terms") == ["surplus-labor-transfer"]
    assert "<mark>labor</mark>" in str(results.section("claims").hits[0].snippet)
    # The claim finder's q applies the same list.
    finder = client.get("/claims/", {"q": "forced labour"})
    assert {claim.slug for claim in finder.context["claims"]} == set(slugs(results, "claims"))


def test_a_misspelt_speaker_finds_the_speaker_and_suggests_the_name(seed):
    results = search_everything("Zhao Lijan")
    assert slugs(results, "actors") == ["zhao-lijian"]
    assert results.suggestion == "Zhao Lijian"


def test_an_abbreviation_finds_what_it_stands_for(seed):
    results = search_everything("MFA")
    assert slugs(results, "actors")[:5] == ["mfa", "hua-chunying", "zhao-lijian", "geng-shuang", "lu-kang"]
    assert slugs(results, "sources")[:4] == [
        "mfa-statement-voronkov-visit-2019", "mfa-press-conference-2019-11-18", "mfa-press-conference-hua-2018-10",
        "mfa-press-conference-2021-01-14",
    ]
    assert "china-un-broad-consensus-on-counterterrorism" in slugs(results, "claims")


def test_re_education_finds_the_evidence_and_the_terms_that_say_it(seed):
    for spelling in ["re-education", "reeducation"]:
        results = search_everything(spelling)
        assert slugs(results, "evidence") == ["police-files-document-mass-detention", "lawmakers-urge-sanctions-over-xinjiang"]
        assert slugs(results, "terms") == ["vocational-education-and-training-centers", "centers-for-professional-retraining"]


def test_chinese_is_found_inside_evidence_terms_and_aliases(seed):
    results = search_everything("应收尽收")
    assert slugs(results, "evidence") == ["xinjiang-papers-round-up-everyone"]
    assert slugs(results, "terms") == ["round-up-everyone"]
    assert "<mark>应收尽收</mark>" in str(results.section("evidence").hits[0].snippet)
    # A word inside a longer Chinese term: substring matching, where the English parser sees one token.
    assert slugs(search_everything("教育"), "terms") == ["vocational-education-and-training-centers",
                                                        "transformation-through-education"]
    assert slugs(search_everything("赵立坚"), "actors") == ["zhao-lijian"]
    assert slugs(search_everything("习近平"), "actors") == ["xi-jinping"]


def test_speakers_sources_and_glossary_are_searched(seed):
    assert slugs(search_everything("Hua Chunying"), "actors") == ["hua-chunying"]
    # Same rank (the word once in the role), so compared as a set.
    assert set(slugs(search_everything("spokesperson"), "actors")) == {
        "geng-shuang", "hua-chunying", "lu-kang", "morgan-ortagus", "zhao-lijian"}
    assert slugs(search_everything("Global Times"), "sources")[:2] == [
        "gt-editorial-xinjiang-experience-2019", "supchina-rare-leaked-documents-2019"]
    assert slugs(search_everything("Police Files"), "sources")[0] == "xinjiang-police-files-2022"
    assert slugs(search_everything("extremism"), "terms")[0] == "de-extremification"


def test_little_matches_suggests_a_spelling(seed):
    results = search_everything("camps vocatonal")
    assert results.total == 0
    assert results.suggestion == "camps vocational"


def test_the_search_page_counts_each_kind_and_escapes_first(seed, client):
    response = client.get("/search/", {"q": "forced labour"})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"].total == 11
    assert 'href="#claims-h">Claims <span class="count">3</span>' in page
    assert "<mark>labor</mark>" in page
    assert 'href="/claims/?q=forced%20labour"' in page


def test_the_search_page_offers_did_you_mean(seed, client):
    page = client.get("/search/", {"q": "Zhao Lijan"}).content.decode()
    assert 'Did you mean <a href="/search/?q=Zhao%20Lijian">Zhao Lijian</a>?' in page
    assert 'href="/actors/zhao-lijian/"' in page


def test_what_the_user_typed_is_escaped(seed, client):
    page = client.get("/search/", {"q": '<script>alert(1)</script> "camps'}).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("url, params", [
    ("/search/", {"q": "camps " * 2000}), ("/search/", {"q": "camps\x00"}),
    ("/match/", {"text": "camps " * 2000}), ("/match/", {"text": "a\x00b"}),
    ("/api/search/", {"q": "camps " * 2000}), ("/api/match/", {"text": "a\x00b"}),
])
def test_bad_input_is_a_400_with_a_message(seed, client, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    body = response.content.decode()
    assert "at most" in body or "Null characters" in body


def test_the_api_searches_everything(seed, client):
    data = client.get("/api/search/", {"q": "Zhao Lijan"}).json()
    assert data["suggestion"] == "Zhao Lijian"
    actors = next(section for section in data["sections"] if section["kind"] == "actors")
    assert actors["count"] == 1 and actors["hits"][0]["slug"] == "zhao-lijian"
    assert actors["hits"][0]["url"] == "http://testserver/actors/zhao-lijian/"
