from django.urls import path, re_path

from . import feeds, views

app_name = "claims"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("match/", views.MatchView.as_view(), name="match"),
    path("claims/", views.ClaimListView.as_view(), name="claim-list"),
    path("claims/<slug:slug>/", views.ClaimDetailView.as_view(), name="claim-detail"),
    path("claims/<slug:slug>/remarks/", views.ClaimRemarksView.as_view(), name="claim-remarks"),
    path("claims/<slug:slug>/remarks/<int:pk>/", views.remark_permalink, name="remark"),
    path("claims/<slug:slug>/history/", views.ClaimHistoryView.as_view(), name="claim-history"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("feeds/corrections/", feeds.CorrectionsFeed(), name="corrections-feed"),
    re_path(r"^feeds/(?P<side>claims|counterclaims)/$", feeds.ClaimFeed(), name="claim-feed"),
    re_path(r"^feeds/topics/(?P<topic>[-\w]+)/(?P<side>claims|counterclaims)/$", feeds.ClaimFeed(), name="topic-feed"),
    re_path(r"^feeds/actors/(?P<speaker>[-\w]+)/(?P<side>claims|counterclaims)/$", feeds.ClaimFeed(), name="actor-feed"),
    path("compare/<slug:a>/<slug:b>/", views.CompareView.as_view(), name="compare"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("techniques/", views.TechniqueListView.as_view(), name="technique-list"),
    path("techniques/<slug:slug>/", views.TechniqueDetailView.as_view(), name="technique-detail"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
    path("methodology/", views.MethodologyView.as_view(), name="methodology"),
    path("glossary/<slug:slug>/", views.GlossaryTermView.as_view(), name="glossary-term"),
    path("families/", views.FamilyListView.as_view(), name="family-list"),
    path("families/<slug:slug>/", views.FamilyDetailView.as_view(), name="family-detail"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
]
