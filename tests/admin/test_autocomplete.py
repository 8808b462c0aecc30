"""The admin's autocomplete offers names that match first: its first suggestion is the one Enter picks."""
import pytest
from django.urls import reverse

from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def suggestions(client, term, field_name="speaker"):
    model_name = {"speaker": "remark", "source": "appearance"}[field_name]  # who said it; where it is printed
    response = client.get(reverse("admin:autocomplete"),
                          {"term": term, "app_label": "claims", "model_name": model_name, "field_name": field_name})
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_the_ministry_comes_before_spokespeople_whose_role_mentions_it(seed, editor_client):
    names = suggestions(editor_client, "Ministry of Foreign")
    assert names[0] == "Ministry of Foreign Affairs of the PRC"
    # The spokespeople are still offered (their description names the ministry), after it.
    assert {"Zhao Lijian", "Hua Chunying", "Geng Shuang", "Lu Kang"} <= set(names[1:])


@pytest.mark.parametrize("term, first", [
    ("CGTN", "CGTN"),  # the whole name
    ("zhao", "Zhao Lijian"),  # the name's start, in any case
    ("Lijian", "Zhao Lijian"),  # a word's start, before names that merely contain it or roles that mention it
    ("Foreign Ministry", "Geng Shuang"),  # no name says it: found by role, then A-Z
])
def test_name_matches_come_first(seed, editor_client, term, first):
    assert suggestions(editor_client, term)[0] == first


def test_a_shorter_name_is_the_closer_match(seed, editor_client):
    ActorFactory(name="Zhao Lijian's press office")
    assert suggestions(editor_client, "Zhao Lijian")[:2] == ["Zhao Lijian", "Zhao Lijian's press office"]


def test_sources_are_offered_by_title_first(seed, editor_client):
    titles = suggestions(editor_client, "Xinjiang Police Files", field_name="source")
    assert titles[0] == "The Xinjiang Police Files"
    # Reports about the papers (their summary names them) come after the papers themselves.
    titles = suggestions(editor_client, "Xinjiang Papers", field_name="source")
    assert titles[0] == "The Xinjiang Papers (internal Communist Party documents on Xinjiang)" and len(titles) > 3


@pytest.mark.parametrize("extra", [0, 40])
def test_the_autocomplete_query_count_does_not_grow(seed, editor_client, django_assert_num_queries, extra):
    ActorFactory.create_batch(extra, role="Ministry of Foreign Affairs spokesperson")
    # SAVEPOINT/RELEASE (ATOMIC_REQUESTS in the test's transaction), the session and its user, the count, the rows.
    with django_assert_num_queries(6):
        suggestions(editor_client, "Ministry of Foreign")
