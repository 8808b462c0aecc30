"""Exports beside the pages they export (mounted before claims.urls so export.csv is not read as a slug)."""
from django.urls import path

from . import exports

app_name = "exports"
urlpatterns = [
    path("claims/export.csv", exports.claims_csv, name="claims-csv"),
    path("claims/<slug:slug>/claimreview.json", exports.claimreview_json, name="claimreview"),
]
