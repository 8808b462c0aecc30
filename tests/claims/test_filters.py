"""ClaimFilter's facets: counts under the other filters, and appearance filters holding for one appearance."""
import datetime

import pytest
from django.http import QueryDict

from claims.facets import facets
from claims.filters import ClaimFilter
from claims.models import Claim
from tests.factories import (
    ActorFactory, AppearanceFactory, ClaimFactory, EvidenceFactory, RebuttalFactory, SourceFactory, TopicFactory,
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


def test_speaker_facet_counts_only_appearances_inside_the_date_range():
    zhao, wang = ActorFactory(slug="zhao"), ActorFactory(slug="wang")
    claim = ClaimFactory()
    AppearanceFactory(claim=claim, speaker=zhao, date=datetime.date(2019, 1, 1))
    AppearanceFactory(claim=claim, speaker=wang, date=datetime.date(2021, 1, 1))
    assert counts(facets_for("said_after=2020-01-01")["speaker"]) == {"wang": 1}


def test_speaker_and_dates_must_hold_for_one_and_the_same_appearance():
    zhao, wang = ActorFactory(slug="zhao"), ActorFactory(slug="wang")
    claim = ClaimFactory()
    AppearanceFactory(claim=claim, speaker=zhao, date=datetime.date(2019, 1, 1))
    AppearanceFactory(claim=claim, speaker=wang, date=datetime.date(2021, 1, 1))
    matching = ClaimFilter(QueryDict("speaker=zhao&said_after=2020-01-01"), queryset=Claim.objects.all()).qs
    assert list(matching) == []
    matching = ClaimFilter(QueryDict("speaker=zhao&said_before=2020-01-01"), queryset=Claim.objects.all()).qs
    assert list(matching) == [claim]


def test_language_facet_counts_the_quote_language_or_the_source_language():
    chinese = SourceFactory(language="zh")
    AppearanceFactory(source=chinese)
    AppearanceFactory(original_quote="原话", original_language="zh")
    AppearanceFactory()
    assert counts(facets_for("")["language"]) == {"en": 2, "zh": 2}


def test_nul_character_is_a_form_error_not_a_database_error():
    filterset = ClaimFilter(QueryDict("speaker=zh%00ao"), queryset=Claim.objects.all())
    assert not filterset.is_valid()
    assert "NUL" in str(filterset.form.non_field_errors())
