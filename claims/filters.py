"""The one FilterSet behind the claim list page, its CSV export and the JSON API.

Query parameters are part of the public interface: q, topic, speaker,
speaker_country, speaker_kind, technique, verdict, language, said_after,
said_before, role, has_evidence, sort.
"""
import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django_countries import countries

from sources.models import Actor, ActorKind
from tracker.languages import Language

from .models import Appearance, Claim, Evidence, Technique, Topic, Verdict


class Role:
    TALKING_POINT = "talking-point"
    COUNTERCLAIM = "counterclaim"
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

# Filters on a claim's appearances. Together they must hold for one and the same
# appearance: "said by X between these dates" means X said it between them.
APPEARANCE_FILTERS = ("speaker", "speaker_country", "speaker_kind", "said", "language")


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_search", max_length=300,
        help_text='Words, "an exact phrase", or -excluded words.',
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        field_name="topics__slug", to_field_name="slug", queryset=Topic.objects.all(), label="Topic"
    )
    technique = django_filters.ModelMultipleChoiceFilter(
        field_name="techniques__slug", to_field_name="slug", queryset=Technique.objects.all(), label="Technique"
    )
    speaker = django_filters.ModelMultipleChoiceFilter(
        to_field_name="slug", queryset=Actor.objects.all(), method="filter_nothing", label="Speaker"
    )
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
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices, label="Verdict")
    role = django_filters.ChoiceFilter(choices=Role.CHOICES, method="filter_role", label="Role")
    has_evidence = django_filters.BooleanFilter(
        method="filter_has_evidence", label="Has evidence",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="filter_nothing", label="Sort by", empty_label="Default")

    class Meta:
        model = Claim
        fields = []

    def filter_queryset(self, queryset, exclude=()):
        """Apply every filter but those named in `exclude` (facet counts leave out their own)."""
        data = {name: value for name, value in self.form.cleaned_data.items() if name not in exclude}
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        appearance_condition = self.appearance_condition(data)
        if appearance_condition is not None:
            queryset = queryset.filter(Exists(Appearance.objects.filter(appearance_condition, claim=OuterRef("pk"))))
        return self.sort_queryset(queryset.with_stats(), data)

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

    def filter_role(self, queryset, name, value):
        return queryset.talking_points() if value == Role.TALKING_POINT else queryset.counterclaims()

    def filter_has_evidence(self, queryset, name, value):
        has_evidence = Exists(Evidence.objects.filter(claim=OuterRef("pk")))
        return queryset.filter(has_evidence if value else ~has_evidence)
