"""Facets at scale: the first values of each facet with a link to all of them, and counts cached for minutes."""
import datetime

import pytest
from django.core.cache import caches
from django.test import override_settings

from claims.facets import FACET_LIMIT
from tests.factories import ClaimFactory, FamilyFactory, RemarkFactory, TopicFactory

pytestmark = pytest.mark.django_db

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
               "counts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "facets-test"}}


def topic_values(response):
    facet = next(f for f in response.context["facets"] if f.name == "topic")
    return facet


def test_a_facet_shows_its_first_values_and_links_to_all_of_them(client):
    for n in range(FACET_LIMIT + 2):
        topic = TopicFactory(name=f"Topic {n:02d}")
        for _ in range(n + 1):
            ClaimFactory().topics.add(topic)
    short = client.get("/claims/")
    facet = topic_values(short)
    assert [v.label for v in facet.values] == [f"Topic {n:02d}" for n in range(FACET_LIMIT + 1, 1, -1)]
    assert '<a href="?more=topic#facet-topic-h">All topic values</a>' in short.content.decode()
    full = topic_values(client.get("/claims/", {"more": "topic"}))
    assert len(full.values) == FACET_LIMIT + 2 and full.more_params is None


@override_settings(CACHES=LOCAL_CACHE)
def test_counts_are_reused_for_a_few_minutes_and_the_page_says_when_they_were_counted(client):
    caches["counts"].clear()
    topic = TopicFactory(slug="labor")
    ClaimFactory().topics.add(topic)
    first = client.get("/claims/", {"q": "", "topic": "labor"})
    ClaimFactory().topics.add(topic)
    later_page = client.get("/claims/", {"topic": "labor", "q": "", "page": "1"})
    assert [v.count for v in topic_values(later_page).values] == [1], "the cached count is reused"
    assert later_page.context["total"] == 1, "the total is counted with the facets"
    assert len(later_page.context["claims"]) == 2, "the results themselves are never stale"
    assert "Counts (and the number of claims found) as of" in later_page.content.decode()
    assert later_page.context["facets_counted_at"] == first.context["facets_counted_at"]
    caches["counts"].clear()
    assert [v.count for v in topic_values(client.get("/claims/", {"topic": "labor"})).values] == [2]


@override_settings(CACHES=LOCAL_CACHE)
def test_the_home_pages_totals_are_counted_every_few_minutes_and_say_so(client):
    caches["counts"].clear()
    ClaimFactory()
    first = client.get("/")
    ClaimFactory()
    again = client.get("/")
    assert first.context["counts"]["claims"] == again.context["counts"]["claims"] == 1
    assert "Counted every few minutes." in again.content.decode()
    caches["counts"].clear()
    assert client.get("/").context["counts"]["claims"] == 2


@override_settings(CACHES=LOCAL_CACHE)
def test_the_timeline_counts_its_years_every_few_minutes_and_lists_every_current_remark(client):
    caches["counts"].clear()
    RemarkFactory(date=datetime.date(2019, 5, 1))
    first = client.get("/timeline/")
    RemarkFactory(date=datetime.date(2019, 6, 1))
    again = client.get("/timeline/")
    assert [(year, n) for year, n, _ in again.context["years"]] == [(2019, 1)], "the year counts are reused"
    assert again.context["counted_at"] == first.context["counted_at"]
    assert "Remarks per year as of" in again.content.decode()
    assert again.content.decode().count('class="event-row') == 2, "the remarks listed are current"
    caches["counts"].clear()
    assert [(year, n) for year, n, _ in client.get("/timeline/").context["years"]] == [(2019, 2)]


@override_settings(CACHES=LOCAL_CACHE)
def test_a_family_counts_its_remarks_per_year_every_few_minutes(client):
    caches["counts"].clear()
    family = FamilyFactory(slug="schools")
    claim = ClaimFactory(family=family)
    RemarkFactory(claim=claim, date=datetime.date(2019, 5, 1), words="They are schools.")
    first = client.get("/families/schools/")
    RemarkFactory(claim=claim, date=datetime.date(2020, 5, 1), words="They are boarding schools.")
    again = client.get("/families/schools/")
    assert again.context["total"] == 1 and again.context["counted_at"] == first.context["counted_at"]
    assert "counted every few minutes" in again.content.decode()
    assert len(again.context["remarks"]) == 2, "the remarks listed are current"
    caches["counts"].clear()
    assert client.get("/families/schools/").context["total"] == 2


@override_settings(CACHES=LOCAL_CACHE)
def test_an_actor_s_remarks_are_counted_every_few_minutes_and_listed_as_they_are(client):
    caches["counts"].clear()
    remark = RemarkFactory(words="The first thing said.")
    speaker = remark.speaker
    first = client.get(speaker.get_absolute_url())
    RemarkFactory(speaker=speaker, words="The second thing said.")
    again = client.get(speaker.get_absolute_url())
    assert again.context["remark_total"] == 1 and again.context["counted_at"] == first.context["counted_at"]
    assert "The second thing said." in again.content.decode(), "the remarks listed are current"
    assert "counted every few minutes" in again.content.decode()
    caches["counts"].clear()
    assert client.get(speaker.get_absolute_url()).context["remark_total"] == 2
