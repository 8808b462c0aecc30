"""/claims/export.csv: the list page's claims for the same query string, one row each."""
import csv
import io

import pytest
from django.http import QueryDict

from claims.filters import ClaimFilter
from claims.models import Claim
from tests.factories import AppearanceFactory, ClaimFactory, RebuttalFactory, TopicFactory

pytestmark = pytest.mark.django_db


def rows(client, query=""):
    response = client.get(f"/claims/export.csv{'?' + query if query else ''}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_one_row_per_claim_with_the_documented_columns(client):
    claim = ClaimFactory(slug="c", text="=HYPERLINK(evil)", verdict="false", verdict_explanation="x", reviewed_on="2020-01-01")
    claim.topics.add(TopicFactory(name="Mass detention"), TopicFactory(name="Forced labor"))
    AppearanceFactory(claim=claim, speaker__name="Zhao", date="2018-08-01", date_precision="month")
    AppearanceFactory(claim=claim, speaker__name="Hua", date="2019-03-04")
    AppearanceFactory(claim=claim, speaker__name="Zhao", date="2020-01-01")
    RebuttalFactory(rebutted=claim)
    RebuttalFactory(rebutted=claim)
    data = rows(client, "verdict=false")
    assert data == [{
        "text": "'=HYPERLINK(evil)",  # a spreadsheet must not read it as a formula
        "verdict": "False",
        "reviews": "Counterclaim: False",
        "first_seen": "2018-08",
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
            AppearanceFactory(claim=claim)

    make(2)
    with django_assert_num_queries(6):  # savepoint, claims, reviews, topics, appearances with speakers, release
        client.get("/claims/export.csv")
    make(10)
    with django_assert_num_queries(6):
        client.get("/claims/export.csv")


def test_the_list_page_links_to_the_csv_of_its_current_filters(seed, client):
    html = client.get("/claims/", {"speaker": "zhao-lijian", "page": "1"}).content.decode()
    assert 'href="/claims/export.csv?speaker=zhao-lijian"' in html
