"""The read-only JSON API: claims with the list page's filters (ClaimFilter), and the objects around them.

Every endpoint answers GET/HEAD/OPTIONS only; /api/ responses are open to any
origin (tracker.middleware.ApiCorsMiddleware). Each list and detail runs a fixed
number of queries, whatever the number of rows (tests/api/test_api.py pins them).
"""
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from sources.models import Actor, Source

from . import serializers
from .filters import ClaimFilter
from .models import Appearance, Claim, Evidence, FramingTerm, Rebuttal, Review, Technique, Topic


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    # List and detail by slug, with a different serializer (and queryset) for the detail.
    # (A comment, not a docstring: drf-spectacular would publish a docstring as every endpoint's description.)

    lookup_field = "slug"
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class


@extend_schema_view(
    list=extend_schema(
        summary="List claims",
        description=(
            "The claims of the /claims/ page, with the same filters and the same sort. Filters on appearances "
            "(speaker, speaker_country, speaker_kind, said_after, said_before, language) must all hold for one "
            "and the same appearance. Without `sort`, results come by relevance when searching (`q`), else "
            "most rebutted first."
        ),
    ),
    retrieve=extend_schema(
        summary="One claim",
        description="The claim with its appearances, evidence, the claims it rebuts and the claims that rebut it.",
    ),
)
class ClaimViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ClaimSerializer
    detail_serializer_class = serializers.ClaimDetailSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter

    def get_queryset(self):
        # ClaimFilter adds the stats (with_stats) and the order; here only what the serializer reads.
        claims = Claim.objects.with_reviews().prefetch_related("topics", "techniques")
        if self.action != "retrieve":
            return claims
        return claims.prefetch_related(
            "framing_terms",
            Prefetch("appearances", Appearance.objects.select_related("speaker", "source")),
            Prefetch("evidence", Evidence.objects.select_related("source")),
            Prefetch("rebuts", Rebuttal.objects.select_related("rebutted").order_by("rebutted__text")),
            Prefetch("rebuttals", Rebuttal.objects.select_related("counterclaim").order_by("counterclaim__text")),
            Prefetch("rebuts__rebutted__reviews", Review.objects.for_page()),
            Prefetch("rebuttals__counterclaim__reviews", Review.objects.for_page()),
        )


def claim_reviews(through):
    """Prefetch the reviews (a ClaimRef's verdict) of the claims reached through `through`."""
    return Prefetch(f"{through}__claim__reviews", Review.objects.for_page())


@extend_schema_view(list=extend_schema(summary="List actors"), retrieve=extend_schema(summary="One actor"))
class ActorViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ActorSerializer
    detail_serializer_class = serializers.ActorDetailSerializer
    filter_backends = []

    def get_queryset(self):
        actors = Actor.objects.select_related("affiliation")
        if self.action == "retrieve":
            actors = actors.prefetch_related(
                Prefetch("appearances", Appearance.objects.select_related("claim")), claim_reviews("appearances")
            )
        return actors


@extend_schema_view(list=extend_schema(summary="List sources"), retrieve=extend_schema(summary="One source"))
class SourceViewSet(ReadOnlyViewSet):
    serializer_class = serializers.SourceSerializer
    detail_serializer_class = serializers.SourceDetailSerializer
    filter_backends = []

    def get_queryset(self):
        sources = Source.objects.select_related("publisher").prefetch_related("authors")
        if self.action == "retrieve":
            sources = sources.prefetch_related(
                Prefetch("appearances", Appearance.objects.select_related("claim")),
                Prefetch("evidence", Evidence.objects.select_related("claim")),
                claim_reviews("appearances"), claim_reviews("evidence"),
            )
        return sources


class VocabularyViewSet(ReadOnlyViewSet):
    # Topics, techniques, framing terms: the detail lists the claims filed under it.

    model = None
    filter_backends = []

    def get_queryset(self):
        items = self.model.objects.all()
        if self.action == "retrieve":
            items = items.prefetch_related(Prefetch("claims", Claim.objects.with_reviews().order_by("text")))
        return items


@extend_schema_view(list=extend_schema(summary="List topics"), retrieve=extend_schema(summary="One topic"))
class TopicViewSet(VocabularyViewSet):
    model = Topic
    serializer_class = serializers.TopicSerializer
    detail_serializer_class = serializers.TopicDetailSerializer


@extend_schema_view(
    list=extend_schema(summary="List propaganda techniques"), retrieve=extend_schema(summary="One technique")
)
class TechniqueViewSet(VocabularyViewSet):
    model = Technique
    serializer_class = serializers.TechniqueSerializer
    detail_serializer_class = serializers.TechniqueDetailSerializer


@extend_schema_view(list=extend_schema(summary="List framing terms"), retrieve=extend_schema(summary="One framing term"))
class FramingTermViewSet(VocabularyViewSet):
    model = FramingTerm
    serializer_class = serializers.FramingTermSerializer
    detail_serializer_class = serializers.FramingTermDetailSerializer
