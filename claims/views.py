"""Pages for finding and comparing claims. Thin: queries live on the QuerySets and in ClaimFilter."""
from itertools import groupby

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min, Prefetch, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView, TemplateView, View

from sources.models import Actor, Source
from tracker.pagination import PageError, paginate

from . import sitesearch, timeline, wording
from .claimreview import claim_review
from .facets import CACHE_SECONDS, facets
from .filters import ClaimFilter
from .forms import MatchForm, SearchForm
from .matching import similar_claims
from .models import ANSWERS_PER_PAGE, Claim, ClaimRole, Family, FramingTerm, Remark, Technique, Topic, reply_trees

PER_PAGE = 20
# Shown as inputs of the search form; every other parameter rides along as a hidden input.
FORM_FIELDS = ("q", "said_after", "said_before", "sort")


class HomeView(TemplateView):
    template_name = "claims/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **caches["counts"].get_or_set("home", self.totals, CACHE_SECONDS),
            most_rebutted=Claim.objects.most_rebutted_talking_points()[:6],
            latest=Claim.objects.newest_first()[:6],
            **kwargs,
        )


    @staticmethod
    def totals():
        """The dataset in numbers and its topics: counted at most every CACHE_SECONDS (the page says so)."""
        return {
            "counts": {
                "claims": Claim.objects.count(),
                "talking_points": Claim.objects.talking_points().count(),
                "actors": Actor.objects.count(),
                "sources": Source.objects.count(),
                "remarks": Remark.objects.count(),
            },
            "topics": list(Topic.objects.annotate(claim_count=Count("claims")).order_by("name")),
        }


class ClaimListView(View):
    """The claim finder: ClaimFilter's results, paginated, with facet counts. Bad input is a 400 with its message."""

    template_name = "claims/claim_list.html"

    def get(self, request):
        filterset = ClaimFilter(request.GET, queryset=Claim.objects.for_list())
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
            own_name=filterset.form.cleaned_data.get("own_name") == "true",
            searching=bool(filterset.form.cleaned_data.get("q")),
            facets=facet_list,
            facets_counted_at=counted_at,
            total=paginator.count,
        )
        try:
            pages = paginate(request, paginator)
        except PageError as error:
            return render(request, self.template_name, {**context, **error.context()}, status=error.status)
        claims = list(pages.page.object_list)
        context.update(pages.context(), claims=claims, said_for=self.said_for(filterset.form.cleaned_data, claims))
        return render(request, self.template_name, context)

    @staticmethod
    def said_for(data, claims):
        """{claim pk: [(organisation, [speaker names])]}: who said each claim for an organisation the speaker filter
        chose (its spokespeople, whom the filter includes), so the list can say so. One query, for the page."""
        if not data.get("speaker") or data.get("own_name") == "true" or not claims:
            return {}
        rows = (Remark.objects.filter(claim__in=claims, speaker__affiliation__in=data["speaker"])
                .values_list("claim_id", "speaker__affiliation__name", "speaker__name").distinct()
                .order_by("claim_id", "speaker__affiliation__name", "speaker__name"))
        found = {}
        for claim_id, organisation, speaker in rows:
            by_organisation = found.setdefault(claim_id, {})
            by_organisation.setdefault(organisation, []).append(speaker)
        return {claim_id: list(by_organisation.items()) for claim_id, by_organisation in found.items()}


class ClaimDetailView(DetailView):
    """The comparison page: the claim against everything that answers it."""

    queryset = Claim.objects.for_detail()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # What answers it comes ANSWERS_PER_PAGE at a time: some claims draw thousands of counterclaims.
        paginator = Paginator(range(self.object.rebuttal_count), ANSWERS_PER_PAGE)
        try:
            pages = paginate(request, paginator)
        except PageError as error:
            return self.render_to_response(self.get_context_data(replies=[], **error.context()), status=error.status)
        offset = (pages.page.number - 1) * ANSWERS_PER_PAGE
        replies = reply_trees([self.object], offset=offset)[self.object.pk]
        return self.render_to_response(self.get_context_data(replies=replies, **pages.context()))

    def get_context_data(self, replies, **kwargs):
        claim = self.object
        events = timeline.remark_events(claim.remarks.all(), 0) + timeline.reply_events(replies, 0, 1)
        url = self.request.build_absolute_uri(claim.get_absolute_url())
        return super().get_context_data(
            replies=replies,
            # A talking point is often said before this wording of it was: the family's first remark says when.
            family_first=claim.family and Remark.objects.of_family(claim.family).dated().chronological()
            .select_related("speaker", "claim").first(),
            claimreview=claim_review(claim, self.request),
            timeline=timeline.build([("The claim and replies to its counterclaims", "claim-side"),
                                     ("Counterclaims", "counter-side")], events),
            citation=claim.citation(url),
            bibtex=claim.bibtex(url),
            **kwargs,
        )


class CompareView(TemplateView):
    """Any two claims side by side, in the comparison page's layout."""

    template_name = "claims/compare.html"

    def get_context_data(self, **kwargs):
        slugs = [self.kwargs["a"], self.kwargs["b"]]
        found = {claim.slug: claim for claim in Claim.objects.for_detail().filter(slug__in=slugs)}
        if any(slug not in found for slug in slugs):
            raise Http404("No claim with that address.")
        left, right = found[slugs[0]], found[slugs[1]]
        trees = reply_trees([left, right]) if left != right else {left.pk: reply_trees([left])[left.pk]}
        events = (timeline.remark_events(left.remarks.all(), 0)
                  + timeline.remark_events(right.remarks.all(), 1))
        return super().get_context_data(
            columns=[(left, trees[left.pk]), (right, trees[right.pk])],
            left=left, right=right,
            timeline=timeline.build([(f"Left: {Truncator(left.text).words(12)}", "claim-side"),
                                     (f"Right: {Truncator(right.text).words(12)}", "counter-side")], events),
            **kwargs,
        )


class TopicListView(ListView):
    queryset = Topic.objects.annotate(claim_count=Count("claims"))


class TopicDetailView(DetailView):
    model = Topic

    def get_context_data(self, **kwargs):
        claims = Claim.objects.for_list().filter(topics=self.object).order_by("-rebuttal_count", "text")
        return super().get_context_data(claims=claims, **kwargs)


class TechniqueListView(ListView):
    queryset = Technique.objects.annotate(claim_count=Count("claims"))


class TechniqueDetailView(DetailView):
    model = Technique

    def get_context_data(self, **kwargs):
        claims = Claim.objects.with_reviews().filter(techniques=self.object).prefetch_related(
            Prefetch("remarks", queryset=Remark.objects.for_page().chronological())
        ).order_by("first_seen", "text")
        return super().get_context_data(claims=claims, **kwargs)


class GlossaryView(ListView):
    queryset = FramingTerm.objects.prefetch_related(Prefetch("claims", queryset=Claim.objects.order_by("text")))
    template_name = "claims/glossary.html"


class FamilyListView(ListView):
    """Every talking-point family, with how many variants and remarks it has and the years it spans."""

    queryset = Family.objects.annotate(
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
        remarks = Remark.objects.of_family(family)
        worded = remarks.dated().exclude(words="").select_related("speaker", "claim")
        variants = list(family.claims.with_reviews().order_by(F("first_seen").asc(nulls_last=True), "text")
                        [:self.variants_shown + 1])
        counts = (remarks.values_list("claim_id", ExtractYear("date")).annotate(n=Count("pk")).order_by())
        first, latest = worded.chronological().first(), worded.order_by(F("date").desc(), "-pk").first()
        ends = [("First", first)] + ([("Latest", latest)] if latest is not None and latest != first else [])
        context = self.get_context_data(
            family=family,
            variants=variants[:self.variants_shown],
            more_variants=len(variants) > self.variants_shown,
            chart=wording.remarks_per_year(list(counts), variants[:self.variants_shown]),
            first=first,
            wording_ends=ends,
            ends_diff=wording.word_diff(first.words, latest.words) if len(ends) == 2 else None,
            **kwargs,
        )
        paginator = Paginator(remarks.chronological().values_list("pk", flat=True), self.per_page)
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
    """Every dated remark in the dataset, in date order, a page at a time: on one axis and as a list."""

    template_name = "claims/timeline.html"
    per_page = 100

    def get(self, request, *args, **kwargs):
        years = self.year_links()
        # A page's ids come from the (date, id) index alone, however deep the page; then only those rows are read.
        paginator = Paginator(Remark.objects.chronological().values_list("pk", flat=True), self.per_page)
        paginator.count = sum(count for _, count, _ in years)  # known from the year links: no second count
        context = self.get_context_data(years=years, total=paginator.count, **kwargs)
        # ?year=2019 (what every date links to) opens the page where that year starts.
        start_pages = {str(year): start for year, _, start in years}
        try:
            pages = paginate(request, paginator, first=start_pages.get(request.GET.get("year"), 1))
        except PageError as error:
            return self.render_to_response({**context, **error.context()}, status=error.status)
        ids = list(pages.page.object_list)
        found = Remark.objects.for_page().select_related("claim").in_bulk(ids)
        shown = [found[pk] for pk in ids]
        events = [timeline.Event(r.date, r.date_precision, f"{r.date_display}: {r.speaker}: {r.claim.text}",
                                 f"#remark-{r.pk}", ClaimRole(r.claim.role).lane)
                  for r in shown]
        context.update(
            pages.context(),
            timeline=timeline.build(ClaimRole.lanes(), events),
            groups=[(year, list(group)) for year, group in groupby(shown, key=lambda a: a.date and a.date.year)],
        )
        return self.render_to_response(context)

    def year_links(self):
        """(year, how many remarks, the page it starts on) for every year, undated (None) last."""
        rows = (Remark.objects.values(year=ExtractYear("date")).annotate(n=Count("pk"))
                .order_by(F("year").asc(nulls_last=True)))
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
        matches = similar_claims(text, limit=self.limit) if text else None
        return render(request, self.template_name, {"form": form, "shown": shown, "matches": matches})
