"""Pages for finding and comparing claims. Thin: queries live on the QuerySets and in ClaimFilter."""
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView, TemplateView, View

from sources.models import Actor, Source
from tracker.pagination import PageError, paginate

from . import timeline
from .claimreview import claim_review
from .filters import ClaimFilter
from .models import Appearance, Claim, ClaimRole, FramingTerm, Technique, Topic, reply_trees

PER_PAGE = 20
# Shown as inputs of the search form; every other parameter rides along as a hidden input.
FORM_FIELDS = ("q", "said_after", "said_before", "sort")


class HomeView(TemplateView):
    template_name = "claims/home.html"

    def get_context_data(self, **kwargs):
        claims = Claim.objects.with_role().with_reviews()
        return super().get_context_data(
            counts={
                "claims": Claim.objects.count(),
                "talking_points": Claim.objects.talking_points().count(),
                "actors": Actor.objects.count(),
                "sources": Source.objects.count(),
                "appearances": Appearance.objects.count(),
            },
            topics=Topic.objects.annotate(claim_count=Count("claims")).order_by("name"),
            most_rebutted=Claim.objects.most_rebutted_talking_points()[:6],
            latest=claims.latest()[:6],
            filter=ClaimFilter(queryset=Claim.objects.none()),
            **kwargs,
        )


class ClaimListView(View):
    """The claim finder: ClaimFilter's results, paginated, with facet counts. Bad input is a 400 with its message."""

    template_name = "claims/claim_list.html"

    def get(self, request):
        filterset = ClaimFilter(
            request.GET, queryset=Claim.objects.with_role().with_reviews().prefetch_related("topics", "techniques")
        )
        context = {
            "filter": filterset,
            "kept_params": [(name, value) for name, values in request.GET.lists()
                            if name not in FORM_FIELDS and name != "page" for value in values if "\x00" not in value],
            "searching": False,
        }
        if not filterset.is_valid():
            return render(request, self.template_name, {**context, "errors": filterset.form.errors}, status=400)

        def url_for(params):
            query = params.urlencode()
            return f"{request.path}?{query}" if query else request.path

        paginator = Paginator(filterset.qs, PER_PAGE)
        export_params = request.GET.copy()
        export_params.pop("page", None)
        context.update(
            csv_url=reverse("exports:claims-csv") + (f"?{export_params.urlencode()}" if export_params else ""),
            searching=bool(filterset.form.cleaned_data.get("q")),
            facets=filterset.facets(url_for),
            total=paginator.count,
        )
        try:
            pages = paginate(request, paginator)
        except PageError as error:
            return render(request, self.template_name, {**context, **error.context()}, status=error.status)
        context.update(pages.context(), claims=pages.page.object_list)
        return render(request, self.template_name, context)


class ClaimDetailView(DetailView):
    """The comparison page: the claim against everything that answers it."""

    queryset = Claim.objects.for_detail()

    def get_context_data(self, **kwargs):
        claim = self.object
        replies = reply_trees([claim])[claim.pk]
        events = timeline.appearance_events(claim.appearances.all(), 0) + timeline.reply_events(replies, 0, 1)
        url = self.request.build_absolute_uri(claim.get_absolute_url())
        return super().get_context_data(
            replies=replies,
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
        claims = Claim.objects.with_stats().with_role().with_reviews().filter(techniques=self.object).prefetch_related(
            Prefetch("appearances", queryset=Appearance.objects.for_page().order_by("date", "pk"))
        ).order_by("first_seen", "text")
        return super().get_context_data(claims=claims, **kwargs)


class GlossaryView(ListView):
    queryset = FramingTerm.objects.prefetch_related(Prefetch("claims", queryset=Claim.objects.order_by("text")))
    template_name = "claims/glossary.html"


class TimelineView(TemplateView):
    """Every dated appearance in the dataset on one axis, and year by year as a list."""

    template_name = "claims/timeline.html"

    def get_context_data(self, **kwargs):
        appearances = list(Appearance.objects.for_page().select_related("claim").with_claim_role().chronological())
        events = [timeline.Event(a.date, a.date_precision, f"{a.date_display}: {a.speaker}: {a.claim.text}",
                                 f"#appearance-{a.pk}", 0 if a.claim_role == ClaimRole.TALKING_POINT else 1)
                  for a in appearances]
        years = [(year, list(group)) for year, group in groupby(appearances, key=lambda a: a.date and a.date.year)]
        return super().get_context_data(
            timeline=timeline.build([("Talking points and replies", "claim-side"), ("Counterclaims", "counter-side")],
                                    events),
            years=years,
            **kwargs,
        )
