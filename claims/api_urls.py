"""/api/: the read-only JSON API, its OpenAPI schema and its docs page."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api, api_docs

router = DefaultRouter(trailing_slash=True)
router.include_root_view = True
router.register("claims", api.ClaimViewSet, basename="claim")
router.register("actors", api.ActorViewSet, basename="actor")
router.register("sources", api.SourceViewSet, basename="source")
router.register("topics", api.TopicViewSet, basename="topic")
router.register("techniques", api.TechniqueViewSet, basename="technique")
router.register("framing-terms", api.FramingTermViewSet, basename="framingterm")

app_name = "api"
urlpatterns = [
    path("schema/", api.SchemaView.as_view(), name="schema"),
    path("docs/", api_docs.ApiDocsView.as_view(), name="docs"),
    path("search/", api.SearchAPIView.as_view(), name="search"),
    path("match/", api.MatchAPIView.as_view(), name="match"),
    path("", include(router.urls)),
]
