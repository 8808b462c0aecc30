"""Exports for people's own tools: the claim list as CSV, one claim's ClaimReview as JSON-LD, its citations."""
import csv

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from tracker.dates import partial_date_iso

from . import citations
from .claimreview import claim_review, reviewed_claims
from .filters import ClaimFilter
from .models import Claim, Evidence, Remark, Verdict

CSV_COLUMNS = ["text", "verdict", "reviews", "first_seen", "remarks", "speakers", "topics", "counterclaims", "url"]
# A cell starting with one of these is, or can become, a formula to a spreadsheet: quote it so it stays text.
# Besides = + - @, leading whitespace and line breaks (some spreadsheets strip them, then read a formula),
# a quotation mark and | (DDE: =cmd|...), and the full-width forms that some spreadsheets fold to ASCII.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", " ", '"', "|", "\uff1d", "\uff0b", "\uff0d", "\uff20")


CSV_CHUNK = 2000  # claims read (with their speakers and topics) per round trip while streaming


class _Echo:
    """A file-like object whose write() returns what it was given: csv.writer then yields lines to stream."""

    def write(self, value):
        return value


@require_safe
def claims_csv(request):
    """/claims/export.csv: the claims the list page shows for the same query string, one row each, unpaginated.

    Streamed in chunks of CSV_CHUNK claims, so memory stays flat whatever the filter matches. A search exports
    every claim it matches, not only the best SEARCH_CANDIDATES the page ranks.
    """
    claims = Claim.objects.public().with_reviews().prefetch_related(
        "topics", Prefetch("remarks", Remark.objects.select_related("speaker"))
    )
    filterset = ClaimFilter(request.GET, queryset=claims, request=request)
    filterset.search_limit = None
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    writer = csv.writer(_Echo())
    site = request.build_absolute_uri("/")[:-1]

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for claim in filterset.qs.iterator(chunk_size=CSV_CHUNK):
            speakers = sorted({r.speaker.name for r in claim.remarks.all()})
            yield writer.writerow([_cell(value) for value in (
                claim.text,
                Verdict(claim.verdict).label if claim.verdict else "",
                "; ".join(f"{review.reviewer.name}: {review.rating_display or 'unrated'}" for review in claim.review_list),
                partial_date_iso(claim.first_seen, claim.first_seen_precision) or "",
                claim.remark_count,
                "; ".join(speakers),
                "; ".join(t.name for t in claim.topics.all()),
                claim.rebuttal_count,
                site + claim.get_absolute_url(),
            )])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="counterclaim-claims.csv"'
    return response


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@require_safe
def claimreview_json(request, slug):
    """/claims/<slug>/claimreview.json: our own schema.org ClaimReview of the claim; 404 if we have not reviewed it."""
    claim = get_object_or_404(reviewed_claims(), slug=slug)
    data = claim_review(claim, request)
    if data is None:
        raise Http404("We have not reviewed this claim.")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response


# What reference managers expect of each file (Zotero, EndNote and Mendeley read both).
CITATION_FILES = {
    "bib": ("application/x-bibtex; charset=utf-8", citations.bibtex_file),
    "ris": ("application/x-research-info-systems; charset=utf-8", citations.ris_file),
}


@require_safe
def claim_citations(request, slug, fmt):
    """/claims/<slug>/cite.bib or .ris: the claim's page, each of its remarks and each piece of its evidence."""
    content_type, write = CITATION_FILES[fmt]  # the URL pattern allows only these two
    claim = get_object_or_404(Claim.objects.public().with_reviews().prefetch_related(
        Prefetch("remarks", queryset=Remark.objects.for_page()),
        Prefetch("evidence", queryset=Evidence.objects.for_citation()),
    ), slug=slug)
    today = timezone.localdate()

    def cited(obj, adapter):
        return adapter(obj, request.build_absolute_uri(obj.get_absolute_url()), today)

    items = [cited(claim, citations.for_claim)]
    items += [cited(remark, citations.for_remark) for remark in claim.remarks.all()]
    items += [cited(evidence, citations.for_evidence) for evidence in claim.evidence.all()]
    response = HttpResponse(write(items), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="counterclaim-{claim.slug}.{fmt}"'
    return response
