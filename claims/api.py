"""The read-only JSON API: claims with the list page's filters (ClaimFilter), and the objects around them.

Every endpoint answers GET/HEAD/OPTIONS only; /api/ responses are open to any
origin (django-cors-headers, CORS_URLS_REGEX). Each list and detail runs a fixed
number of queries, whatever the number of rows (tests/api/test_api.py pins them).
"""
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers as drf_serializers
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from sources.models import Actor, Source

from . import serializers, sitesearch
from .filters import ClaimFilter
from .forms import MatchForm, SearchForm
from .matching import similar_claims
from .search import highlight
from .models import Appearance, Claim, Evidence, FramingTerm, Rebuttal, Remark, Review, Technique, Topic


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
            "The claims of the /claims/ page, with the same filters and the same sort. Filters on remarks "
            "(speaker, speaker_country, speaker_kind, said_after, said_before, language) must all hold for one "
            "and the same remark; an organisation as `speaker` includes those who speak for it unless "
            "`own_name=true`. Without `sort`, results come by relevance when searching (`q`), else "
            "most rebutted first. A search lists at most the 1,000 claims that match best among those the other "
            "filters leave (those whose own text or context matches first): a `count` of 1,000 may mean more "
            "matched; /claims/export.csv has every match."
        ),
    ),
    retrieve=extend_schema(
        summary="One claim",
        description="The claim with its remarks (each with the sources that report it), evidence, the claims it "
                    "rebuts and the claims that rebut it.",
    ),
)
class ClaimViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ClaimSerializer
    detail_serializer_class = serializers.ClaimDetailSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter

    def get_queryset(self):
        # ClaimFilter adds the order; here what the serializer reads.
        claims = Claim.objects.public().with_reviews().prefetch_related("topics", "techniques").select_related("family")
        if self.action != "retrieve":
            return claims
        return claims.prefetch_related(
            "framing_terms",
            Prefetch("remarks", Remark.objects.select_related("speaker").prefetch_related(
                Prefetch("reports", Appearance.objects.select_related("source")))),
            Prefetch("evidence", Evidence.objects.select_related("source")),
            Prefetch("rebuts", Rebuttal.objects.public().select_related("rebutted").order_by("rebutted__text")),
            Prefetch("rebuttals", Rebuttal.objects.public().select_related("counterclaim").order_by("counterclaim__text")),
            Prefetch("rebuts__rebutted__reviews", Review.objects.signed_off().for_page()),
            Prefetch("rebuttals__counterclaim__reviews", Review.objects.signed_off().for_page()),
        )

    def filter_queryset(self, queryset):
        # A claim's own address ignores the list's filters: /api/claims/<slug>/?verdict=false is still that claim.
        return super().filter_queryset(queryset) if self.action == "list" else queryset


def claim_reviews(through):
    """Prefetch the reviews (a ClaimRef's verdict) of the claims reached through `through`."""
    return Prefetch(f"{through}__claim__reviews", Review.objects.signed_off().for_page())


@extend_schema_view(list=extend_schema(summary="List actors"), retrieve=extend_schema(summary="One actor"))
class ActorViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ActorSerializer
    detail_serializer_class = serializers.ActorDetailSerializer
    filter_backends = []

    def get_queryset(self):
        actors = Actor.objects.select_related("affiliation")
        if self.action == "retrieve":
            actors = actors.prefetch_related(
                Prefetch("remarks", Remark.objects.public().select_related("claim")), claim_reviews("remarks")
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
                Prefetch("appearances", Appearance.objects.public().select_related("remark__claim")),
                Prefetch("evidence", Evidence.objects.public().select_related("claim")),
                claim_reviews("appearances__remark"), claim_reviews("evidence"),
            )
        return sources


class VocabularyViewSet(ReadOnlyViewSet):
    # Topics, techniques, framing terms: the detail lists the claims filed under it.

    model = None
    filter_backends = []

    def get_queryset(self):
        items = self.model.objects.all()
        if self.action == "retrieve":
            items = items.prefetch_related(Prefetch("claims", Claim.objects.public().with_reviews().order_by("text")))
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


class SchemaView(SpectacularAPIView):
    """/api/schema/: the OpenAPI document. One version, in English: `?version=` and `?lang=` are ignored.

    drf-spectacular would put `version` into the Content-Disposition header (a newline
    in it was a 500) and hand `lang` to translation.override.
    """

    @extend_schema(exclude=True)  # the schema does not describe itself (SERVE_INCLUDE_SCHEMA is off)
    def get(self, request, *args, **kwargs):
        return self._get_schema_response(request)

    def _get_version_parameter(self, request):
        return None


class SearchHitSerializer(drf_serializers.Serializer):
    title = drf_serializers.CharField()
    url = drf_serializers.CharField(help_text="The page of the hit.")
    snippet = drf_serializers.CharField(help_text="HTML: the matching text, escaped, with the matched words in <mark>.")
    meta = drf_serializers.CharField(help_text="Speaker and date, source, role or plain term, as the page shows it.")
    slug = drf_serializers.CharField(help_text="The slug of the claim, actor, source or framing term.")


class SearchSectionSerializer(drf_serializers.Serializer):
    kind = drf_serializers.ChoiceField(choices=["claims", "quotes", "evidence", "sources", "actors", "terms"])
    label = drf_serializers.CharField()
    count = drf_serializers.IntegerField(help_text="How many of this kind match (the first 10 are listed).")
    more = drf_serializers.BooleanField(help_text="More match than `count`: claims are counted among the best 1,000 only.")
    hits = SearchHitSerializer(many=True)


class SearchResultsSerializer(drf_serializers.Serializer):
    query = drf_serializers.CharField()
    total = drf_serializers.IntegerField()
    suggestion = drf_serializers.CharField(help_text='"Did you mean": a corrected query when little matches, or "".')
    sections = SearchSectionSerializer(many=True)


class MatchSerializer(drf_serializers.Serializer):
    claim = serializers.ClaimRefSerializer()
    score = drf_serializers.FloatField(help_text="Higher is closer; comparable within one answer only.")
    matched_words = drf_serializers.ListField(child=drf_serializers.CharField(), help_text="Words the claim shares with the statement.")
    matched_quote = drf_serializers.CharField(help_text="HTML: the quote of the claim that matched best, with the shared words in <mark>, or \"\".")


class MatchResultsSerializer(drf_serializers.Serializer):
    text = drf_serializers.CharField()
    matches = MatchSerializer(many=True)


class FormErrorsSerializer(drf_serializers.Serializer):
    # Not "ErrorSerializer": its schema component would be "Error", which claims.api_docs replaces with {detail}.
    errors = drf_serializers.DictField(child=drf_serializers.ListField(child=drf_serializers.CharField()))


def _invalid(form):
    return Response({"errors": {name: [str(m) for m in messages] for name, messages in form.errors.items()}},
                    status=400)


class SearchAPIView(APIView):
    # One search over claims, quotes, evidence, sources, actors and framing terms: /search/ as JSON.

    @extend_schema(
        summary="Search everything",
        description=(
            "The /search/ page as JSON: claims, quotes, evidence, sources, actors and framing terms matching `q` "
            "(web-search syntax; the synonym list and Chinese substrings apply), each kind ranked, with its count, "
            "its first 10 hits and highlighted snippets, and a \"did you mean\" suggestion when little matches."
        ),
        parameters=[OpenApiParameter("q", str, required=False, description="Words, \"a phrase\", -excluded words (at most 300 characters).")],
        responses={200: SearchResultsSerializer, 400: FormErrorsSerializer},
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            return _invalid(form)
        text = form.cleaned_data["q"].strip()
        if not text:
            return Response({"query": "", "total": 0, "suggestion": "", "sections": []})
        results = sitesearch.search_everything(text)
        for section in results.sections:
            for hit in section.hits:
                hit.url = request.build_absolute_uri(hit.url)
                hit.snippet, hit.meta = str(hit.snippet), str(hit.meta)
        return Response(SearchResultsSerializer({**results.__dict__, "total": results.total}).data)


class MatchAPIView(APIView):
    # "Have we seen this claim?": /match/ as JSON.

    @extend_schema(
        summary="Claims a statement repeats",
        description=(
            "The existing claims a pasted statement (a tweet, a sentence) most likely repeats, best first, each "
            "with a score, the words it shares and the quote that matched. The ranking of /match/ "
            "(claims.matching.similar_claims)."
        ),
        parameters=[
            OpenApiParameter("text", str, required=False, description="The statement (at most 2000 characters)."),
        ],
        responses={200: MatchResultsSerializer, 400: FormErrorsSerializer},
    )
    def get(self, request):
        form = MatchForm(request.query_params)
        if not form.is_valid():
            return _invalid(form)
        text = form.cleaned_data["text"].strip()
        matches = similar_claims(text, limit=10, claims=Claim.objects.public()) if text else []
        data = {"text": text, "matches": [
            {"claim": match.claim, "score": match.score, "matched_words": match.matched_words,
             "matched_quote": str(highlight(match.matched_quote)) if match.matched_quote else ""}
            for match in matches
        ]}
        return Response(MatchResultsSerializer(data, context={"request": request}).data)
