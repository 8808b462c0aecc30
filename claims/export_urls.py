"""Exports beside the pages they export (mounted before claims.urls so export.csv is not read as a slug)."""
from django.urls import path, re_path

from . import exports

app_name = "exports"
urlpatterns = [
    path("claims/export.csv", exports.claims_csv, name="claims-csv"),
    path("claims/<slug:slug>/claimreview.json", exports.claimreview_json, name="claimreview"),
    re_path(r"^claims/(?P<slug>[-a-zA-Z0-9_]+)/cite\.(?P<fmt>bib|ris)$", exports.claim_citations, name="citations"),
]
