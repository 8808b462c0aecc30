"""The one FilterSet behind the claim list page, its CSV export and the JSON API.

Query parameters are part of the public interface: q, topic, speaker,
speaker_country, speaker_kind, technique, verdict, reviewer, rating, language,
said_after, said_before, role, has_evidence, sort.

Each filter carries its own condition as a Q, so the FilterSet, the facets
(claims/facets.py) and the API all read the same definition. Filters on
appearances hold together for one and the same appearance: "said by Zhao
Lijian in 2021" means he said it in 2021.
"""
from functools import reduce
from operator import and_

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django_countries import countries
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from sources.models import Actor, ActorKind
from tracker.languages import Language

from .models import SEARCH_CANDIDATES, Appearance, Claim, ClaimRole, Technique, Topic, Verdict
from .search import validate_search_text


class ClaimFilterForm(forms.Form):
    """Refuses a NUL character in any parameter up front: the database cannot compare text holding one."""

    def full_clean(self):
        if self.is_bound and any("\x00" in value for _, values in self.data.lists() for value in values):
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            self.data = self.data.copy()  # shown back in the form: without the NUL characters
            for name, values in list(self.data.lists()):
                self.data.setlist(name, [value.replace("\x00", "") for value in values])
            self.add_error(None, "The address contains a NUL character, which no filter accepts.")
            return
        super().full_clean()


def is_set(value):
    """Whether a cleaned filter value asks for anything (an empty selection of slugs does not)."""
    return not (value in EMPTY_VALUES or (isinstance(value, QuerySet) and not value))


class ClaimConditionMixin:
    """A filter on claims whose condition is `claim_q(value)`, a Q on Claim."""

    def __init__(self, *args, claim_q, **kwargs):
        self.claim_q = claim_q
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(self.claim_q(value)) if is_set(value) else qs


class AppearanceConditionMixin:
    """A filter on what one appearance must meet: `appearance_q(value)`, a Q on Appearance (or None).

    It does not filter on its own: ClaimFilter.narrow() joins every appearance
    condition that is set into one EXISTS, so they hold for the same appearance.
    """

    def __init__(self, *args, appearance_q, **kwargs):
        self.appearance_q = appearance_q
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs


@extend_schema_field(OpenApiTypes.STR)  # tells the OpenAPI schema these are slugs, not ids
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """One or more slugs: ?topic=forced-labor&topic=mass-detention (any of them)."""

    def __init__(self, **kwargs):
        super().__init__(to_field_name="slug", **kwargs)


class ClaimSlugsFilter(ClaimConditionMixin, SlugsFilter):
    pass


class ClaimChoiceFilter(ClaimConditionMixin, django_filters.ChoiceFilter):
    pass


class ClaimCharFilter(ClaimConditionMixin, django_filters.CharFilter):
    pass


class AppearanceSlugsFilter(AppearanceConditionMixin, SlugsFilter):
    pass


class AppearanceChoiceFilter(AppearanceConditionMixin, django_filters.ChoiceFilter):
    pass


class AppearanceDateRangeFilter(AppearanceConditionMixin, django_filters.DateFromToRangeFilter):
    pass


class SearchFilter(django_filters.CharFilter):
    """`q`: ranked full-text search (ClaimQuerySet.search), which also marks the matching words. It ranks the
    parent's `search_limit` best matches among the claims the other filters leave (ClaimFilter.narrow)."""

    def filter(self, qs, value):
        if not (value and value.strip()):
            return qs
        return qs.search(value, limit=self.parent.search_limit, memo=self.parent.search_memo)


class ClaimOrderingFilter(django_filters.OrderingFilter):
    """`sort`: by relevance when searching, else most rebutted first; undated claims last on date sorts."""

    SORTS = {
        "relevance": ("Relevance (with a search)", [F("rank").desc(), "text"]),
        "most-rebutted": ("Most rebutted", [F("rebuttal_count").desc(), "text"]),
        "most-appearances": ("Most appearances", [F("appearance_count").desc(), "text"]),
        "first-seen": ("First seen (earliest first)", [F("first_seen").asc(nulls_last=True), "text"]),
        "last-seen": ("Last seen (latest first)", [F("last_seen").desc(nulls_last=True), "text"]),
        "text": ("Claim (A–Z)", ["text"]),
    }

    def __init__(self, **kwargs):
        super().__init__(choices=[(name, label) for name, (label, _) in self.SORTS.items()], **kwargs)

    def filter(self, qs, value):
        searching = "rank" in qs.query.annotations
        sorts = [sort for sort in value or [] if sort and (sort != "relevance" or searching)]
        if not sorts:
            sorts = ["relevance" if searching else "most-rebutted"]
        return qs.order_by(*(order for sort in sorts for order in self.SORTS[sort][1]))


def _language_q(code):
    """An appearance is "in" a language when its original quote or its source is."""
    return Q(original_language=code) | Q(source__language=code)


def _said_q(period):
    conditions = []
    if period and period.start:
        conditions.append(Q(date__gte=period.start))
    if period and period.stop:
        conditions.append(Q(date__lte=period.stop))
    return reduce(and_, conditions) if conditions else None


def _has_evidence_q(value):
    return Claim.objects.evidence_q() if value == "true" else ~Claim.objects.evidence_q()


class ClaimFilter(django_filters.FilterSet):
    # `q` first and `sort` last: sorting by relevance reads the rank the search adds.
    q = SearchFilter(
        label="Search", max_length=300, validators=[validate_search_text],
        help_text='Words, "an exact phrase", or -excluded words.',
    )
    topic = ClaimSlugsFilter(
        queryset=Topic.objects.all(), label="Topic",
        claim_q=lambda topics: Q(pk__in=Claim.objects.filter(topics__in=topics).values("pk")),
    )
    technique = ClaimSlugsFilter(
        queryset=Technique.objects.all(), label="Technique",
        claim_q=lambda techniques: Q(pk__in=Claim.objects.filter(techniques__in=techniques).values("pk")),
    )
    speaker = AppearanceSlugsFilter(
        queryset=Actor.objects.all(), label="Speaker", appearance_q=lambda actors: Q(speaker__in=actors),
    )
    speaker_country = AppearanceChoiceFilter(
        choices=list(countries), label="Speaker's country", appearance_q=lambda code: Q(speaker__country=code),
    )
    speaker_kind = AppearanceChoiceFilter(
        choices=ActorKind.choices, label="Kind of speaker", appearance_q=lambda kind: Q(speaker__kind=kind),
    )
    said = AppearanceDateRangeFilter(label="Said between", appearance_q=_said_q)
    language = AppearanceChoiceFilter(choices=Language.choices, label="Language said in", appearance_q=_language_q)
    verdict = ClaimChoiceFilter(
        choices=Verdict.choices, label="Verdict", claim_q=Claim.objects.verdict_q,
        help_text="Claims with a review, by anyone, rated this on our scale.",
    )
    reviewer = ClaimSlugsFilter(
        queryset=Actor.objects.all(), label="Reviewed by", claim_q=Claim.objects.reviewed_by_q,
        help_text="Slug of the organisation that reviewed the claim (counterclaim for our own reviews).",
    )
    rating = ClaimCharFilter(
        max_length=200, label="Original rating", claim_q=Claim.objects.rated_q,
        help_text='A rating label exactly as its reviewer published it (any case), e.g. "Pants on Fire!" or "مضلل".',
    )
    role = ClaimChoiceFilter(choices=ClaimRole.choices, label="Role", claim_q=Claim.objects.role_q)
    # A choice, not a BooleanFilter: that one quietly ignores a value it cannot read (has_evidence=maybe).
    has_evidence = ClaimChoiceFilter(
        choices=[("true", "With evidence"), ("false", "Without evidence")], label="Has evidence", empty_label="Any",
        claim_q=_has_evidence_q,
    )
    sort = ClaimOrderingFilter(label="Sort by", empty_label="Default")

    # How many claims a search ranks (claims.models.SEARCH_CANDIDATES); None ranks every match (the CSV export).
    search_limit = SEARCH_CANDIDATES

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.search_memo = {}  # a search's candidates under each narrowing: the page and its facets share them

    def filter_queryset(self, queryset):
        return self.narrow(queryset, self.form.cleaned_data)

    def narrow(self, queryset, data):
        """`queryset` under every filter in `data` (cleaned values): the facets pass all but their own.

        The search and the sort come last: the search picks the claims it ranks among those the other filters
        leave, and the sort reads its rank."""
        last = ("q", "sort")
        for name, value in data.items():
            if name not in last:
                queryset = self.filters[name].filter(queryset, value)
        condition = self.appearance_condition(data)
        if condition is not None:
            queryset = queryset.filter(Exists(Appearance.objects.filter(condition, claim=OuterRef("pk"))))
        for name in last:
            if name in data:
                queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def appearance_condition(self, data):
        """One Q on Appearance joining every appearance filter set in `data`, or None."""
        conditions = [
            self.filters[name].appearance_q(value) for name, value in data.items()
            if isinstance(self.filters[name], AppearanceConditionMixin) and is_set(value)
        ]
        conditions = [condition for condition in conditions if condition is not None]
        return reduce(and_, conditions) if conditions else None


# ---------------------------------------------------------------- the timeline's filters

class ActorField(forms.CharField):
    """An actor given by slug (what links carry), or by name or alias, capital letters aside (what people type)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if "\x00" in value:
            raise forms.ValidationError("A name cannot contain a NUL character.")
        actor = Actor.objects.filter(Q(slug=value) | Q(name__iexact=value) | Q(aliases__contains=[value])).order_by(
            "pk").first()
        if actor is None:
            raise forms.ValidationError(f"No speaker is called “{value}”. Type a name as the actors page spells it.")
        return actor


class ActorFilter(django_filters.Filter):
    field_class = ActorField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_length=Actor._meta.get_field("name").max_length, **kwargs)


class TimelineFilter(django_filters.FilterSet):
    """What the timeline shows: every quote, or those of one topic and/or one speaker.

    Each filter narrows the quotes by its own field; another (a talking-point family, say) is one more line here.
    """

    topic = django_filters.ModelChoiceFilter(
        field_name="claim__topics", to_field_name="slug", queryset=Topic.objects.order_by("name"),
        empty_label="All topics", label="Topic",
    )
    speaker = ActorFilter(field_name="speaker", label="Speaker", help_text="A name, e.g. Zhao Lijian")

    class Meta:
        model = Appearance
        fields = []
        form = ClaimFilterForm
