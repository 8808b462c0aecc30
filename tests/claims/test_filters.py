"""ClaimFilter's facets: counts under the other filters, remark filters holding for one remark, and an
organisation as speaker including the people who speak for it."""
import datetime

import pytest
from django.http import QueryDict

from claims.facets import facets
from claims.filters import ClaimFilter
from claims.models import Claim
from tests.factories import (
    ActorFactory, AppearanceFactory, ClaimFactory, EvidenceFactory, FamilyFactory, RebuttalFactory, RemarkFactory, SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def facets_for(query):
    filterset = ClaimFilter(QueryDict(query), queryset=Claim.objects.all())
    assert filterset.is_valid(), filterset.form.errors
    return {facet.name: facet for facet in facets(filterset, QueryDict(query))[0]}


def url(params):
    """What {% querystring params %} renders."""
    return "?" + params.urlencode()


def counts(facet):
    return {value.value: value.count for value in facet.values}


def test_each_facet_counts_under_every_filter_but_its_own():
    labor = TopicFactory(slug="labor")
    point = ClaimFactory(verdict="false", verdict_explanation="x", reviewed_on=datetime.date(2024, 1, 1))
    point.topics.add(labor)
    counter = ClaimFactory()
    counter.topics.add(labor)
    RebuttalFactory(rebutted=point, counterclaim=counter)
    EvidenceFactory(claim=counter)
    ClaimFactory()  # no topic, talking point

    found = facets_for("topic=labor&role=counterclaim")

    assert counts(found["role"]) == {"talking-point": 1, "counterclaim": 1}  # within the topic
    assert counts(found["topic"]) == {"labor": 1}  # within counterclaims
    assert counts(found["has_evidence"]) == {"true": 1}
    assert url(found["role"].clear_params) == "?topic=labor"
    selected = [value for value in found["role"].values if value.selected]
    assert [value.value for value in selected] == ["counterclaim"]
    assert url(selected[0].params) == "?topic=labor"  # choosing it again un-chooses it


def test_multi_value_facets_add_to_the_selection():
    a, b = TopicFactory(slug="a"), TopicFactory(slug="b")
    ClaimFactory().topics.add(a)
    ClaimFactory().topics.add(b)
    urls = {value.value: url(value.params) for value in facets_for("topic=a")["topic"].values}
    assert urls == {"a": "?", "b": "?topic=a&topic=b"}


def test_speaker_facet_counts_only_remarks_inside_the_date_range():
    zhao, wang = ActorFactory(slug="zhao"), ActorFactory(slug="wang")
    claim = ClaimFactory()
    RemarkFactory(claim=claim, speaker=zhao, date=datetime.date(2019, 1, 1))
    RemarkFactory(claim=claim, speaker=wang, date=datetime.date(2021, 1, 1))
    assert counts(facets_for("said_after=2020-01-01")["speaker"]) == {"wang": 1}


def test_speaker_and_dates_must_hold_for_one_and_the_same_remark():
    zhao, wang = ActorFactory(slug="zhao"), ActorFactory(slug="wang")
    claim = ClaimFactory()
    RemarkFactory(claim=claim, speaker=zhao, date=datetime.date(2019, 1, 1))
    RemarkFactory(claim=claim, speaker=wang, date=datetime.date(2021, 1, 1))
    matching = ClaimFilter(QueryDict("speaker=zhao&said_after=2020-01-01"), queryset=Claim.objects.all()).qs
    assert list(matching) == []
    matching = ClaimFilter(QueryDict("speaker=zhao&said_before=2020-01-01"), queryset=Claim.objects.all()).qs
    assert list(matching) == [claim]


def test_language_facet_counts_the_original_words_or_a_reporting_sources_language():
    chinese = SourceFactory(language="zh")
    RemarkFactory(reports__source=chinese)
    RemarkFactory(original_words="原话", original_language="zh")
    remark = RemarkFactory()  # reported in English, and also by a Chinese source
    RemarkFactory(claim=remark.claim, reports=0)
    AppearanceFactory(remark=remark, source=SourceFactory(language="zh"))
    assert counts(facets_for("")["language"]) == {"en": 2, "zh": 3}
    assert ClaimFilter(QueryDict("language=zh"), queryset=Claim.objects.all()).qs.count() == 3


def test_nul_character_is_a_form_error_not_a_database_error():
    filterset = ClaimFilter(QueryDict("speaker=zh%00ao"), queryset=Claim.objects.all())
    assert not filterset.is_valid()
    assert "NUL" in str(filterset.form.non_field_errors())


# --- Organisations: a speaker includes the people who speak for it, unless own_name=true ---------

@pytest.fixture
def ministry_and_spokesperson():
    ministry = ActorFactory(slug="mfa", name="Ministry", kind="government-body")
    zhao = ActorFactory(slug="zhao", name="Zhao", affiliation=ministry)
    labor = TopicFactory(slug="forced-labor")
    said_by_zhao = RemarkFactory(speaker=zhao, claim__text="A lie of the century").claim
    said_by_zhao.topics.add(labor)
    said_by_ministry = RemarkFactory(speaker=ministry, claim__text="A statement").claim
    RemarkFactory(claim=said_by_ministry, speaker=zhao)  # said by both: counted once
    RemarkFactory(speaker=ActorFactory(slug="other"))
    return said_by_zhao, said_by_ministry


def test_an_organisation_as_speaker_includes_its_spokespeople(ministry_and_spokesperson):
    said_by_zhao, said_by_ministry = ministry_and_spokesperson
    claims = lambda query: set(ClaimFilter(QueryDict(query), queryset=Claim.objects.all()).qs)  # noqa: E731
    assert claims("speaker=mfa") == {said_by_zhao, said_by_ministry}
    assert claims("speaker=mfa&topic=forced-labor") == {said_by_zhao}
    assert claims("speaker=mfa&own_name=true") == {said_by_ministry}
    assert claims("speaker=mfa&own_name=true&topic=forced-labor") == set()
    assert claims("speaker=zhao") == {said_by_zhao, said_by_ministry}, "a person is only themselves"
    assert not ClaimFilter(QueryDict("speaker=mfa&own_name=yes"), queryset=Claim.objects.all()).is_valid()


def test_the_speaker_facet_counts_an_organisation_with_its_spokespeople_as_the_filter_selects(
        ministry_and_spokesperson):
    assert counts(facets_for("")["speaker"]) == {"mfa": 2, "zhao": 2, "other": 1}
    assert counts(facets_for("own_name=true")["speaker"]) == {"mfa": 1, "zhao": 2, "other": 1}
    # The count is what choosing it gives, under the other filters.
    assert counts(facets_for("topic=forced-labor")["speaker"]) == {"mfa": 1, "zhao": 1}


def test_the_speaker_and_dates_hold_for_one_remark_by_a_spokesperson_too():
    ministry = ActorFactory(slug="mfa", kind="government-body")
    zhao = ActorFactory(slug="zhao", affiliation=ministry)
    claim = ClaimFactory()
    RemarkFactory(claim=claim, speaker=zhao, date=datetime.date(2019, 1, 1))
    RemarkFactory(claim=claim, speaker=ActorFactory(), date=datetime.date(2021, 1, 1))
    assert not ClaimFilter(QueryDict("speaker=mfa&said_after=2020-01-01"), queryset=Claim.objects.all()).qs.exists()
    assert ClaimFilter(QueryDict("speaker=mfa&said_before=2020-01-01"), queryset=Claim.objects.all()).qs.exists()


def test_a_family_filter_gives_its_wordings():
    family = FamilyFactory(slug="vocational-training")
    wording = ClaimFactory(family=family)
    ClaimFactory()
    assert list(ClaimFilter(QueryDict("family=vocational-training"), queryset=Claim.objects.all()).qs) == [wording]
