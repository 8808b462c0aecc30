"""Facets of the claim list: for each filter, its values with how many claims each would give.

Shaped like the Django admin's FacetsMixin: each facet belongs to one filter of
ClaimFilter and counts under every current filter but its own (so a reader sees
what choosing another value would give), from the filter's own condition, in one
query per facet whatever the number of rows. Links are QueryDicts, rendered with
Django's {% querystring %}.

The speaker facet counts an organisation's claims with those of the people who speak
for it (Actor.affiliation), as the speaker filter selects them, unless own_name=true.

At 100,000 claims and 500,000 remarks a facet over remarks takes a second
to count, so counts are cached for a few minutes per filter combination (every
page of one search shares them; the page says when they were counted), and a facet
lists its first FACET_LIMIT values, all of them (up to FACET_MAX) on request.
"""
from dataclasses import dataclass, field

from django.db.models import Count, F, Func, Value
from django_countries import countries
from django_filters import MultipleChoiceFilter

from sources.models import Actor, ActorKind
from tracker.counts import recently_counted
from tracker.languages import Language

from .filters import is_set
from .models import Claim, ClaimRole, Remark, Verdict

# Parameters a facet link drops: a new selection starts again at page 1, with short facets.
RESET_ON_CHANGE = ("page", "more")
FACET_LIMIT = 10  # values a facet shows at first
FACET_MAX = 200  # values it shows when asked for all (?more=<facet>)


@dataclass
class FacetValue:
    value: str
    label: str
    count: object  # int, or None when not counted (chosen, but not among the values shown)
    selected: bool
    params: object  # QueryDict: the current query with this value toggled


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)
    clear_params: object = None  # QueryDict without this filter; None when it is not set
    more_params: object = None  # QueryDict asking for all of this facet's values; None when all are shown

    @property
    def selected(self):
        return [value for value in self.values if value.selected]


class ChoiceFacet:
    """A filter with a few fixed choices: each counted with the filter's own Q, in one aggregate()."""

    def __init__(self, name, choices):
        self.name, self.choices = name, choices

    def counts(self, filterset, data, limit):
        claim_q = filterset.filters[self.name].claim_q
        claims = matching_claims(filterset, data, self.name)
        totals = claims.aggregate(**{f"n{i}": Count("pk", filter=claim_q(value))
                                     for i, (value, _) in enumerate(self.choices)})
        return [(value, label, totals[f"n{i}"]) for i, (value, label) in enumerate(self.choices)]


class RelatedFacet:
    """A many-to-many vocabulary (topics, techniques): grouped by the related slug, most claims first."""

    def __init__(self, name, relation):
        self.name, self.relation = name, relation

    def counts(self, filterset, data, limit):
        through = getattr(Claim, self.relation).through.objects
        target = getattr(Claim, self.relation).field.m2m_reverse_field_name()
        if has_filters(data, self.name):
            rows = through.filter(claim__in=matching_ids(filterset, data, self.name))
        else:
            rows = through.filter(Claim.objects.public_q("claim__"))
        rows = (rows.values(f"{target}__slug", f"{target}__name").annotate(n=Count("claim"))
                .order_by("-n", f"{target}__name")[:limit])
        return [(row[f"{target}__slug"], row[f"{target}__name"], row["n"]) for row in rows]


class RemarkFacet:
    """A property of the speaker: counted over remarks that also meet the other remark filters."""

    def __init__(self, name, value_field, label_field=None, labels=None):
        self.name, self.value_field, self.label_field, self.labels = name, value_field, label_field, labels or {}

    def counts(self, filterset, data, limit):
        fields = [self.value_field] + ([self.label_field] if self.label_field else [])
        rows = (remarks_for(filterset, data, self.name).exclude(**{self.value_field: ""})
                .values(*fields).annotate(n=Count("claim", distinct=True)).order_by("-n", fields[-1])[:limit])
        return [(row[self.value_field], self._label(row), row["n"]) for row in rows]

    def _label(self, row):
        if self.label_field:
            return row[self.label_field]
        return str(self.labels.get(row[self.value_field], row[self.value_field]))


class SpeakerFacet:
    """Speakers, each counted with the claims of those who speak for it (unless own_name=true): every remark
    counts for its speaker and for its speaker's organisation, in one query (unnest of the pair)."""

    name = "speaker"

    def counts(self, filterset, data, limit):
        remarks = remarks_for(filterset, data, self.name)
        if data.get("own_name") == "true":
            actor = F("speaker_id")
        else:  # one row per remark and speaker, one more for the speaker's organisation when it has one
            pair = Func(F("speaker_id"), F("speaker__affiliation_id"), template="ARRAY[%(expressions)s]")
            actor = Func(Func(pair, Value(None), function="array_remove"), function="unnest")
        # Ties at the limit go by id (the names are read after): SQL cannot order by the name of an unnested id.
        rows = list(remarks.annotate(actor=actor).values("actor").annotate(n=Count("claim", distinct=True))
                    .order_by("-n", "actor")[:limit])
        actors = {pk: (slug, name) for pk, slug, name in
                  Actor.objects.filter(pk__in=[row["actor"] for row in rows]).values_list("pk", "slug", "name")}
        return sorted(((*actors[row["actor"]], row["n"]) for row in rows), key=lambda value: (-value[2], value[1]))


class LanguageFacet:
    """Languages a remark is in (its original words', or a reporting source's): every language in one pass."""

    name = "language"

    def counts(self, filterset, data, limit):
        remark_q = filterset.filters[self.name].remark_q
        totals = remarks_for(filterset, data, self.name).aggregate(**{
            code: Count("claim", distinct=True, filter=remark_q(code)) for code in Language.values
        })
        return [(code, label, totals[code]) for code, label in Language.choices]


FACETS = [
    ChoiceFacet("role", ClaimRole.choices),
    ChoiceFacet("verdict", Verdict.choices),
    RelatedFacet("topic", "topics"),
    RelatedFacet("technique", "techniques"),
    SpeakerFacet(),
    RemarkFacet("speaker_country", "speaker__country", labels=dict(countries)),
    RemarkFacet("speaker_kind", "speaker__kind", labels=dict(ActorKind.choices)),
    LanguageFacet(),
    ChoiceFacet("has_evidence", [("true", "With evidence"), ("false", "Without evidence")]),
]


# Parameters that narrow nothing on their own.
NOT_FILTERS = ("sort", "own_name")


def has_filters(data, name):
    """Whether any filter but `name` (and the sort) narrows the claims."""
    return any(is_set(value) for key, value in data.items() if key != name and key not in NOT_FILTERS)


def matching_ids(filterset, data, name):
    """Primary keys of the claims meeting every filter in `data` except `name` (and the sort)."""
    others = {key: value for key, value in data.items() if key not in (name, "sort")}
    return filterset.narrow(Claim.objects.public(), others).order_by().values("pk")


def matching_claims(filterset, data, name):
    """The claims meeting every filter but `name`: all claims, without an IN over all of them, when none is set."""
    if not has_filters(data, name):
        return Claim.objects.public()
    return Claim.objects.filter(pk__in=matching_ids(filterset, data, name))


def remarks_for(filterset, data, name):
    """Remarks of the claims matching every filter but `name`, meeting the other remark filters too."""
    others = {key: value for key, value in data.items() if key != name}
    remarks = Remark.objects.public()
    if has_filters(data, name):
        remarks = remarks.filter(claim__in=matching_ids(filterset, data, name))
    condition = filterset.remark_condition(others)
    return remarks.filter(condition) if condition is not None else remarks


def counted(filterset, params):
    """({facet name: [(value, label, count), ...]}, when they were counted, how many claims match), counted at
    most every few minutes for the same filters (tracker.counts). The total is kept with the facets: counting
    every published claim reads the whole table (over 100 ms at 100,000 claims)."""
    data = filterset.form.cleaned_data
    more = params.get("more")

    def count():
        return ({facet.name: facet.counts(filterset, data, FACET_MAX if facet.name == more else FACET_LIMIT + 1)
                 for facet in FACETS}, filterset.qs.count())

    (counts, total), counted_at = recently_counted("facets", params, count)
    return counts, counted_at, total


def facets(filterset, params):
    """(the facets of a valid ClaimFilter, when they were counted, how many claims match); `params` is the
    request's QueryDict. Values that count 0 are left out unless chosen."""
    counts, counted_at, total = counted(filterset, params)
    result = []
    for facet in FACETS:
        chosen = {value for value in params.getlist(facet.name) if value}
        multiple = isinstance(filterset.filters[facet.name], MultipleChoiceFilter)
        item = Facet(facet.name, filterset.filters[facet.name].label)
        values = counts[facet.name]
        complete = len(values) <= FACET_LIMIT or params.get("more") == facet.name
        if not complete:
            values = values[:FACET_LIMIT]
            item.more_params = _without(params)
            item.more_params["more"] = facet.name
        shown = {}
        for value, label, count in values:
            shown[value] = label
            if count or value in chosen:
                item.values.append(FacetValue(value, label, count, value in chosen,
                                              _toggled(params, facet.name, value, multiple)))
        for value in chosen - shown.keys():  # chosen but matching nothing now (count 0), or not among those shown
            label = str(getattr(facet, "labels", None) and facet.labels.get(value, value) or value)
            item.values.append(FacetValue(value, label, 0 if complete else None, True,
                                          _toggled(params, facet.name, value, multiple)))
        if chosen:
            item.clear_params = _without(params, facet.name)
        result.append(item)
    return result, counted_at, total


def _toggled(params, name, value, multiple):
    params = _without(params)
    current = params.getlist(name)
    if value in current:
        params.setlist(name, [v for v in current if v != value])
    else:
        params.setlist(name, current + [value] if multiple else [value])
    return params


def _without(params, *names):
    params = params.copy()
    for name in (*names, *RESET_ON_CHANGE):
        params.pop(name, None)
    return params
