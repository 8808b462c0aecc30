from django.views.generic import DetailView, ListView

from .models import Actor, Source


class ActorListView(ListView):
    queryset = Actor.objects.select_related("affiliation")


class ActorDetailView(DetailView):
    queryset = Actor.objects.select_related("affiliation")


class SourceListView(ListView):
    queryset = Source.objects.select_related("publisher")


class SourceDetailView(DetailView):
    queryset = Source.objects.select_related("publisher")
