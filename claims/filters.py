"""The one FilterSet behind the claim list page, its CSV export and the JSON API.

Query parameters are part of the public interface: q, topic, speaker,
speaker_country, speaker_kind, technique, verdict, reviewer, rating, language,
said_after, said_before, role, has_evidence, sort.
"""
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from sources.models import Actor, ActorKind
from tracker.languages import Language

from .models import Appearance, Claim, ClaimRole, Evidence, Rebuttal, Review, Technique, Topic, Verdict


class Role:
    """The `role` filter: a counterclaim is any claim that rebuts another, replies included."""

    TALKING_POINT = ClaimRole.TALKING_POINT.value
    COUNTERCLAIM = ClaimRole.COUNTERCLAIM.value
    CHOICES = [(TALKING_POINT, "Talking point"), (COUNTERCLAIM, "Counterclaim")]


SORT_CHOICES = [
    ("relevance", "Relevance (with a search)"),
    ("most-rebutted", "Most rebutted"),
    ("most-appearances", "Most appearances"),
    ("first-seen", "First seen (earliest first)"),
    ("last-seen", "Last seen (latest first)"),
    ("text", "Claim (A–Z)"),
]
SORT_ORDER = {
    "relevance": ["-rank", "text"],
    "most-rebutted": ["-rebuttal_count", "text"],
    "most-appearances": ["-appearance_count", "text"],
    "first-seen": ["first_seen", "text"],
    "last-seen": ["-last_seen", "text"],
    "text": ["text"],
}

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


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str  # the current page with this value toggled


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)
    clear_url: str = ""  # the current page without this filter; "" when it is not set

    @property
    def selected(self):
        return [value for value in self.values if value.selected]


@extend_schema_field(OpenApiTypes.STR)  # tells the OpenAPI schema these are slugs, not ids
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """One or more slugs: ?topic=forced-labor&topic=mass-detention (any of them)."""

    def __init__(self, **kwargs):
        super().__init__(to_field_name="slug", **kwargs)


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_search", max_length=300,
        help_text='Words, "an exact phrase", or -excluded words.',
    )
    topic = SlugsFilter(field_name="topics__slug", queryset=Topic.objects.all(), label="Topic")
    technique = SlugsFilter(field_name="techniques__slug", queryset=Technique.objects.all(), label="Technique")
    speaker = SlugsFilter(queryset=Actor.objects.all(), method="filter_nothing", label="Speaker")
    speaker_country = django_filters.ChoiceFilter(
        choices=list(countries), method="filter_nothing", label="Speaker's country"
    )
    speaker_kind = django_filters.ChoiceFilter(choices=ActorKind.choices, method="filter_nothing", label="Kind of speaker")
    said = django_filters.DateFromToRangeFilter(
        method="filter_nothing", label="Said between",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    language = django_filters.ChoiceFilter(
        choices=Language.choices, method="filter_nothing", label="Language said in"
    )
    verdict = django_filters.ChoiceFilter(
        choices=Verdict.choices, method="filter_verdict", label="Verdict",
        help_text="Claims with a review, by anyone, rated this on our scale.",
    )
    reviewer = SlugsFilter(
        queryset=Actor.objects.all(), method="filter_reviewer", label="Reviewed by",
        help_text="Slug of the organisation that reviewed the claim (counterclaim for our own reviews).",
    )
    rating = django_filters.CharFilter(
        method="filter_rating", max_length=200, label="Original rating",
        help_text='A rating label exactly as its reviewer published it (any case), e.g. "Pants on Fire!" or "مضلل".',
    )
    role = django_filters.ChoiceFilter(choices=Role.CHOICES, method="filter_role", label="Role")
    # A choice, not a BooleanFilter: that one quietly ignores a value it cannot read (has_evidence=maybe).
    has_evidence = django_filters.ChoiceFilter(
        choices=[("true", "With evidence"), ("false", "Without evidence")], method="filter_has_evidence",
        label="Has evidence", empty_label="Any",
    )
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="filter_nothing", label="Sort by", empty_label="Default")

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

    # Facets: the filters whose values are listed with counts beside the results, in page order.
    FACETS = ("role", "verdict", "topic", "technique", "speaker", "speaker_country", "speaker_kind", "language",
              "has_evidence")
    MULTIPLE = ("topic", "technique", "speaker")

    def filter_queryset(self, queryset):
        """The matching claims, with their stats, in the order asked for."""
        data = self.form.cleaned_data
        return self.sort_queryset(self.apply_filters(queryset, data).with_stats(), data)

    def apply_filters(self, queryset, data):
        """`queryset` narrowed by the filters in `data` (cleaned values); facets pass all but their own."""
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        # Appearance filters hold together for one and the same appearance:
        # "said by X between these dates" means X said it between them.
        appearance_condition = self.appearance_condition(data)
        if appearance_condition is not None:
            queryset = queryset.filter(Exists(Appearance.objects.filter(appearance_condition, claim=OuterRef("pk"))))
        return queryset

    @staticmethod
    def appearance_condition(data):
        """One Q on Appearance for every appearance-level filter that is set, or None."""
        conditions = []
        if data.get("speaker"):
            conditions.append(Q(speaker__in=data["speaker"]))
        if data.get("speaker_country"):
            conditions.append(Q(speaker__country=data["speaker_country"]))
        if data.get("speaker_kind"):
            conditions.append(Q(speaker__kind=data["speaker_kind"]))
        said = data.get("said")
        if said and said.start:
            conditions.append(Q(date__gte=said.start))
        if said and said.stop:
            conditions.append(Q(date__lte=said.stop))
        if data.get("language"):
            language = data["language"]
            conditions.append(Q(original_language=language) | Q(source__language=language))
        if not conditions:
            return None
        condition = conditions[0]
        for more in conditions[1:]:
            condition &= more
        return condition

    @staticmethod
    def sort_queryset(queryset, data):
        sort = data.get("sort") or ""
        searching = bool(data.get("q"))
        if sort == "relevance" and not searching:
            sort = ""
        if not sort:
            sort = "relevance" if searching else "most-rebutted"
        if sort == "relevance" and "rank" not in queryset.query.annotations:
            return queryset.order_by("text")  # SQLite: no ranking, keep a stable order
        return queryset.order_by(*SORT_ORDER[sort])

    def filter_nothing(self, queryset, name, value):
        # Applied together in filter_queryset (appearance filters) or sort_queryset (sort).
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_verdict(self, queryset, name, value):
        return queryset.with_verdict(value)

    def filter_reviewer(self, queryset, name, value):
        return queryset.reviewed_by(value) if value else queryset  # an empty choice comes as an empty queryset

    def filter_rating(self, queryset, name, value):
        return queryset.rated(value.strip()) if value.strip() else queryset

    def filter_role(self, queryset, name, value):
        return queryset.talking_points() if value == Role.TALKING_POINT else queryset.counterclaims()

    def filter_has_evidence(self, queryset, name, value):
        has_evidence = Exists(Evidence.objects.filter(claim=OuterRef("pk")))
        return queryset.filter(has_evidence if value == "true" else ~has_evidence)

    # --- Facets ---------------------------------------------------------------------------------
    # Each facet counts claims under every current filter except its own, so a reader sees what
    # choosing another value would give. One query per facet, whatever the number of rows.

    def facets(self, url_for):
        """Facet list for a valid filter form. `url_for(querydict)` turns parameters into a page URL."""
        data = self.form.cleaned_data
        facets = []
        for name in self.FACETS:
            counts = getattr(self, f"_count_{name}")(data)
            selected = self._selected_values(name)
            facet = Facet(name=name, label=self.filters[name].label)
            for value, label, count in counts:
                facet.values.append(FacetValue(value, label, count, value in selected,
                                               url_for(self._toggled(name, value))))
            for value in selected - {v.value for v in facet.values}:  # chosen but matching nothing now
                facet.values.append(FacetValue(value, self._label(name, value), 0, True,
                                               url_for(self._toggled(name, value))))
            if selected:
                facet.clear_url = url_for(self._without(name))
            facets.append(facet)
        return facets

    def _selected_values(self, name):
        return {value for value in self.data.getlist(name) if value} if hasattr(self.data, "getlist") else set()

    def _toggled(self, name, value):
        params = self._without("page")
        current = params.getlist(name)
        if name in self.MULTIPLE:
            params.setlist(name, [v for v in current if v != value] if value in current else current + [value])
        else:
            params.setlist(name, [] if value in current else [value])
        return params

    def _without(self, *names):
        params = self.data.copy()
        for name in (*names, "page"):
            params.pop(name, None)
            if name == "said":
                params.pop("said_after", None)
                params.pop("said_before", None)
        return params

    def _label(self, name, value):
        choices = dict(self.form.fields[name].choices) if hasattr(self.form.fields[name], "choices") else {}
        return str(choices.get(value, value))

    def _matching_ids(self, data, name):
        """Primary keys of the claims matching every filter in `data` except `name`."""
        others = {key: value for key, value in data.items() if key not in (name, "sort")}
        return self.apply_filters(Claim.objects.all(), others).order_by().values("pk")

    def _appearances_for(self, data, name):
        """Appearances of matching claims that also meet the other appearance filters (they must hold together)."""
        others = {key: value for key, value in data.items() if key != name}
        appearances = Appearance.objects.filter(claim__in=self._matching_ids(data, name))
        condition = self.appearance_condition(others)
        return appearances.filter(condition) if condition is not None else appearances

    def _count_topic(self, data):
        rows = (Claim.topics.through.objects.filter(claim__in=self._matching_ids(data, "topic"))
                .values("topic__slug", "topic__name").annotate(n=Count("claim")).order_by("-n", "topic__name"))
        return [(row["topic__slug"], row["topic__name"], row["n"]) for row in rows]

    def _count_technique(self, data):
        rows = (Claim.techniques.through.objects.filter(claim__in=self._matching_ids(data, "technique"))
                .values("technique__slug", "technique__name").annotate(n=Count("claim"))
                .order_by("-n", "technique__name"))
        return [(row["technique__slug"], row["technique__name"], row["n"]) for row in rows]

    def _count_speaker(self, data):
        rows = (self._appearances_for(data, "speaker").values("speaker__slug", "speaker__name")
                .annotate(n=Count("claim", distinct=True)).order_by("-n", "speaker__name"))
        return [(row["speaker__slug"], row["speaker__name"], row["n"]) for row in rows]

    def _count_speaker_country(self, data):
        names = dict(countries)
        rows = (self._appearances_for(data, "speaker_country").exclude(speaker__country="")
                .values("speaker__country").annotate(n=Count("claim", distinct=True)).order_by("-n", "speaker__country"))
        return [(row["speaker__country"], str(names.get(row["speaker__country"], row["speaker__country"])), row["n"])
                for row in rows]

    def _count_speaker_kind(self, data):
        labels = dict(ActorKind.choices)
        rows = (self._appearances_for(data, "speaker_kind").values("speaker__kind")
                .annotate(n=Count("claim", distinct=True)).order_by("-n", "speaker__kind"))
        return [(row["speaker__kind"], labels.get(row["speaker__kind"], row["speaker__kind"]), row["n"]) for row in rows]

    def _count_language(self, data):
        # An appearance is "in" a language when its original quote or its source is: one pass counts both ways.
        counts = self._appearances_for(data, "language").aggregate(**{
            code: Count("claim", distinct=True, filter=Q(original_language=code) | Q(source__language=code))
            for code in Language.values
        })
        return [(code, label, counts[code]) for code, label in Language.choices if counts[code]]

    def _count_verdict(self, data):
        # A claim counts under each verdict any of its reviews gives it.
        labels = dict(Verdict.choices)
        rows = (Review.objects.filter(claim__in=self._matching_ids(data, "verdict")).exclude(verdict="")
                .values("verdict").annotate(n=Count("claim", distinct=True)).order_by("verdict"))
        counts = {row["verdict"]: row["n"] for row in rows}
        return [(value, labels[value], counts[value]) for value in Verdict.values if counts.get(value)]

    def _count_role(self, data):
        rebuts = Exists(Rebuttal.objects.filter(counterclaim=OuterRef("pk")))
        counts = Claim.objects.filter(pk__in=self._matching_ids(data, "role")).aggregate(
            counterclaim=Count("pk", filter=Q(rebuts)), talking_point=Count("pk", filter=~Q(rebuts)),
        )
        values = [(Role.TALKING_POINT, "Talking point", counts["talking_point"]),
                  (Role.COUNTERCLAIM, "Counterclaim", counts["counterclaim"])]
        return [value for value in values if value[2]]

    def _count_has_evidence(self, data):
        has = Exists(Evidence.objects.filter(claim=OuterRef("pk")))
        counts = Claim.objects.filter(pk__in=self._matching_ids(data, "has_evidence")).aggregate(
            yes=Count("pk", filter=Q(has)), no=Count("pk", filter=~Q(has)),
        )
        values = [("true", "With evidence", counts["yes"]), ("false", "Without evidence", counts["no"])]
        return [value for value in values if value[2]]
