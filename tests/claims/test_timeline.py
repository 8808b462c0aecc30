"""The dataset timeline: readable without hovering, navigable without sight, filterable, with key events."""
import datetime
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import KeyEvent, Remark
from tests.factories import ClaimFactory, RemarkFactory, SourceFactory, TopicFactory, build_world

pytestmark = pytest.mark.django_db


def page_of(client, params=None, status=200):
    response = client.get("/timeline/", params or {})
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def svg_of(html):
    return html[html.index("<svg"):html.index("</svg>") + 6]


class Links(HTMLParser):
    """Every link, and whether it sits inside the drawing."""

    def __init__(self):
        super().__init__()
        self.in_svg, self.inside, self.outside = 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.in_svg += 1
        if tag == "a":
            (self.inside if self.in_svg else self.outside).append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg -= 1


def test_the_drawing_is_an_image_without_links_and_every_quote_is_linked_in_a_table(seed, client):
    html = page_of(client)
    svg = svg_of(html)
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="dataset-timeline-title dataset-timeline-desc"', svg)
    assert '<title id="dataset-timeline-title">Remarks on this page and key events' in svg
    desc = re.search(r'<desc id="dataset-timeline-desc">([^<]+)</desc>', svg).group(1)
    assert desc.startswith("Talking points: ") and "Key events: 6" in desc
    links = Links()
    links.feed(html)
    assert links.inside == []
    quotes = Remark.objects.select_related("claim")
    for remark in quotes:
        assert f"/claims/{remark.claim.slug}/#remark-{remark.pk}" in links.outside
    # A real table: caption, column headers, a row header per quote, a row group per year.
    table = html[html.index('<table class="data-table timeline-table">'):html.index("</table>")]
    assert f"<caption>All {quotes.count()} remarks, earliest first, grouped by year." in table
    assert re.findall(r'<th scope="col">([^<]+)</th>', table) == [
        "Date", "Who", "The claim (its role), and who reported it"]
    assert table.count('<th scope="row" class="event-date">') == quotes.count()
    years = re.findall(r'<tbody id="y(\d{4})">\s*<tr class="year-row"><th scope="rowgroup" colspan="3">(\d{4})</th>', table)
    assert [a for a, b in years] == [b for a, b in years] == ["2018", "2019", "2020", "2021", "2022"]


def test_the_table_lists_quotes_in_date_order_with_who_and_where(seed, client):
    html = page_of(client)
    dates = re.findall(r'<th scope="row" class="event-date"><time datetime="([0-9-]+)">', html)
    assert dates == sorted(dates) and len(dates) == Remark.objects.count()
    zhao = Remark.objects.get(reports__source__slug="mfa-press-conference-2021-01-14")
    row = html[html.index(f'id="remark-{zhao.pk}"'):]
    row = row[:row.index("</tr>")]
    assert '<time datetime="2021-01-14">14 Jan 2021</time>' in row
    assert '<span class="role role-talking">Talking point</span>' in row
    assert '<a href="/actors/zhao-lijian/">Zhao Lijian</a>' in row
    assert "/sources/mfa-press-conference-2021-01-14/" in row and "Allegations of forced labor" in row


def test_lanes_come_from_the_roles_and_key_events_have_their_own(seed, client):
    svg = svg_of(page_of(client))
    assert re.findall(r'class="lane-label">([^<]+)</text>', svg) == [
        "Talking points", "Replies to counterclaims", "Counterclaims", "Key events"]
    assert svg.count('<g class="mark event-side">') == KeyEvent.objects.count() == 6
    # Numbered as in the list, readable without hovering.
    assert re.findall(r'class="mark-number">(\d+)</text>', svg) == ["1", "2", "3", "4", "5", "6"]


def test_key_events_are_listed_with_their_dates_kinds_and_sources(seed, client):
    html = page_of(client)
    section = html[html.index('id="events-h"'):html.index('id="quotes-h"')]
    titles = re.findall(r"<strong>([^<]+)</strong>", section)
    assert titles == [
        "UN racial discrimination committee cites credible reports of a million Uyghurs held",
        "The UN&#x27;s counter-terrorism chief visits Xinjiang",
        "The New York Times publishes the Xinjiang Papers",
        "The US blocks imports of Xinjiang cotton and tomatoes over forced labor",
        "UN High Commissioner Michelle Bachelet begins a six-day visit to China",
        "The Xinjiang Police Files are published",
    ]
    police = section[section.index('id="event-xinjiang-police-files-published-2022"'):]
    assert '<time datetime="2022-05-24">24 May 2022</time>' in police
    assert '<span class="event-kind kind-leak">Leak</span>' in police
    assert 'href="/sources/xinjiang-police-files-2022/"' in police
    assert 'href="https://www.xinjiangpolicefiles.org/" rel="noopener noreferrer">original</a>' in police
    assert "says “last Tuesday”" in police


def test_every_key_event_is_dated_by_a_seed_document(seed):
    """Only events the documents report, each with its exact day and how it is known."""
    for event in KeyEvent.objects.select_related("source"):
        assert event.date_precision == "day" and event.date_basis and event.source_id, event.slug


@pytest.mark.parametrize("speaker", ["zhao-lijian", "Zhao Lijian", "zhao lijian", "赵立坚"])
def test_filter_by_speaker_by_slug_name_or_alias(seed, client, speaker):
    html = page_of(client, {"speaker": speaker})
    rows = re.findall(r'<tr class="event-row [a-z-]+" id="remark-(\d+)">', html)
    expected = Remark.objects.filter(speaker__slug="zhao-lijian")
    assert sorted(map(int, rows)) == sorted(expected.values_list("pk", flat=True)) and len(rows) == 2
    assert f'{len(rows)} remarks said by <a href="/actors/zhao-lijian/">Zhao Lijian</a>, by date' in html
    # The key events stay: the context of what he said.
    assert html.count('class="key-event"') == 6


def test_filter_by_topic_and_speaker_together_and_the_year_links_count_what_is_shown(seed, client):
    html = page_of(client, {"topic": "forced-labor"})
    expected = Remark.objects.filter(claim__topics__slug="forced-labor")
    rows = re.findall(r'<tr class="event-row [a-z-]+" id="remark-(\d+)">', html)
    assert sorted(map(int, rows)) == sorted(expected.values_list("pk", flat=True)) and rows
    counts = dict(re.findall(r'#y(\d{4})">\d{4}</a><span class="count"><span class="visually-hidden">: </span>(\d+)', html))
    assert sum(map(int, counts.values())) == expected.count()
    assert '<option value="forced-labor" selected>' in html
    both = page_of(client, {"topic": "forced-labor", "speaker": "zhao-lijian"})
    assert len(re.findall(r'<tr class="event-row', both)) == expected.filter(speaker__slug="zhao-lijian").count()
    assert 'href="?topic=forced-labor&amp;speaker=zhao-lijian&amp;page=1#y2021"' in both  # year links keep filters


@pytest.mark.parametrize("params, message", [
    ({"topic": "no-such-topic"}, "Select a valid choice"),
    ({"speaker": "Nobody Atall"}, "No speaker is called “Nobody Atall”"),
    ({"speaker": "x\x00y"}, "NUL character"),
    ({"page": "two"}, "whole number"),
    ({"page": "40"}, "There is no page 40"),
])
def test_bad_filters_are_a_400_or_404_with_a_message_never_a_500(seed, client, params, message):
    response = client.get("/timeline/", params)
    assert response.status_code in (400, 404)
    html = response.content.decode()
    assert 'role="alert"' in html and message in html


def test_no_quote_matching_says_so(client):
    TopicFactory(slug="empty")
    RemarkFactory()
    html = page_of(client, {"topic": "empty"})
    assert "No remark matches these filters." in html and "<table" not in html


def test_a_key_event_outside_the_years_shown_is_listed_but_not_drawn(client):
    source = SourceFactory()
    RemarkFactory(date=datetime.date(2019, 3, 1), reports__source=source)
    KeyEvent.objects.create(slug="in", title="Inside", kind="leak", date=datetime.date(2019, 11, 16),
                            date_precision="day")
    KeyEvent.objects.create(slug="out", title="<script>alert(1)</script>", kind="un", date=datetime.date(2022, 8, 31),
                            date_precision="day", description="<b>x</b>")
    html = page_of(client)
    svg = svg_of(html)
    assert svg.count('<g class="mark event-side">') == 1 and "2022" not in svg
    assert 'id="event-out"' in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<b>x</b>" not in html


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("params, queries", [
    # savepoint, release; the key events, the year links, the page's ids, its rows, their reports, the topics and
    # the families for the filters
    ({}, 9),
    # ... and the topic and the speaker the filters name
    ({"topic": "t", "speaker": "world-speaker"}, 11),
])
def test_the_timeline_costs_the_same_queries_at_any_size(client, django_assert_num_queries, size, params, queries):
    points = build_world(size)
    topic = TopicFactory(slug="t")
    for point in points:
        point.topics.add(topic)
    for n in range(size):
        KeyEvent.objects.create(slug=f"e{n}", title=f"Event {n}", kind="leak", date=datetime.date(2019, 1, 1),
                                date_precision="day", source=SourceFactory())
    with django_assert_num_queries(queries):
        html = page_of(client, params)
    assert html.count('class="key-event"') == size
    assert html.count('<tr class="event-row') == Remark.objects.filter(
        **({"claim__topics": topic, "speaker__slug": "world-speaker"} if params else {})).count()


def test_a_key_event_needs_a_date_and_a_known_kind():
    from django.core.exceptions import ValidationError

    event = KeyEvent(slug="x", title="X", kind="rumour", date=datetime.date(2020, 2, 1), date_precision="month")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert set(error.value.message_dict) == {"kind"}
    ClaimFactory()  # unrelated rows do not matter
    event.kind = "leak"
    event.full_clean()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["topic", "speaker", "page", "year"]), st.text(max_size=300), max_size=3))
def test_no_query_string_makes_the_timeline_fail(seed, client, params):
    response = client.get("/timeline/", params)
    assert response.status_code in (200, 400, 404)
    if response.status_code != 200:
        assert 'role="alert"' in response.content.decode()
