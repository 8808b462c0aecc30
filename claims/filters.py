"""The one FilterSet behind the claim list page, its CSV export and the JSON API.

Query parameters are part of the public interface: q, topic, family, speaker,
own_name, speaker_country, speaker_kind, technique, verdict, reviewer, rating,
language, said_after, said_before, role, has_evidence, sort.

Each filter carries its own condition as a Q, so the FilterSet, the facets
(claims/facets.py) and the API all read the same definition. Filters on
remarks hold together for one and the same remark: "said by Zhao Lijian in
2021" means he said it in 2021. An organisation as speaker includes those who
speak for it (Actor.affiliation), unless own_name=true.
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

from .models import SEARCH_CANDIDATES, Claim, ClaimRole, Family, Remark, Technique, Topic, Verdict
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


class RemarkConditionMixin:
    """A filter on what one remark must meet: `remark_q(value)`, a Q on Remark (or None).

    It does not filter on its own: ClaimFilter.narrow() joins every remark
    condition that is set into one EXISTS, so they hold for the same remark.
    """

    def __init__(self, *args, remark_q, **kwargs):
        self.remark_q = remark_q
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs

    def condition(self, value, data):
        """The Q on Remark for `value`, given every cleaned value in `data` (the speaker reads own_name)."""
        return self.remark_q(value)


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


class RemarkSlugsFilter(RemarkConditionMixin, SlugsFilter):
    pass


class SpeakerFilter(RemarkSlugsFilter):
    """`speaker`: said by these actors or, unless own_name=true, by anyone who speaks for one of them."""

    def condition(self, value, data):
        return self.remark_q(value, own_name=data.get("own_name") == "true")


class RemarkChoiceFilter(RemarkConditionMixin, django_filters.ChoiceFilter):
    pass


class RemarkDateRangeFilter(RemarkConditionMixin, django_filters.DateFromToRangeFilter):
    pass


class ModifierFilter(django_filters.ChoiceFilter):
    """A parameter that changes how another filter reads (own_name: the speaker's): it narrows nothing alone."""

    def filter(self, qs, value):
        return qs


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
        "most-remarks": ("Most often said", [F("remark_count").desc(), "text"]),
        "most-appearances": ("Most often reported", [F("appearance_count").desc(), "text"]),
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
    """A remark is "in" a language when its original words are, or a source that reports it is."""
    return Q(original_language=code) | Q(reports__source__language=code)


def speaker_q(actors, own_name=False):
    """Said by one of `actors` or, unless `own_name`, by someone who speaks for one (Actor.affiliation)."""
    if own_name:
        return Q(speaker__in=actors)
    ids = [actor.pk for actor in actors]
    return Q(speaker__in=Actor.objects.filter(Q(pk__in=ids) | Q(affiliation__in=ids)).values("pk"))


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
    family = ClaimSlugsFilter(
        queryset=Family.objects.all(), label="Talking-point family",
        claim_q=lambda families: Q(family__in=families),
    )
    technique = ClaimSlugsFilter(
        queryset=Technique.objects.all(), label="Technique",
        claim_q=lambda techniques: Q(pk__in=Claim.objects.filter(techniques__in=techniques).values("pk")),
    )
    speaker = SpeakerFilter(
        queryset=Actor.objects.all(), label="Speaker", remark_q=speaker_q,
        help_text="An organisation includes the people who speak for it, unless own_name=true.",
    )
    own_name = ModifierFilter(
        choices=[("true", "Only in its own name")], label="Speaker in its own name", empty_label="Including those who speak for it",
        help_text="true: an organisation as speaker means what it said in its own name, not its spokespeople.",
    )
    speaker_country = RemarkChoiceFilter(
        choices=list(countries), label="Speaker's country", remark_q=lambda code: Q(speaker__country=code),
    )
    speaker_kind = RemarkChoiceFilter(
        choices=ActorKind.choices, label="Kind of speaker", remark_q=lambda kind: Q(speaker__kind=kind),
    )
    said = RemarkDateRangeFilter(label="Said between", remark_q=_said_q)
    language = RemarkChoiceFilter(choices=Language.choices, label="Language said in", remark_q=_language_q)
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
        condition = self.remark_condition(data)
        if condition is not None:
            queryset = queryset.filter(Exists(Remark.objects.filter(condition, claim=OuterRef("pk"))))
        for name in last:
            if name in data:
                queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def remark_condition(self, data):
        """One Q on Remark joining every remark filter set in `data`, or None."""
        conditions = [
            self.filters[name].condition(value, data) for name, value in data.items()
            if isinstance(self.filters[name], RemarkConditionMixin) and is_set(value)
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
    """One actor by slug or name: their remarks and, for an organisation, those of the people who speak for it."""

    field_class = ActorField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_length=Actor._meta.get_field("name").max_length, **kwargs)

    def filter(self, qs, value):
        return qs.filter(speaker_q([value])) if value else qs


class TimelineFilter(django_filters.FilterSet):
    """What the timeline shows: every remark, or those of one topic, one speaker and/or one talking-point family.

    Each filter narrows the remarks by its own field; another is one more line here.
    """

    topic = django_filters.ModelChoiceFilter(
        field_name="claim__topics", to_field_name="slug", queryset=Topic.objects.order_by("name"),
        empty_label="All topics", label="Topic",
    )
    speaker = ActorFilter(label="Speaker", help_text="A name, e.g. Zhao Lijian; an organisation includes its spokespeople")
    family = django_filters.ModelChoiceFilter(
        field_name="claim__family", to_field_name="slug", queryset=Family.objects.order_by("name"),
        empty_label="All talking points", label="Talking point",
    )

    class Meta:
        model = Remark
        fields = []
        form = ClaimFilterForm
