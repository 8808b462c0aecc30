from django.views.generic import DetailView, ListView, TemplateView

from .models import Claim, FramingTerm, Technique, Topic


class HomeView(TemplateView):
    template_name = "claims/home.html"


class ClaimListView(ListView):
    queryset = Claim.objects.for_list()
    paginate_by = 20


class ClaimDetailView(DetailView):
    queryset = Claim.objects.all()


class TopicListView(ListView):
    model = Topic


class TopicDetailView(DetailView):
    model = Topic


class TechniqueListView(ListView):
    model = Technique


class TechniqueDetailView(DetailView):
    model = Technique


class GlossaryView(ListView):
    model = FramingTerm
    template_name = "claims/glossary.html"
