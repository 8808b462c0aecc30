"""Searches PostgreSQL's web-search parser cannot take are refused up front: a 400 with a message, never a 500."""
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.search import MAX_SEARCH_OPERATORS, MAX_SEARCH_WORDS, SEARCH_CONFIG, validate_search_text

pytestmark = pytest.mark.django_db

HOSTILE = ["-" * 33, "- " * 33, "-" * 300, "camps " + "-" * 40, "-(-" * 20, "!-" * 33]
FINE = ["camps -vocational", "re-education camps", "-hoax -lie", '"lie of the century" or hoax', "a-b-c-d-e-f-g-h",
        " ".join(["-w"] * MAX_SEARCH_OPERATORS), " ".join(["word"] * MAX_SEARCH_WORDS)]


def parses(text):
    """Whether PostgreSQL's web-search parser accepts `text`, as our search runs it."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)", [SEARCH_CONFIG, text])
        return True
    except Exception:  # noqa: BLE001 - whatever the parser raises
        return False


@pytest.mark.parametrize("text", HOSTILE)
def test_what_the_parser_refuses_is_refused_with_a_message(text):
    assert not parses(text)  # the reason for the limit
    with pytest.raises(ValidationError, match=r"at most 16 times"):
        validate_search_text(text)


@pytest.mark.parametrize("text", FINE)
def test_ordinary_searches_pass(text):
    validate_search_text(text)
    assert parses(text)


def test_too_many_words_are_refused():
    with pytest.raises(ValidationError, match=f"at most {MAX_SEARCH_WORDS} words; this one has 65"):
        validate_search_text(" ".join(["word"] * 65))


@pytest.mark.parametrize("url", ["/claims/", "/claims/export.csv", "/api/claims/"])
@pytest.mark.parametrize("text", ["-" * 33, "- " * 33])
def test_thirty_three_hyphens_are_a_400_with_a_message_everywhere(client, url, text):
    response = client.get(url, {"q": text})
    assert response.status_code == 400
    assert "at most 16 times; this one does 33 times" in response.content.decode()


# Words, operators and the characters around them, in any order: every search either passes the
# validator and parses, or is refused by it. None reaches PostgreSQL to fail there.
PIECES = st.sampled_from(["-", " ", "- ", "--", "or", " or ", '"', "(", ")", "!", "&", "|", ":", "*", "<->", "'",
                          "\\", "camps", "a", "é", "的", "-x", "x-", "!!", "<", ">", "+", "~"])


@given(st.lists(PIECES, max_size=120).map("".join))
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_whatever_the_validator_lets_through_parses(text):
    text = text[:300]
    try:
        validate_search_text(text)
    except ValidationError:
        return
    assert parses(text), text
