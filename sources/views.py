"""Actor and source pages. `sources` never imports `claims`: what was said is reached through reverse relations."""
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.views.generic import DetailView, ListView

from tracker.counts import recently_counted
from tracker.pagination import CountedPaginator, PageError, paginate

from .models import Actor, Source

REMARKS_PER_PAGE = 50
SOURCES_PER_PAGE = 50


def _count_of(model, relation):
    """How many public rows of a reverse relation of `model` (named, so this app need not import claims) point
    at it: the related models' querysets know what is public."""
    field = model._meta.get_field(relation)
    rows = field.related_model.objects.public().filter(**{field.field.name: OuterRef("pk")}).order_by()
    return Coalesce(Subquery(rows.values(field.field.name).annotate(n=Count("pk")).values("n")), 0)


class ActorListView(ListView):
    queryset = Actor.objects.select_related("affiliation").annotate(
        remark_count=_count_of(Actor, "remarks")
    ).order_by("name")


class ActorDetailView(DetailView):
    queryset = Actor.objects.select_related("affiliation").prefetch_related(
        Prefetch("members", queryset=Actor.objects.order_by("name")),
        Prefetch("published_sources", queryset=Source.objects.all()),
        Prefetch("authored_sources", queryset=Source.objects.select_related("publisher")),
    )

    def get(self, request, *args, **kwargs):
        self.object = actor = self.get_object()
        # An organisation's page includes what those who speak for it said (Actor.affiliation), unless
        # ?own_name=true asks for what it said in its own name only.
        own_name = request.GET.get("own_name", "")
        members = list(actor.members.all())
        speakers = [actor] if own_name == "true" else [actor, *members]
        # Every remark this actor (or a member) made, over time, with its reports, a page at a time.
        Remark = Actor._meta.get_field("remarks").related_model  # `sources` does not import `claims`
        remarks = Remark.objects.public().filter(speaker__in=speakers).for_page().select_related("claim").chronological()
        # How many: counted every few minutes (a ministry's tens of thousands of remarks take 50-100 ms to count).
        total, counted_at = recently_counted(f"actor-remarks:{actor.pk}", request.GET, remarks.count)
        paginator = CountedPaginator(remarks, REMARKS_PER_PAGE, total)
        context = {"object": actor, "own_name": own_name == "true", "has_members": bool(members),
                   "counted_at": counted_at}
        try:
            if own_name not in ("", "true"):
                raise PageError(400, "own_name takes one value: own_name=true (what it said in its own name only).")
            pages = paginate(request, paginator)
        except PageError as error:
            context = self.get_context_data(**context, remarks=[], remark_total=paginator.count, **error.context())
            return self.render_to_response(context, status=error.status)
        context = self.get_context_data(
            **context, remarks=pages.page.object_list, remark_total=paginator.count, **pages.context(),
        )
        return self.render_to_response(context)


class SourceListView(ListView):
    """Every source, newest first, SOURCES_PER_PAGE at a time: the list grows with every import."""

    # Counted per source shown (correlated subqueries), not by grouping every quote and piece of evidence
    # in the database for each page; newest first, undated last, along the source_newest_first index.
    queryset = Source.objects.select_related("publisher").annotate(
        appearance_count=_count_of(Source, "appearances"), evidence_count=_count_of(Source, "evidence"),
    ).order_by(*Source._meta.ordering, "pk")

    def get(self, request, *args, **kwargs):
        self.object_list = self.get_queryset()
        paginator = Paginator(self.object_list, SOURCES_PER_PAGE)
        try:
            pages = paginate(request, paginator)
        except PageError as error:
            context = self.get_context_data(object_list=[], source_total=paginator.count, **error.context())
            return self.render_to_response(context, status=error.status)
        context = self.get_context_data(object_list=pages.page.object_list, source_total=paginator.count,
                                        **pages.context())
        return self.render_to_response(context)


class SourceDetailView(DetailView):
    queryset = Source.objects.select_related("publisher").prefetch_related("authors")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            appearances=self.object.appearances.public().select_related("remark__speaker", "remark__claim").order_by(
                F("remark__date").asc(nulls_last=True), "pk"),
            evidence=self.object.evidence.public().select_related("claim").order_by("claim__text", "pk"),
            **kwargs,
        )
