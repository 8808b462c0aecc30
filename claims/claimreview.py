"""schema.org ClaimReview for our verdicts: one claim's review, and the DataFeed of all of them.

Our verdict scale maps onto ClaimReview ratings by position: ratingValue is
Verdict.rating_value (false=1 ... accurate=5), worstRating 1, bestRating 5,
alternateName the verdict's label. The reviewed claim's author is the speaker
of its first appearance (dated by the appearance, or by its source's publication when
the appearance has no date of its own); every appearance's source is an `appearance`.
claims/claimreview_import.py reads it (and the wild variants) back.
"""
import json

from django.conf import settings
from django.db.models import Prefetch

from sources.models import ActorKind
from tracker.dates import partial_date_iso
from tracker.validators import is_http_url

from .models import Appearance, Claim, Verdict

SCHEMA_ORG = "https://schema.org"
# What must not appear raw inside a <script> element (the same escapes as Django's json_script).
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
PERSON_KINDS = {ActorKind.PERSON, ActorKind.LEGISLATOR, ActorKind.WITNESS}


def reviewed_claims():
    """Every claim with a verdict, with what its ClaimReview reads, in a fixed number of queries."""
    return Claim.objects.reviewed().prefetch_related(
        Prefetch("appearances", Appearance.objects.select_related("speaker", "source", "source__publisher"))
    ).order_by("slug")


def absolute(path, request=None):
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def claim_review(claim, request=None):
    """The ClaimReview of a reviewed claim as a dict (JSON-LD), or None if it has no verdict.

    Absolute URLs come from `request`, or from settings.SITE_URL without one.
    Reads `claim.appearances.all()`: prefetch it (see reviewed_claims) for lists.
    """
    if not claim.verdict:
        return None
    appearances = list(claim.appearances.all())
    dated = [a for a in appearances if _said_on(a)[0] is not None]
    first = min(dated, key=lambda a: (_said_on(a)[0], a.pk)) if dated else (appearances[0] if appearances else None)
    item = {"@type": "Claim"}
    if first is not None:
        item["author"] = _actor(first.speaker)
        if _said_iso(first):
            item["datePublished"] = _said_iso(first)
        item["appearance"] = [_creative_work(a) for a in appearances]
        item["firstAppearance"] = _creative_work(first)
    review = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": claim.review_url if is_http_url(claim.review_url) else absolute(claim.get_absolute_url(), request),
        "claimReviewed": claim.text,
        "datePublished": claim.reviewed_on.isoformat(),
        "author": {**settings.REVIEWER, "url": absolute("/", request)},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": Verdict.rating_value(claim.verdict),
            "bestRating": len(Verdict.values),
            "worstRating": 1,
            "alternateName": Verdict(claim.verdict).label,
        },
        "reviewBody": claim.verdict_explanation,
        "itemReviewed": item,
    }
    return review


def claim_review_feed(request=None):
    """Every reviewed claim as a schema.org DataFeed, the shape Google Fact Check tools read in bulk."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "DataFeed",
        "name": "Counterclaim: reviewed claims",
        "url": absolute("/claims/", request),
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [claim_review(claim, request)]} for claim in reviewed_claims()
        ],
    }


def jsonld_script_content(data):
    """JSON for inside <script type="application/ld+json">: <, > and & escaped so no markup can close it."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False).translate(SCRIPT_ESCAPES)


def _actor(actor):
    kind = "Person" if actor.kind in PERSON_KINDS else "Organization"
    data = {"@type": kind, "name": actor.name}
    if actor.role and kind == "Person":
        data["jobTitle"] = actor.role
    same_as = [link for link in (actor.website, _wikidata(actor.wikidata_id)) if is_http_url(link)]
    if same_as:
        data["sameAs"] = same_as
    return data


def _wikidata(wikidata_id):
    return f"https://www.wikidata.org/wiki/{wikidata_id}" if wikidata_id else ""


def _said_on(appearance):
    """When the words appeared: the appearance's own date, else its source's publication date (said by then)."""
    if appearance.date is not None:
        return appearance.date, appearance.date_precision
    return appearance.source.published, appearance.source.published_precision


def _said_iso(appearance):
    return partial_date_iso(*_said_on(appearance))


def _creative_work(appearance):
    source = appearance.source
    work = {"@type": "CreativeWork"}
    if is_http_url(source.url):
        work["url"] = source.url
    work["headline"] = source.title
    date = _said_iso(appearance)
    if date:
        work["datePublished"] = date
    work["author"] = _actor(appearance.speaker)
    if source.publisher is not None:
        work["publisher"] = _actor(source.publisher)
    return work
