"""Pages for finding and comparing claims. Thin: queries live on the QuerySets and in ClaimFilter."""
from dataclasses import dataclass
from itertools import groupby

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min, Prefetch, Sum, prefetch_related_objects
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView, TemplateView, View

from sources.models import Actor, Source
from tracker.counts import CACHE_SECONDS, recently_counted
from tracker.pagination import CountedPaginator, PageError, paginate

from . import corrections, sitesearch, spans, timeline, wording
from .claimreview import claim_review
from .facets import facets
from .filters import ClaimFilter, TimelineFilter
from .forms import MatchForm, SearchForm
from .matching import similar_claims
from .models import (
    ANSWERS_PER_PAGE,
    EVIDENCE_KIND_DESCRIPTIONS,
    REMARKS_SHOWN,
    STRENGTH_DESCRIPTIONS,
    VERDICT_DESCRIPTIONS,
    Claim,
    ClaimRole,
    ClaimTechnique,
    EvidenceKind,
    Family,
    FramingTerm,
    KeyEvent,
    Remark,
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
                "remarks": Remark.objects.public().count(),
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
        facet_list, counted_at, total = facets(filterset, request.GET)
        paginator = CountedPaginator(filterset.qs, PER_PAGE, total)  # the total as of counted_at, like the facets
        context.update(
            own_name=filterset.form.cleaned_data.get("own_name") == "true",
            searching=bool(filterset.form.cleaned_data.get("q")),
            search_capped=filterset.qs.search_capped,
            search_limit=filterset.search_limit,
            facets=facet_list,
            facets_counted_at=counted_at,
            total=total,
        )
        try:
            pages = paginate(request, paginator)
        except PageError as error:
            return render(request, self.template_name, {**context, **error.context()}, status=error.status)
        claims = list(pages.page.object_list)
        data = filterset.form.cleaned_data
        # The speaker filter includes an organisation's spokespeople: the list says who spoke for it.
        said_for = {}
        if data.get("speaker") and data.get("own_name") != "true" and claims:
            said_for = Remark.objects.said_for(claims, data["speaker"])
        context.update(pages.context(), claims=claims, said_for=said_for)
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
        return self.render_to_response(self.get_context_data(replies=replies, preview=preview, cite_answers=True,
                                                             **pages.context()))

    def get_context_data(self, replies, **kwargs):
        claim = self.object
        events = timeline.remark_events(claim.remarks_shown, 0) + timeline.reply_events(replies, 0, 1)
        return super().get_context_data(
            replies=replies,
            # A talking point is often said before this wording of it was: the family's first remark says when.
            family_first=claim.family and Remark.objects.public().of_family(claim.family).dated().chronological()
            .select_related("speaker", "claim").first(),
            claimreview=claim_review(claim, self.request, remarks=claim.remarks_shown),
            timeline=timeline.build([("The claim and replies to its counterclaims", "claim-side"),
                                     ("Counterclaims", "counter-side")], events),
            **kwargs,
        )


class ClaimRemarksView(View):
    """Every remark of a claim, earliest first, REMARKS_SHOWN a page: its own page prints only the first ones."""

    template_name = "claims/claim_remarks.html"

    def get(self, request, slug):
        try:
            claim = claim_or_404(request, Claim.objects.select_related("family").prefetch_related(
                Prefetch("technique_links", queryset=ClaimTechnique.objects.for_page())), slug)
        except ClaimWithdrawn as gone:
            return withdrawn_response(request, gone.claim)
        context = {"claim": claim, "preview": not claim.is_public}
        remarks = claim.remarks.for_page().prefetch_related("reports__source__authors")  # authors: for citations
        try:
            pages = paginate(request, Paginator(remarks, REMARKS_SHOWN))
        except PageError as error:
            return render(request, self.template_name, {**context, **error.context()}, status=error.status)
        shown = list(pages.page.object_list)
        for remark in shown:
            remark.claim = claim  # its techniques mark the words, and no query per remark
        context.update(pages.context(), remarks=shown)
        return render(request, self.template_name, context)


def remark_permalink(request, slug, pk):
    """A remark's lasting address: the page of its claim's remarks that holds it, at the remark."""
    try:
        claim = claim_or_404(request, Claim.objects.all(), slug)
    except ClaimWithdrawn as gone:
        return withdrawn_response(request, gone.claim)
    remark = get_object_or_404(claim.remarks, pk=pk)
    page = claim.remarks.before(remark).count() // REMARKS_SHOWN + 1
    url = reverse("claims:claim-remarks", args=[slug])
    return redirect(f"{url}?page={page}#remark-{remark.pk}" if page > 1 else f"{url}#remark-{remark.pk}")


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
        # Side by side, the direct counterclaims: the replies to them are on their own pages (a page of two full
        # arguments passed 400 KB at 100,000 claims).
        trees = reply_trees([left, right], depth=1) if left != right else {left.pk: reply_trees([left], depth=1)[left.pk]}
        events = (timeline.remark_events(left.remarks_shown, 0)
                  + timeline.remark_events(right.remarks_shown, 1))
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
            Prefetch("remarks", queryset=Remark.objects.for_page().chronological()),
            Prefetch("reviews", queryset=Review.objects.signed_off().for_page()),
        )
        for link in examples:
            link.example = technique_example(link.claim.remarks.all(), link.phrase)
        return self.render_to_response(self.get_context_data(examples=examples, **pages.context()))


@dataclass
class Example:
    """A remark shown as a technique's example: words that print the marked phrase, and who printed them."""

    remark: Remark
    words: str
    direct: bool  # the speaker's own words, not a paraphrase
    source: object  # the source of those words; None for a remark no source reports


def technique_example(remarks, phrase):
    """The earliest remark whose words (its own or a report's) print `phrase`, else the earliest remark's
    wording; None without remarks. Reads each remark's prefetched reports."""
    for remark in remarks:
        reports = list(remark.reports.all())
        first_source = reports[0].source if reports else None
        texts = [(remark.words, True, first_source)] if remark.words else []
        texts += [(report.quote, report.is_direct_quote, report.source) for report in reports]
        for words, direct, source in texts:
            if phrase and spans.occurrences(phrase, words):
                return Example(remark, words, direct, source)
    first = next(iter(remarks), None)
    if first is None:
        return None
    words, direct = first.wording
    report = next(iter(first.reports.all()), None)
    return Example(first, words, direct, report.source if report else None)


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
    """A framing term: its script, pinyin, first use and plain term, and every remark of the claims filed under
    it, in date order, `per_page` at a time."""

    model = FramingTerm
    template_name = "claims/glossary_term.html"
    per_page = 50

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        quotes = Remark.objects.public().filter(claim__framing_terms=self.object).for_page().select_related(
            "claim").chronological()
        try:
            pages = paginate(request, Paginator(quotes, self.per_page))
        except PageError as error:
            return self.render_to_response(self.get_context_data(quotes=[], **error.context()), status=error.status)
        return self.render_to_response(self.get_context_data(quotes=pages.page.object_list, **pages.context()))


class FamilyListView(ListView):
    """Every talking-point family, with how many variants and remarks it has and the years it spans."""

    queryset = Family.objects.filter(Claim.objects.public_q("claims__")).annotate(
        variant_count=Count("claims"), remark_count=Sum("claims__remark_count"),
        first_year=ExtractYear(Min("claims__first_seen")), last_year=ExtractYear(Max("claims__last_seen")),
    ).order_by("name")


class FamilyDetailView(TemplateView):
    """A talking point's wording over time: every remark of its variants in date order, each against the one
    before, with the remarks per year of each variant, and its first and latest wording."""

    template_name = "claims/family_detail.html"
    per_page = 50
    variants_shown = 50

    def get(self, request, *args, **kwargs):
        family = get_object_or_404(Family, slug=kwargs["slug"])
        remarks = Remark.objects.public().of_family(family)
        worded = remarks.dated().exclude(words="").select_related("speaker", "claim")
        variants = list(family.claims.public().with_reviews().order_by(F("first_seen").asc(nulls_last=True), "text")
                        [:self.variants_shown + 1])
        if not variants:
            raise Http404("No talking-point family at that address.")
        # Remarks per variant and year: the chart and the total, counted every few minutes (the page says when).
        counts, counted_at = recently_counted(
            f"family-years:{family.pk}", request.GET, ignore=("page",),
            count=lambda: list(remarks.values_list("claim_id", ExtractYear("date")).annotate(n=Count("pk")).order_by()))
        first, latest = worded.chronological().first(), worded.order_by(F("date").desc(), "-pk").first()
        ends = [("First", first)] + ([("Latest", latest)] if latest is not None and latest != first else [])
        context = self.get_context_data(
            family=family,
            variants=variants[:self.variants_shown],
            more_variants=len(variants) > self.variants_shown,
            chart=wording.remarks_per_year(counts, variants[:self.variants_shown]),
            counted_at=counted_at,
            first=first,
            wording_ends=ends,
            ends_diff=wording.word_diff(first.words, latest.words) if len(ends) == 2 else None,
            **kwargs,
        )
        paginator = CountedPaginator(remarks.chronological().values_list("pk", flat=True), self.per_page,
                                     sum(n for _, _, n in counts))
        try:
            pages = paginate(request, paginator)
        except PageError as error:
            return self.render_to_response({**context, **error.context()}, status=error.status)
        # One remark more, from the end of the page before, so the page's first remark has a wording to differ from.
        start = (pages.page.number - 1) * self.per_page
        shown = list(remarks.for_page().select_related("claim").chronological()[max(start - 1, 0):start + self.per_page])
        before = shown.pop(0) if start else None
        pages.page.object_list = shown  # the page's ids are never read: `{% if page %}` would count them again
        context.update(pages.context(), total=paginator.count,
                       remarks=wording.with_diffs(shown, before if before and before.words else None))
        return self.render_to_response(context)


class TimelineView(TemplateView):
    """Every dated quote in the dataset, in date order, a page at a time, narrowed by TimelineFilter: drawn in a
    lane per role beside a lane of key events, and listed in a table with the links the drawing cannot hold."""

    template_name = "claims/timeline.html"
    per_page = 100

    def get(self, request, *args, **kwargs):
        filterset = TimelineFilter(request.GET, queryset=Remark.objects.public())
        key_events = list(KeyEvent.objects.select_related("source"))
        for number, event in enumerate(key_events, 1):
            event.number = number  # the drawing labels each key event with its place in the list
        context = self.get_context_data(filter=filterset, key_events=key_events, **kwargs)
        if not filterset.is_valid():
            return self.render_to_response({**context, "errors": filterset.form.errors}, status=400)
        quotes = filterset.qs
        # Counting every remark by year reads them all (150 ms at 300,000): counted every few minutes, as facets are.
        years, counted_at = recently_counted("timeline-years", request.GET, lambda: self.year_links(quotes),
                                             ignore=("page", "year"))
        # A page's ids come from the (date, id) index alone, however deep the page; then only those rows are read.
        # The total is known from the year links: no second count.
        paginator = CountedPaginator(quotes.chronological().values_list("pk", flat=True), self.per_page,
                                     sum(count for _, count, _ in years))
        context.update(years=years, total=paginator.count, counted_at=counted_at,
                       speaker=filterset.form.cleaned_data.get("speaker"))
        # ?year=2019 (what every date links to) opens the page where that year starts.
        start_pages = {str(year): start for year, _, start in years}
        try:
            pages = paginate(request, paginator, first=start_pages.get(request.GET.get("year"), 1))
        except PageError as error:
            return self.render_to_response({**context, **error.context()}, status=error.status)
        ids = list(pages.page.object_list)
        found = Remark.objects.for_page().select_related("claim").in_bulk(ids)
        shown = [found[pk] for pk in ids]
        context.update(
            pages.context(),
            timeline=timeline.build([*ClaimRole.lanes(), ("Key events", "event-side")],
                                    self.events(shown) + self.key_event_marks(shown, key_events)),
            groups=[(year, list(group)) for year, group in groupby(shown, key=lambda a: a.date and a.date.year)],
        )
        return self.render_to_response(context)

    @staticmethod
    def events(remarks):
        return [timeline.Event(r.date, r.date_precision, f"{r.date_display}: {r.speaker}: {r.claim.text}",
                               f"#remark-{r.pk}", ClaimRole(r.claim.role).lane) for r in remarks]

    @staticmethod
    def key_event_marks(quotes, key_events):
        """The key events within the years of the remarks shown, numbered as in the list: a page of one month of
        2015 is not squeezed to fit 2022 in."""
        years = [a.date.year for a in quotes if a.date]
        if not years:
            return []
        lane = len(ClaimRole.lanes())
        return [timeline.Event(e.date, e.date_precision, f"{e.number}. {e.date_display}: {e.title}", f"#event-{e.slug}",
                               lane, number=e.number)
                for e in key_events if min(years) <= e.date.year <= max(years)]

    def year_links(self, remarks):
        """(year, how many remarks, the page it starts on) for every year, undated (None) last."""
        rows = (remarks.values(year=ExtractYear("date")).annotate(n=Count("pk")).order_by(F("year").asc(nulls_last=True)))
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
