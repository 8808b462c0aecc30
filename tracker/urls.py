from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("claims.api_urls")),
    path("", include("claims.export_urls")),
    path("", include("claims.urls")),
    path("", include("sources.urls")),
]
