"""Actor and source pages: who said what, over time; what a source holds and what it backs up."""
import datetime

import pytest

from tests.factories import (
    ActorFactory, AppearanceFactory, ClaimFactory, EvidenceFactory, RebuttalFactory, RemarkFactory, SourceFactory,
    build_world,
)

pytestmark = pytest.mark.django_db


def test_actor_page_lists_what_they_said_and_answered_over_time(client):
    ministry = ActorFactory(name="Ministry of Foreign Affairs", slug="mfa", kind="government-body")
    zhao = ActorFactory(name="Zhao Lijian", slug="zhao", role="Spokesperson", affiliation=ministry)
    point = RemarkFactory(speaker=zhao, date=datetime.date(2021, 1, 14), words="A lie of the century.").claim
    answer = RemarkFactory(speaker=zhao, date=datetime.date(2019, 1, 1), date_precision="year",
                           words="Out of context.").claim
    RebuttalFactory(rebutted=ClaimFactory(), counterclaim=answer)

    page = client.get(zhao.get_absolute_url()).content.decode()

    assert "Spokesperson" in page and 'href="/actors/mfa/"' in page
    said = page[page.index('id="said-h"'):]
    # Over time: the 2019 answer comes before the 2021 talking point, each with its role.
    assert said.index(answer.text) < said.index(point.text)
    assert '<time datetime="2019">2019</time>' in said and '<time datetime="2021-01-14">14 Jan 2021</time>' in said
    assert "Counterclaim" in said and "Talking point" in said
    assert 'href="/claims/?speaker=zhao"' in page
    ministry_page = client.get(ministry.get_absolute_url()).content.decode()
    assert 'href="/actors/zhao/"' in ministry_page


def test_source_page_shows_what_was_said_in_it_and_what_it_backs(client):
    source = SourceFactory(title="The Xinjiang Police Files", slug="police-files", published=datetime.date(2022, 5, 1),
                           published_precision="month")
    author = ActorFactory(name="Adrian Zenz", slug="zenz")
    source.authors.add(author)
    said = AppearanceFactory(source=source, quote="The files are a hoax.", remark__venue="press conference")
    backed = EvidenceFactory(source=source, excerpt="Photos of detainees.", locator="image 12")

    page = client.get(source.get_absolute_url()).content.decode()

    assert '<time datetime="2022-05">May 2022</time>' in page
    assert 'href="/actors/zenz/"' in page and f'href="{source.publisher.get_absolute_url()}"' in page
    assert "The files are a hoax." in page and said.get_absolute_url() in page and "press conference" in page
    assert f'href="{said.remark.speaker.get_absolute_url()}"' in page
    assert "Photos of detainees." in page and "image 12" in page and backed.claim.text in page


def test_unknown_actor_and_source_are_404(client):
    assert client.get("/actors/nobody/").status_code == 404
    assert client.get("/sources/nothing/").status_code == 404


PAGES = {
    # actor: actor with affiliation, members, sources published, sources written (+ their publishers),
    # the number of remarks and one page of them, with their reports.
    "actor": (lambda: "/actors/world-speaker/", 9),
    # an organisation: the same, its members' remarks included.
    "organisation": (lambda: "/actors/world-ministry/", 9),
    "actors": (lambda: "/actors/", 3),
    "source": (lambda: "/sources/world-source/", 6),
    # sources: the count and one page of them.
    "sources": (lambda: "/sources/", 4),
}


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_rows(client, django_assert_num_queries, name, size):
    build_world(size)
    with django_assert_num_queries(PAGES[name][1]):
        response = client.get(PAGES[name][0]())
    assert response.status_code == 200


def test_a_prolific_speakers_page_comes_a_page_at_a_time(client):
    from sources.views import REMARKS_PER_PAGE

    speaker = ActorFactory(name="Prolific Spokesperson")
    RemarkFactory.create_batch(REMARKS_PER_PAGE + 3, speaker=speaker)
    first = client.get(speaker.get_absolute_url())
    assert f"What they said, over time ({REMARKS_PER_PAGE + 3} remarks)" in first.content.decode()
    assert first.content.decode().count('class="event ') == REMARKS_PER_PAGE
    second = client.get(speaker.get_absolute_url(), {"page": 2})
    assert second.content.decode().count('class="event ') == 3
    assert client.get(speaker.get_absolute_url(), {"page": "abc"}).status_code == 400
    missing = client.get(speaker.get_absolute_url(), {"page": 9})
    assert missing.status_code == 404 and "There is no page 9" in missing.content.decode()


def test_sources_are_listed_newest_first_with_undated_ones_last(client):
    SourceFactory(title="Undated leaflet", published=None, published_precision="")
    SourceFactory(title="Old report", published=datetime.date(2018, 1, 1), published_precision="year")
    SourceFactory(title="New leak", published=datetime.date(2022, 5, 1), published_precision="month")
    page = client.get("/sources/").content.decode()
    assert page.index("New leak") < page.index("Old report") < page.index("Undated leaflet")


def test_a_bad_page_number_still_says_how_many_quotes_the_actor_has(client):
    speaker = ActorFactory()
    RemarkFactory.create_batch(3, speaker=speaker)
    missing = client.get(speaker.get_absolute_url(), {"page": "9"})
    assert missing.status_code == 404
    assert "What they said, over time (3 remarks)" in missing.content.decode()


def test_the_source_list_comes_a_page_at_a_time(client):
    from sources.views import SOURCES_PER_PAGE

    SourceFactory.create_batch(SOURCES_PER_PAGE + 3)
    first = client.get("/sources/")
    page = first.content.decode()
    assert first.status_code == 200 and len(first.context["object_list"]) == SOURCES_PER_PAGE
    assert f"newest first ({SOURCES_PER_PAGE + 3})" in page and 'href="?page=2"' in page
    second = client.get("/sources/?page=2")
    assert len(second.context["object_list"]) == 3
    shown = {s.pk for s in first.context["object_list"]} | {s.pk for s in second.context["object_list"]}
    assert len(shown) == SOURCES_PER_PAGE + 3  # every source once, none twice
    not_a_number = client.get("/sources/?page=two")
    assert not_a_number.status_code == 400 and "whole number" in not_a_number.content.decode()
    too_far = client.get("/sources/?page=9")
    assert too_far.status_code == 404 and "There is no page 9: these results fill 2 pages." in too_far.content.decode()


# --- One remark, many reports; organisations and the people who speak for them -------------------

def text_between(page, start, end):
    return page[page.index(start):page.index(end, page.index(start))]


def test_a_remark_reported_by_three_sources_is_listed_once_with_its_reports(seed, client):
    page = client.get("/actors/zhao-lijian/").content.decode()
    said = text_between(page, 'id="said-h"', "</section>")
    assert "What they said, over time (2 remarks)" in said
    assert said.count('class="event ') == 2
    lie = text_between(said, "Allegations of forced labor", "</li>")
    assert lie.count("<cite>") == 3
    for source in ("West Ignored Racial Cleansing", "China demands US lift", "Regular Press Conference"):
        assert source in lie, source


def test_an_organisations_page_includes_those_who_speak_for_it_marked_as_such(seed, client):
    page = client.get("/actors/mfa/").content.decode()
    said = text_between(page, 'id="said-h"', "</section>")
    assert "What they and those who speak for them said" in said
    ministry = "Ministry of Foreign Affairs of the PRC"
    assert f'<span class="said-for"><span class="for-org">for {ministry}:</span> ' \
           f'<a href="/actors/zhao-lijian/">Zhao Lijian</a></span>' in said
    assert f'for {ministry}:</span> <a href="/actors/hua-chunying/">Hua Chunying</a>' in said
    # Its own statements are not marked as someone else's.
    own = text_between(said, "broad consensus on counter-terrorism cooperation", "</li>")
    assert "for-org" not in own
    assert 'href="?own_name=true">Only in its own name</a>' in page

    own_page = client.get("/actors/mfa/", {"own_name": "true"}).content.decode()
    own_said = text_between(own_page, 'id="said-h"', "</section>")
    assert "Zhao Lijian" not in own_said and "for-org" not in own_said
    assert "What they said, over time (2 remarks)" in own_said
    assert '<a href="?">Include those who speak for it</a>' in own_page
    assert client.get("/actors/mfa/", {"own_name": "yes"}).status_code == 400


def test_a_person_has_no_switch(seed, client):
    page = client.get("/actors/zhao-lijian/").content.decode()
    assert "Only in its own name" not in page and "for-org" not in page
