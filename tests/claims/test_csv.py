"""/claims/export.csv: the list page's claims for the same query string, one row each."""
import csv
import io

import pytest
from django.http import QueryDict

from claims.filters import ClaimFilter
from claims.models import Claim
from tests.factories import ClaimFactory, RebuttalFactory, RemarkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def rows(client, query=""):
    response = client.get(f"/claims/export.csv{'?' + query if query else ''}")
    assert response.status_code == 200
    assert response.streaming, "the CSV is streamed, whatever the filter matches"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


def test_one_row_per_claim_with_the_documented_columns(client):
    claim = ClaimFactory(slug="c", text="=HYPERLINK(evil)", verdict="false", verdict_explanation="x", reviewed_on="2020-01-01")
    claim.topics.add(TopicFactory(name="Mass detention"), TopicFactory(name="Forced labor"))
    RemarkFactory(claim=claim, speaker__name="Zhao", date="2018-08-01", date_precision="month", reports=2)
    RemarkFactory(claim=claim, speaker__name="Hua", date="2019-03-04")
    RemarkFactory(claim=claim, speaker__name="Zhao", date="2020-01-01")
    RebuttalFactory(rebutted=claim)
    RebuttalFactory(rebutted=claim)
    data = rows(client, "verdict=false")
    assert data == [{
        "text": "'=HYPERLINK(evil)",  # a spreadsheet must not read it as a formula
        "verdict": "False",
        "reviews": "Counterclaim: False",
        "first_seen": "2018-08",
        "remarks": "3",  # said three times, printed four times: the remarks are counted
        "speakers": "Hua; Zhao",
        "topics": "Forced labor; Mass detention",
        "counterclaims": "2",
        "url": "http://testserver/claims/c/",
    }]


def test_the_filters_and_order_are_the_list_pages(seed, client):
    for query in ("", "verdict=false", "role=counterclaim&sort=first-seen", "q=vocational", "topic=forced-labor&sort=text"):
        expected = [c.text for c in ClaimFilter(QueryDict(query), queryset=Claim.objects.all()).qs]
        texts = [row["text"].lstrip("'") for row in rows(client, query)]
        assert texts == expected, query
        assert texts or query  # the unfiltered export is not empty
    assert len(rows(client)) == Claim.objects.count()


def test_invalid_filters_give_400(client):
    response = client.get("/claims/export.csv?verdict=nonsense")
    assert response.status_code == 400
    assert "verdict" in response.json()["errors"]


def test_query_count_does_not_grow(client, django_assert_num_queries):
    def make(n):
        for _ in range(n):
            claim = ClaimFactory()
            claim.topics.add(TopicFactory())
            RemarkFactory(claim=claim)

    make(2)
    with django_assert_num_queries(6):  # savepoint, release; then, streaming: claims, reviews, topics, remarks with speakers
        b"".join(client.get("/claims/export.csv").streaming_content)
    make(10)
    with django_assert_num_queries(6):
        b"".join(client.get("/claims/export.csv").streaming_content)


def test_the_list_page_links_to_the_csv_of_its_current_filters(seed, client):
    html = client.get("/claims/", {"speaker": "zhao-lijian", "page": "1"}).content.decode()
    assert 'href="/claims/export.csv?speaker=zhao-lijian"' in html


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n", " ", '"', "|", "\uff1d", "\uff0b", "\uff0d", "\uff20"])
def test_every_formula_start_is_quoted(client, db, start):
    ClaimFactory(text=f"{start}cmd|' /C calc'!A0")
    assert rows(client)[0]["text"] == f"'{start}cmd|' /C calc'!A0"


def test_ordinary_text_is_left_alone(client, db):
    ClaimFactory(text="Camps are schools")
    assert rows(client)[0]["text"] == "Camps are schools"


def test_the_csv_reads_claims_in_chunks_in_a_fixed_number_of_queries_each(client, django_assert_max_num_queries):
    from claims.exports import CSV_CHUNK

    ClaimFactory.create_batch(CSV_CHUNK + 5)
    with django_assert_max_num_queries(2 * 4 + 2):  # two chunks: claims, their reviews, topics, remarks with speakers
        assert len(rows(client)) == CSV_CHUNK + 5
