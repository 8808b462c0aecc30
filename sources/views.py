"""Actor and source pages. `sources` never imports `claims`: what was said is reached through reverse relations."""
from django.db.models import Count, Prefetch
from django.views.generic import DetailView, ListView

from .models import Actor, Source


class ActorListView(ListView):
    queryset = Actor.objects.select_related("affiliation").annotate(
        appearance_count=Count("appearances", distinct=True)
    ).order_by("name")


class ActorDetailView(DetailView):
    queryset = Actor.objects.select_related("affiliation").prefetch_related(
        Prefetch("members", queryset=Actor.objects.order_by("name")),
        Prefetch("published_sources", queryset=Source.objects.order_by("-published", "title")),
        Prefetch("authored_sources", queryset=Source.objects.select_related("publisher").order_by("-published", "title")),
    )

    def get_context_data(self, **kwargs):
        # Every claim this actor stated or answered, over time (role: talking point or counterclaim).
        appearances = (self.object.appearances.for_page().select_related("claim").with_claim_role().chronological())
        return super().get_context_data(appearances=appearances, **kwargs)


class SourceListView(ListView):
    queryset = Source.objects.select_related("publisher").annotate(
        appearance_count=Count("appearances", distinct=True), evidence_count=Count("evidence", distinct=True)
    )


class SourceDetailView(DetailView):
    queryset = Source.objects.select_related("publisher").prefetch_related("authors")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            appearances=self.object.appearances.select_related("speaker", "claim").order_by("date", "pk"),
            evidence=self.object.evidence.select_related("claim").order_by("claim__text", "pk"),
            **kwargs,
        )
