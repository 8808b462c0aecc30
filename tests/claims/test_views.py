"""The browse pages as a reader meets them: what they show, how they fail, and how many queries they cost."""
import datetime
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from tests.factories import (
    ActorFactory, ClaimFactory, EvidenceFactory, FramingTermFactory, RebuttalFactory, RemarkFactory,
    SourceFactory, TechniqueFactory, TopicFactory, build_world,
)

pytestmark = pytest.mark.django_db


def text_of(response):
    return response.content.decode()


def assert_csp_safe(html):
    """The CSP forbids inline script and style: the page must not rely on any.

    JSON-LD data blocks are not scripts the browser runs, so the CSP allows them; nor are scripts
    from our own static files (the copy buttons) inline.
    """
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    html = re.sub(r'<script src="/static/[a-z/]+\.js" defer></script>', "", html)
    assert "<script" not in html
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


# --- The claim list ------------------------------------------------------------------------------

def test_list_shows_claims_with_facet_counts_and_links_that_keep_other_filters(client):
    topic = TopicFactory(name="Forced labor", slug="forced-labor")
    other = TopicFactory(name="Detention", slug="detention")
    for n in range(3):
        ClaimFactory(text=f"Labor claim {n}").topics.add(topic)
    ClaimFactory(text="Detention claim").topics.add(other)

    response = client.get(reverse("claims:claim-list"), {"topic": "forced-labor", "verdict": ""})

    assert response.status_code == 200
    page = text_of(response)
    assert "3 claims" in page
    assert "Labor claim 0" in page and "Detention claim" not in page
    topic_facet = response.context["facets"][[f.name for f in response.context["facets"]].index("topic")]
    counts = {value.value: (value.count, value.selected) for value in topic_facet.values}
    # The topic facet counts ignore the topic filter itself, so the other topic stays choosable.
    assert counts == {"forced-labor": (3, True), "detention": (1, False)}
    assert '<a href="?verdict=">Clear topic</a>' in response.content.decode()
    assert_csp_safe(page)


def test_pagination_keeps_the_filters(client):
    topic = TopicFactory(slug="t")
    for n in range(25):
        ClaimFactory(text=f"Claim {n:02d}").topics.add(topic)
    response = client.get(reverse("claims:claim-list"), {"topic": "t", "sort": "text"})
    assert '<a href="?topic=t&amp;sort=text&amp;page=2" rel="next">' in text_of(response)
    second = client.get("/claims/?topic=t&sort=text&page=2")
    assert second.status_code == 200
    assert [c.text for c in second.context["claims"]] == [f"Claim {n}" for n in range(20, 25)]
    assert 'rel="prev"' in text_of(second)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"said_after": "2019-13-45"}, "Enter a valid date"),
        ({"topic": "no-such-topic"}, "Select a valid choice"),
        ({"speaker": "nobody"}, "Select a valid choice"),
        ({"verdict": "true-ish"}, "Select a valid choice"),
        ({"sort": "random"}, "Select a valid choice"),
        ({"has_evidence": "maybe"}, "Select a valid choice"),
        ({"q": "x" * 10_000}, "at most 300 characters"),
        ({"q": "camps\x00"}, "NUL character"),
        ({"topic": "a\x00b"}, "NUL character"),
        ({"said_before": "\x00"}, "NUL character"),
    ],
)
def test_bad_filter_input_is_a_400_with_a_clear_message(client, params, message):
    ClaimFactory()
    response = client.get(reverse("claims:claim-list"), params)
    assert response.status_code == 400
    page = text_of(response)
    assert 'role="alert"' in page
    assert message in page
    assert "\x00" not in page


def test_page_that_is_not_a_number_is_a_400(client):
    ClaimFactory()
    response = client.get(reverse("claims:claim-list"), {"page": "abc"})
    assert response.status_code == 400
    assert "The page number must be a whole number" in text_of(response)


def test_page_past_the_end_is_a_404_that_links_to_the_last_page(client):
    for _ in range(21):
        ClaimFactory()
    response = client.get(reverse("claims:claim-list"), {"page": "99999", "verdict": ""})
    assert response.status_code == 404
    page = text_of(response)
    assert "There is no page 99999: these results fill 2 pages." in page
    assert '<a href="?page=2&amp;verdict=">Go to the last page</a>' in page


def test_filter_by_speaker_and_date_range(client):
    zhao = ActorFactory(name="Zhao Lijian", slug="zhao-lijian")
    early = RemarkFactory(speaker=zhao, date=datetime.date(2019, 11, 18)).claim
    late = RemarkFactory(speaker=zhao, date=datetime.date(2021, 1, 14)).claim
    RemarkFactory(date=datetime.date(2021, 1, 14))  # someone else, same day

    response = client.get(reverse("claims:claim-list"),
                           {"speaker": "zhao-lijian", "said_after": "2021-01-01", "said_before": "2021-12-31"})

    assert list(response.context["claims"]) == [late]
    assert early.text not in text_of(response)


def test_search_results_show_the_matching_words_highlighted_and_escaped(client):
    claim = ClaimFactory(text="Forced labor is the <b>lie</b> of the century")
    RemarkFactory(claim=claim, words="So-called forced labor is the lie of the century, he said.")
    ClaimFactory(text="Something else")

    response = client.get(reverse("claims:claim-list"), {"q": '"lie of the century"'})

    page = text_of(response)
    assert response.context["total"] == 1
    assert "<mark>lie</mark>" in page
    assert "&lt;b&gt;" in page and "<b>lie</b>" not in page
    assert "<mark>century</mark>, he said" in page  # the quote snippet


# --- The comparison page -------------------------------------------------------------------------

@pytest.fixture
def argument():
    """A talking point, a counterclaim with evidence, a reply to it, and a reply to the reply."""
    point = ClaimFactory(text="The camps are schools", slug="schools", verdict="false",
                         verdict_explanation="Documents show detention.", reviewed_on=datetime.date(2024, 5, 1))
    point.techniques.add(TechniqueFactory(name="Euphemism", definition="A mild word for a harsh thing."))
    point.framing_terms.add(FramingTermFactory(term="vocational training", plain_term="internment"))
    spokesman = ActorFactory(name="Geng Shuang", slug="geng-shuang")
    RemarkFactory(claim=point, speaker=spokesman, words="They are schools.", original_words="它们是学校。",
                  original_language="zh", date=datetime.date(2018, 8, 1), date_precision="month")
    papers = ClaimFactory(text="Leaked papers show no mercy", slug="papers")
    RebuttalFactory(rebutted=point, counterclaim=papers, note="Internal speeches contradict it.")
    leak = SourceFactory(title="The Xinjiang Papers", slug="xinjiang-papers")
    EvidenceFactory(claim=papers, source=leak, excerpt="Absolutely no mercy.", locator="p. 4")
    reply = ClaimFactory(text="Taken out of context", slug="context")
    RebuttalFactory(rebutted=papers, counterclaim=reply)
    deeper = ClaimFactory(text="The context makes it worse", slug="deeper")
    RebuttalFactory(rebutted=reply, counterclaim=deeper)
    return point


def test_comparison_page_shows_claim_and_answers_nested_to_any_depth(client, argument):
    response = client.get(argument.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    claim_side, counter_side = page.split('id="counter-side-h"')
    assert "They are schools." in claim_side and "它们是学校。" in claim_side
    assert '<a class="date" href="/timeline/?year=2018#y2018"><time datetime="2018-08">Aug 2018</time></a>' in claim_side
    assert 'href="/actors/geng-shuang/"' in claim_side
    assert "Leaked papers show no mercy" in counter_side
    assert "Absolutely no mercy." in counter_side and 'href="/sources/xinjiang-papers/"' in counter_side
    # Reply and reply-to-reply nested inside the counterclaim, in that order.
    assert counter_side.index("Leaked papers") < counter_side.index("Taken out of context") < counter_side.index(
        "The context makes it worse")
    assert counter_side.count('class="replies nested"') == 2
    assert "A mild word for a harsh thing." in page and "internment" in page
    assert "Documents show detention." in page
    assert "@misc{counterclaim-schools," in page
    assert_csp_safe(page)


def test_comparison_page_timeline_places_claim_and_counterclaims(client, argument):
    RemarkFactory(claim=argument.rebuttals.get().counterclaim, date=datetime.date(2019, 11, 16))
    page = text_of(client.get(argument.get_absolute_url()))
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "2018" in svg and "2019" in svg
    assert svg.count('class="mark claim-side"') >= 1
    assert svg.count('class="mark counter-side"') == 1
    # The drawing is an image: its links would be out of reach of screen readers, so it has none; the
    # counterclaim it marks is linked in the page.
    assert "<a " not in svg and 'id="reply-papers"' in page


def test_reply_cycles_end_instead_of_looping(client, argument):
    papers = Claim.objects.get(slug="papers")
    RebuttalFactory(rebutted=Claim.objects.get(slug="context"), counterclaim=papers)  # papers answers context: a cycle
    response = client.get(argument.get_absolute_url())
    assert response.status_code == 200
    assert "Shown in full" in text_of(response)


def test_unknown_claim_is_404(client):
    assert client.get("/claims/no-such-claim/").status_code == 404


def test_compare_page_puts_two_claims_side_by_side(client, argument):
    other = ClaimFactory(text="Xinjiang is an internal affair", slug="internal")
    response = client.get(reverse("claims:compare", args=["schools", "internal"]))
    assert response.status_code == 200
    page = text_of(response)
    assert page.index("The camps are schools") < page.index("Xinjiang is an internal affair")
    assert 'href="/compare/internal/schools/"' in page  # swap sides
    assert client.get(reverse("claims:compare", args=["schools", "nope"])).status_code == 404
    assert other.get_absolute_url() in page


# --- Other pages --------------------------------------------------------------------------------

def test_every_page_links_names_sources_and_dates(client, argument):
    topic = TopicFactory(name="Mass detention", slug="mass-detention")
    argument.topics.add(topic)
    technique = argument.techniques.get()
    term = argument.framing_terms.get()
    pages = {
        "/": ["The camps are schools"],
        "/topics/": ['href="/topics/mass-detention/"', "Mass detention"],
        "/techniques/": [f'href="{technique.get_absolute_url()}"', "Euphemism"],
        "/glossary/": [f'id="{term.slug}"', "internment", "/claims/schools/"],
        "/timeline/": ['id="y2018"', "/actors/geng-shuang/", "/claims/schools/"],
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        for snippet in expected:
            assert snippet in text_of(response), (url, snippet)
        assert_csp_safe(text_of(response))
    page = text_of(client.get(technique.get_absolute_url()))
    assert "A mild word for a harsh thing." in page and "They are schools." in page


def test_home_shows_most_rebutted_talking_points_and_counts(client, argument):
    page = text_of(client.get("/"))
    assert "Most-rebutted talking points" in page
    rebutted = page[page.index('id="rebutted-h"'):page.index('id="latest-h"')]
    assert "The camps are schools" in rebutted and "Taken out of context" not in rebutted
    assert "<strong>4</strong> claims" in page


# --- Query counts: pinned, and the same at two data sizes ------------------------------------------

PAGES = {
    # page: (url builder, queries). Each number is what the page needs whatever the number of rows;
    # two of them are the SAVEPOINT/RELEASE of ATOMIC_REQUESTS inside the test's transaction.
    # home: 5 counts, topics, most rebutted (with its reviews), latest.
    "home": (lambda points: "/", 11),
    # list: count, page, reviews, topics, techniques, one query per facet (9), the speaker facet's names.
    "claim list": (lambda points: "/claims/", 17),
    # and: the speaker and topic slugs looked up, who spoke for the chosen speaker on this page (said_for).
    # searched: the claims the search ranks under each narrowing, once each: all the filters (the list and the
    # facets of filters not set), all but the topic, all but the speaker (3).
    "claim list, filtered and searched": (
        lambda points: "/claims/?q=claim&speaker=world-speaker&said_after=2000-01-01&topic=" + points[0].topics.first().slug, 23),
    "claim list, an organisation's speakers": (lambda points: "/claims/?speaker=world-ministry", 19),
    # detail: claim (with its family), its topics, techniques, framing terms, remarks, their reports, the
    # reports' sources' authors (ClaimReview), evidence, what it answers; one query per level of replies shown
    # (REPLY_DEPTH, 3), then all their remarks, reports, evidence and reviews; the claim's own reviews; the
    # authors of the evidence's sources (a citation names them: one query for the counterclaims' evidence, one
    # more when the claim itself has evidence, which these have not); the counterclaims' technique links (the
    # words marked in their quotes); the family's first remark.
    "claim detail": (lambda points: points[0].get_absolute_url(), 22),
    # compare: the same for two claims, without the family line, and one level of replies (direct answers).
    "compare": (lambda points: reverse("claims:compare", args=[points[0].slug, points[-1].slug]), 19),
    # a claim's remarks: the claim (with its family), its technique links, the count, a page of remarks (with
    # their speakers), their reports (with sources), the sources' authors (citations).
    "claim remarks": (lambda points: reverse("claims:claim-remarks", args=[points[0].slug]), 8),
    # topic, technique: the page's own queries, then when it was added and last corrected (from its history).
    "topic": (lambda points: points[0].topics.first().get_absolute_url(), 9),
    "topics": (lambda points: "/topics/", 3),
    # technique: the technique, the count, a page of its claim links with the claims, their remarks, the remarks'
    # reports, their reviews.
    "technique": (lambda points: points[0].techniques.first().get_absolute_url(), 10),
    "techniques": (lambda points: "/techniques/", 3),
    "glossary": (lambda points: "/glossary/", 4),
    # methodology: how many claims carry each verdict, one aggregate.
    "methodology": (lambda points: "/methodology/", 3),
    # timeline: the key events, remarks per year (the year links), the page's ids, its rows, their reports,
    # the topics and the families (the filters' choices).
    "timeline": (lambda points: "/timeline/", 9),
    # search: one query per kind (claims, quotes, evidence, sources, actors, framing terms), each with its count,
    # and the claims the search ranks (one more); then the quotes and evidence shown, read with their claims and
    # sources (sources, actors and terms match nothing here, and a kind's rows are read only when some match).
    "search": (lambda points: "/search/?q=claim", 11),
    # match: the statement's words, the collection's size, each word's claims (one query), the ranking, the claims.
    "match": (lambda points: "/match/?text=claim+said+by+a+speaker", 7),
    # families: one query, each family with its figures.
    "families": (lambda points: "/families/", 3),
    # family: the family, its variants and their reviews, remarks per year and variant (the chart, and the total
    # from it), the first and the latest wording, one page of remarks (with one before) and their reports.
    "family": (lambda points: points[0].family.get_absolute_url(), 10),
}


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_rows(client, django_assert_num_queries, name, size):
    points = build_world(size)
    url_for, queries = PAGES[name]
    url = url_for(points)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_quotes_that_open_with_a_quotation_mark_are_not_double_quoted(client):
    remark = RemarkFactory(words="“Round up everyone,” Chen ordered.")
    page = text_of(client.get(remark.claim.get_absolute_url()))
    assert "““" not in page and "“Round up everyone,” Chen ordered." in page


def test_claim_pages_name_the_role_and_first_date_at_their_precision(seed, client):
    talking_point = client.get("/claims/forced-labor-is-a-lie/").content.decode()
    assert '<span class="role role-talking">Talking point</span>' in talking_point
    assert '<time datetime="2021-01-14">14 Jan 2021</time>' in talking_point
    reply = client.get("/claims/police-files-are-hoax-of-the-century/").content.decode()
    assert "Reply to a counterclaim" in reply
    assert "This is a reply to a counterclaim. It answers:" in reply
    assert '<time datetime="2022-05">May 2022</time>' in reply
    counterclaim = client.get("/claims/xinjiang-papers-round-up-everyone/").content.decode()
    assert '<span class="role role-counter">Counterclaim</span>' in counterclaim
    assert "This is a counterclaim. It answers:" in counterclaim


def test_the_list_says_when_each_claim_was_first_seen_at_its_precision(seed, client):
    html = client.get("/claims/", {"q": "hoax"}).content.decode()
    assert '<time datetime="2022-05">May 2022</time>' in html


LIST_PARAMETERS = [
    "q", "topic", "family", "speaker", "own_name", "speaker_country", "speaker_kind", "technique", "verdict", "reviewer", "rating", "language",
    "said_after", "said_before", "role", "has_evidence", "sort", "page",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(LIST_PARAMETERS), st.text(max_size=40), max_size=5))
def test_no_query_string_makes_the_list_fail(seed, client, params):
    """Whatever anyone puts in the address, the list answers with results or a message, never a 500."""
    response = client.get(reverse("claims:claim-list"), params)
    assert response.status_code in (200, 400, 404)
    if response.status_code != 200:
        assert 'role="alert"' in response.content.decode()


# --- Defects found in review, each pinned -------------------------------------------------------

def test_last_seen_sort_puts_claims_never_said_last_on_the_page_and_in_the_api(client):
    RemarkFactory(claim=ClaimFactory(text="Said in 2019"), date=datetime.date(2019, 1, 1))
    ClaimFactory(text="Never said")
    RemarkFactory(claim=ClaimFactory(text="Said in 2021"), date=datetime.date(2021, 1, 1))
    page = client.get("/claims/", {"sort": "last-seen"})
    assert [c.text for c in page.context["claims"]] == ["Said in 2021", "Said in 2019", "Never said"]
    api = client.get("/api/claims/", {"sort": "last-seen"}).json()
    assert [c["text"] for c in api["results"]] == ["Said in 2021", "Said in 2019", "Never said"]


def test_counting_a_filtered_search_does_not_compute_headlines(client):
    topic = TopicFactory(slug="labor")
    ClaimFactory(text="Forced labor claim").topics.add(topic)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/claims/", {"q": "labor", "topic": "labor"})
    assert response.status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert counts, "the paginator counts the results"
    assert not any("ts_headline" in sql for sql in counts)


def test_the_timeline_draws_replies_in_the_lane_its_label_names(client, argument):
    reply = RemarkFactory(claim=Claim.objects.get(slug="context"), date=datetime.date(2020, 3, 1))
    counter = RemarkFactory(claim=Claim.objects.get(slug="papers"), date=datetime.date(2019, 11, 16))
    page = text_of(client.get("/timeline/"))
    svg = page[page.index("<svg"):page.index("</svg>")]
    lanes = re.findall(r'class="lane-label">([^<]+)</text>', svg)
    assert lanes == ["Talking points", "Replies to counterclaims", "Counterclaims", "Key events"]
    assert svg.count('<g class="mark reply-side">') == 1 and svg.count('<g class="mark counter-side">') == 1
    assert f'<tr class="event-row claim-side" id="remark-{reply.pk}">' in page
    assert f'<tr class="event-row counter-side" id="remark-{counter.pk}">' in page


def test_the_timeline_is_paged_and_a_year_link_opens_its_page(client):
    for n in range(105):
        RemarkFactory(date=datetime.date(2018 if n < 101 else 2020, 1, 1), words=f"quote {n}")
    first = client.get("/timeline/")
    assert first.context["page"].number == 1 and len(first.context["page"].object_list) == 100
    assert 'href="?page=2#y2020"' in text_of(first)
    year = client.get("/timeline/", {"year": "2020"})
    assert year.context["page"].number == 2
    assert client.get("/timeline/", {"page": "9"}).status_code == 404


def test_a_much_answered_claim_pages_its_counterclaims_and_counts_what_each_leaves_out(client):
    from claims.models import ANSWERS_PER_PAGE, REPLIES_SHOWN

    point = ClaimFactory(text="Much answered", slug="much")
    for n in range(ANSWERS_PER_PAGE + 3):
        RebuttalFactory(rebutted=point, counterclaim=ClaimFactory(text=f"Answer {n:02d}"))
    first_answer = Claim.objects.get(text="Answer 00")
    for n in range(REPLIES_SHOWN + 2):
        RebuttalFactory(rebutted=first_answer, counterclaim=ClaimFactory(text=f"Reply {n:02d}"))

    page = text_of(client.get("/claims/much/"))
    assert "Answer 19" in page and "Answer 20" not in page
    assert f"Counterclaims 1–{ANSWERS_PER_PAGE} of {ANSWERS_PER_PAGE + 3}, A–Z." in page
    assert '<a href="?page=2" rel="next">' in page
    assert "Reply 04" in page and "Reply 05" not in page
    assert f'<a href="{first_answer.get_absolute_url()}">2 more replies on its own page</a>' in page
    second = text_of(client.get("/claims/much/", {"page": "2"}))
    assert "Answer 20" in second and "Answer 22" in second and "Answer 19" not in second
    assert client.get("/claims/much/", {"page": "3"}).status_code == 404
