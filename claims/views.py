"""Pages for finding and comparing claims. Thin: queries live on the QuerySets and in ClaimFilter."""
from itertools import groupby

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, prefetch_related_objects
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView, TemplateView, View

from sources.models import Actor, Source
from tracker.pagination import PageError, paginate

from . import corrections, sitesearch, spans, timeline
from .claimreview import claim_review
from .facets import CACHE_SECONDS, facets
from .filters import ClaimFilter, TimelineFilter
from .forms import MatchForm, SearchForm
from .matching import similar_claims
from .models import (
    ANSWERS_PER_PAGE,
    EVIDENCE_KIND_DESCRIPTIONS,
    STRENGTH_DESCRIPTIONS,
    VERDICT_DESCRIPTIONS,
    Appearance,
    Claim,
    ClaimRole,
    EvidenceKind,
    FramingTerm,
    KeyEvent,
    Review,
    Status,
    Strength,
    Technique,
    Topic,
    Verdict,
    reply_trees,
)

PER_PAGE = 20
# Shown as inputs of the search form; every other parameter rides along as a hidden input.
FORM_FIELDS = ("q", "said_after", "said_before", "sort")


class HomeView(TemplateView):
    template_name = "claims/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **caches["counts"].get_or_set("home", self.totals, CACHE_SECONDS),
            most_rebutted=Claim.objects.public().most_rebutted_talking_points()[:6],
            latest=Claim.objects.public().newest_first()[:6],
            **kwargs,
        )


    @staticmethod
    def totals():
        """The dataset in numbers and its topics: counted at most every CACHE_SECONDS (the page says so)."""
        return {
            "counts": {
                "claims": Claim.objects.public().count(),
                "talking_points": Claim.objects.public().talking_points().count(),
                "actors": Actor.objects.count(),
                "sources": Source.objects.count(),
                "appearances": Appearance.objects.public().count(),
            },
            "topics": list(Topic.objects.with_claim_counts().order_by("name")),
        }


class ClaimListView(View):
    """The claim finder: ClaimFilter's results, paginated, with facet counts. Bad input is a 400 with its message."""

    template_name = "claims/claim_list.html"

    def get(self, request):
        filterset = ClaimFilter(request.GET, queryset=Claim.objects.public().for_list())
        context = {
            "filter": filterset,
            "kept_params": [(name, value) for name, values in request.GET.lists()
                            if name not in FORM_FIELDS and name != "page" for value in values if "\x00" not in value],
            "searching": False,
        }
        if not filterset.is_valid():
            return render(request, self.template_name, {**context, "errors": filterset.form.errors}, status=400)
        paginator = Paginator(filterset.qs, PER_PAGE)
        facet_list, counted_at = facets(filterset, request.GET)
        context.update(
            searching=bool(filterset.form.cleaned_data.get("q")),
            search_capped=filterset.qs.search_capped,
            search_limit=filterset.search_limit,
            facets=facet_list,
            facets_counted_at=counted_at,
            total=paginator.count,
        )
        try:
            pages = paginate(request, paginator)
        except PageError as error:
            return render(request, self.template_name, {**context, **error.context()}, status=error.status)
        context.update(pages.context(), claims=pages.page.object_list)
        return render(request, self.template_name, context)


def claim_or_404(request, queryset, slug):
    """The claim at `slug` as this visitor may see it: published for everyone, drafts for editors (a preview).

    A withdrawn claim raises ClaimWithdrawn: its address answers 410 Gone with the reason.
    """
    claim = get_object_or_404(queryset, slug=slug)
    if claim.status == Status.WITHDRAWN:
        raise ClaimWithdrawn(claim)
    if not claim.is_public and not request.user.has_perm("claims.view_claim"):
        raise Http404("No claim with that address.")
    return claim


class ClaimWithdrawn(Exception):
    def __init__(self, claim):
        self.claim = claim


def withdrawn_response(request, claim):
    return render(request, "claims/claim_withdrawn.html", {"claim": claim}, status=410)


class ClaimDetailView(DetailView):
    """The comparison page: the claim against everything that answers it."""

    queryset = Claim.objects.for_detail()

    def get(self, request, *args, **kwargs):
        try:
            self.object = claim_or_404(request, self.queryset, kwargs["slug"])
        except ClaimWithdrawn as gone:
            return withdrawn_response(request, gone.claim)
        preview = not self.object.is_public
        # What answers it comes ANSWERS_PER_PAGE at a time: some claims draw thousands of counterclaims.
        paginator = Paginator(range(self.object.rebuttal_count), ANSWERS_PER_PAGE)
        try:
            pages = paginate(request, paginator)
        except PageError as error:
            return self.render_to_response(self.get_context_data(replies=[], **error.context()), status=error.status)
        offset = (pages.page.number - 1) * ANSWERS_PER_PAGE
        replies = reply_trees([self.object], offset=offset, drafts=preview)[self.object.pk]
        return self.render_to_response(self.get_context_data(replies=replies, preview=preview, **pages.context()))

    def get_context_data(self, replies, **kwargs):
        claim = self.object
        events = timeline.appearance_events(claim.appearances.all(), 0) + timeline.reply_events(replies, 0, 1)
        return super().get_context_data(
            replies=replies,
            claimreview=claim_review(claim, self.request),
            timeline=timeline.build([("The claim and replies to its counterclaims", "claim-side"),
                                     ("Counterclaims", "counter-side")], events),
            **kwargs,
        )


class ClaimHistoryView(View):
    """A claim's public record of change: its corrections, updates and clarifications, newest first."""

    template_name = "claims/claim_history.html"
    per_page = 20

    def get(self, request, slug):
        try:
            claim = claim_or_404(request, Claim.objects.all(), slug)
        except ClaimWithdrawn as gone:
            claim = gone.claim  # the record of a withdrawn claim stays readable
        context = {"claim": claim}
        try:
            pages = paginate(request, Paginator(corrections.changes_to(claim), self.per_page))
        except PageError as error:
            return render(request, self.template_name, {**context, **error.context()}, status=error.status)
        context.update(pages.context(), changes=corrections.as_changes(pages.page.object_list))
        return render(request, self.template_name, context)


class CorrectionsView(View):
    """Every public change on the site, newest first, with its reason."""

    template_name = "claims/corrections.html"
    per_page = 30

    def get(self, request):
        try:
            pages = paginate(request, Paginator(corrections.every_change(), self.per_page))
        except PageError as error:
            return render(request, self.template_name, error.context(), status=error.status)
        return render(request, self.template_name,
                      {**pages.context(), "changes": corrections.as_changes(pages.page.object_list)})


class CompareView(TemplateView):
    """Any two claims side by side, in the comparison page's layout."""

    template_name = "claims/compare.html"

    def get_context_data(self, **kwargs):
        slugs = [self.kwargs["a"], self.kwargs["b"]]
        found = {claim.slug: claim for claim in Claim.objects.public().for_detail().filter(slug__in=slugs)}
        if any(slug not in found for slug in slugs):
            raise Http404("No claim with that address.")
        left, right = found[slugs[0]], found[slugs[1]]
        trees = reply_trees([left, right]) if left != right else {left.pk: reply_trees([left])[left.pk]}
        events = (timeline.appearance_events(left.appearances.all(), 0)
                  + timeline.appearance_events(right.appearances.all(), 1))
        return super().get_context_data(
            columns=[(left, trees[left.pk]), (right, trees[right.pk])],
            left=left, right=right,
            timeline=timeline.build([(f"Left: {Truncator(left.text).words(12)}", "claim-side"),
                                     (f"Right: {Truncator(right.text).words(12)}", "counter-side")], events),
            **kwargs,
        )


class TopicListView(ListView):
    queryset = Topic.objects.with_claim_counts()


class TopicDetailView(DetailView):
    model = Topic

    def get_context_data(self, **kwargs):
        claims = Claim.objects.public().for_list().filter(topics=self.object).order_by("-rebuttal_count", "text")
        return super().get_context_data(claims=claims, **kwargs)


class TechniqueListView(ListView):
    queryset = Technique.objects.with_claim_counts()


class TechniqueDetailView(DetailView):
    """A technique and the claims that use it, in the order they were first seen: each with the rationale
    and a quote with the words that carry the technique marked, PER_PAGE claims at a time."""

    model = Technique

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        links = self.object.claim_links.filter(Claim.objects.public_q("claim__")).select_related("claim").order_by(
            F("claim__first_seen").asc(nulls_last=True), "claim__text", "pk")
        try:
            pages = paginate(request, Paginator(links, PER_PAGE))
        except PageError as error:
            return self.render_to_response(self.get_context_data(examples=[], **error.context()), status=error.status)
        examples = list(pages.page.object_list)
        prefetch_related_objects(
            [link.claim for link in examples],
            Prefetch("appearances", queryset=Appearance.objects.for_page().order_by(F("date").asc(nulls_last=True), "pk")),
            Prefetch("reviews", queryset=Review.objects.signed_off().for_page()),
        )
        for link in examples:
            quotes = link.claim.appearances.all()
            # The quote to show: the earliest that prints the marked words, else the earliest.
            link.example = next((q for q in quotes if spans.occurrences(link.phrase, q.quote)), None) or next(
                iter(quotes), None)
        return self.render_to_response(self.get_context_data(examples=examples, **pages.context()))


class MethodologyView(TemplateView):
    """How claims are chosen, rated and corrected: the verdict scale with how many claims carry each verdict."""

    template_name = "claims/methodology.html"

    def get_context_data(self, **kwargs):
        counts = Review.objects.public().ours().claims_per_verdict()
        return super().get_context_data(
            verdicts=[(verdict, VERDICT_DESCRIPTIONS[verdict], Verdict.rating_value(verdict), counts[verdict])
                      for verdict in Verdict],
            evidence_kinds=[(kind, EVIDENCE_KIND_DESCRIPTIONS[kind]) for kind in EvidenceKind],
            strengths=[(strength, STRENGTH_DESCRIPTIONS[strength]) for strength in Strength],
            **kwargs,
        )


class GlossaryView(ListView):
    queryset = FramingTerm.objects.prefetch_related(Prefetch("claims", queryset=Claim.objects.public().order_by("text")))
    template_name = "claims/glossary.html"


class GlossaryTermView(DetailView):
    """A framing term: its script, pinyin, first use and plain term, and every quote of the claims that use it,
    in date order, QUOTES_PER_PAGE at a time."""

    model = FramingTerm
    template_name = "claims/glossary_term.html"
    per_page = 50

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        quotes = Appearance.objects.public().filter(claim__framing_terms=self.object).for_page().select_related(
            "claim").chronological()
        try:
            pages = paginate(request, Paginator(quotes, self.per_page))
        except PageError as error:
            return self.render_to_response(self.get_context_data(quotes=[], **error.context()), status=error.status)
        return self.render_to_response(self.get_context_data(quotes=pages.page.object_list, **pages.context()))


class TimelineView(TemplateView):
    """Every dated quote in the dataset, in date order, a page at a time, narrowed by TimelineFilter: drawn in a
    lane per role beside a lane of key events, and listed in a table with the links the drawing cannot hold."""

    template_name = "claims/timeline.html"
    per_page = 100

    def get(self, request, *args, **kwargs):
        filterset = TimelineFilter(request.GET, queryset=Appearance.objects.public())
        key_events = list(KeyEvent.objects.select_related("source"))
        for number, event in enumerate(key_events, 1):
            event.number = number  # the drawing labels each key event with its place in the list
        context = self.get_context_data(filter=filterset, key_events=key_events, **kwargs)
        if not filterset.is_valid():
            return self.render_to_response({**context, "errors": filterset.form.errors}, status=400)
        quotes = filterset.qs
        years = self.year_links(quotes)
        # A page's ids come from the (date, id) index alone, however deep the page; then only those rows are read.
        paginator = Paginator(quotes.chronological().values_list("pk", flat=True), self.per_page)
        paginator.count = sum(count for _, count, _ in years)  # known from the year links: no second count
        context.update(years=years, total=paginator.count, speaker=filterset.form.cleaned_data.get("speaker"))
        # ?year=2019 (what every date links to) opens the page where that year starts.
        start_pages = {str(year): start for year, _, start in years}
        try:
            pages = paginate(request, paginator, first=start_pages.get(request.GET.get("year"), 1))
        except PageError as error:
            return self.render_to_response({**context, **error.context()}, status=error.status)
        ids = list(pages.page.object_list)
        found = Appearance.objects.for_page().select_related("claim").in_bulk(ids)
        shown = [found[pk] for pk in ids]
        context.update(
            pages.context(),
            timeline=timeline.build([*ClaimRole.lanes(), ("Key events", "event-side")],
                                    self.events(shown) + self.key_event_marks(shown, key_events)),
            groups=[(year, list(group)) for year, group in groupby(shown, key=lambda a: a.date and a.date.year)],
        )
        return self.render_to_response(context)

    @staticmethod
    def events(quotes):
        return [timeline.Event(a.date, a.date_precision, f"{a.date_display}: {a.speaker}: {a.claim.text}",
                               f"#appearance-{a.pk}", ClaimRole(a.claim.role).lane) for a in quotes]

    @staticmethod
    def key_event_marks(quotes, key_events):
        """The key events within the years of the quotes shown, numbered as in the list: a page of one month of
        2015 is not squeezed to fit 2022 in."""
        years = [a.date.year for a in quotes if a.date]
        if not years:
            return []
        lane = len(ClaimRole.lanes())
        return [timeline.Event(e.date, e.date_precision, f"{e.number}. {e.date_display}: {e.title}", f"#event-{e.slug}",
                               lane, number=e.number)
                for e in key_events if min(years) <= e.date.year <= max(years)]

    def year_links(self, quotes):
        """(year, how many quotes, the page it starts on) for every year, undated (None) last."""
        rows = (quotes.values(year=ExtractYear("date")).annotate(n=Count("pk")).order_by(F("year").asc(nulls_last=True)))
        links, before = [], 0
        for row in rows:
            links.append((row["year"], row["n"], before // self.per_page + 1))
            before += row["n"]
        return links


class SearchView(View):
    """One search over claims, quotes, evidence, sources, actors and framing terms (claims/sitesearch.py)."""

    template_name = "claims/search.html"

    def get(self, request):
        form = SearchForm(request.GET)
        shown = request.GET.get("q", "").replace("\x00", "")  # what the box shows back
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "shown": shown}, status=400)
        text = form.cleaned_data["q"].strip()
        results = sitesearch.search_everything(text) if text else None
        return render(request, self.template_name, {"form": form, "shown": shown, "results": results})


class MatchView(View):
    """'Have we seen this claim?': paste a statement, get the claims it repeats (claims/matching.py)."""

    template_name = "claims/match.html"
    limit = 10

    def get(self, request):
        form = MatchForm(request.GET)
        shown = request.GET.get("text", "").replace("\x00", "")
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "shown": shown}, status=400)
        text = form.cleaned_data["text"].strip()
        matches = similar_claims(text, limit=self.limit, claims=Claim.objects.public()) if text else None
        return render(request, self.template_name, {"form": form, "shown": shown, "matches": matches})
