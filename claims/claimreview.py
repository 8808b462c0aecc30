"""schema.org ClaimReview for the reviews we hold: ours in our pages, everyone's in the DataFeed.

Every Review is published under its real author: ours under settings.REVIEWER,
another fact-checker's under its name and website, with its rating exactly as it
published it (alternateName, ratingValue, bestRating, worstRating). Our own
verdicts map onto ClaimReview ratings by position: ratingValue is
Verdict.rating_value (false=1 ... accurate=5), worstRating 1, bestRating 5,
alternateName the verdict's label. The reviewed claim's author is the speaker of
its first appearance (dated by the appearance, or by its source's publication when
the appearance has no date of its own); every appearance's source is an
`appearance`, except a review's own article (where an imported claim was reported).
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
    """Claims with at least one review, with what their ClaimReview reads, in a fixed number of queries."""
    return Claim.objects.public().reviewed().with_reviews().prefetch_related(
        Prefetch("appearances", Appearance.objects.select_related("speaker", "source", "source__publisher"))
    ).order_by("slug")


def absolute(path, request=None):
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def claim_review(claim, request=None):
    """Our own ClaimReview of a claim as a dict (JSON-LD), or None if we have not reviewed it.

    Absolute URLs come from `request`, or from settings.SITE_URL without one.
    Reads `claim.reviews.all()` and `claim.appearances.all()`: prefetch them (see reviewed_claims) for lists.
    """
    review = claim.our_review
    return review_jsonld(review, claim, request) if review is not None else None


def review_jsonld(review, claim, request=None):
    """One Review of `claim` as schema.org ClaimReview, under its real author."""
    appearances = list(claim.appearances.all())
    reported = [a for a in appearances if a.source.url and a.source.url in _review_urls(claim)]
    said = [a for a in appearances if a not in reported]
    dated = [a for a in appearances if _said_on(a)[0] is not None]
    first = min(dated, key=lambda a: (_said_on(a)[0], a.pk)) if dated else (appearances[0] if appearances else None)
    item = {"@type": "Claim"}
    if first is not None:
        item["author"] = _actor(first.speaker)
        if _said_iso(first):
            item["datePublished"] = _said_iso(first)
        if said:
            item["appearance"] = [_creative_work(a) for a in said]
            if first in said:
                item["firstAppearance"] = _creative_work(first)
    data = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": review.url if is_http_url(review.url) else absolute(claim.get_absolute_url(), request),
        "claimReviewed": claim.text,
    }
    if review.title:
        data["name"] = review.title
    if review.published:
        data["datePublished"] = review.published.isoformat()
    modified = review.modified
    if review.is_ours and claim.last_updated:  # a correction of the claim's page changes our review of it
        modified = max(day for day in (modified, claim.last_updated.date()) if day)
    if modified:
        data["dateModified"] = modified.isoformat()
    if review.language:
        data["inLanguage"] = review.language
    data["author"] = _author(review, request)
    data["reviewRating"] = _rating(review)
    if review.explanation:
        data["reviewBody"] = review.explanation
    data["itemReviewed"] = item
    return data


def claim_review_items(request=None):
    """Every review of every claim as ClaimReview dicts, one at a time, in a fixed number of queries per chunk."""
    for claim in reviewed_claims().iterator(chunk_size=500):
        for review in claim.review_list:
            yield review_jsonld(review, claim, request)


def claim_review_feed(request=None):
    """Every review we hold as a schema.org DataFeed, the shape Google Fact Check tools read in bulk."""
    return {
        **feed_header(request),
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [item]} for item in claim_review_items(request)],
    }


def feed_header(request=None):
    return {
        "@context": SCHEMA_ORG,
        "@type": "DataFeed",
        "name": "Counterclaim: reviewed claims",
        "url": absolute("/claims/", request),
    }


def _review_urls(claim):
    return {review.url for review in claim.reviews.all() if review.url}


def _author(review, request):
    if review.is_ours:
        return {"@type": settings.REVIEWER["@type"], "name": settings.REVIEWER["name"], "url": absolute("/", request)}
    author = {"@type": "Person" if review.reviewer.kind in PERSON_KINDS else "Organization", "name": review.reviewer.name}
    if review.reviewer.website:
        author["url"] = review.reviewer.website
    return author


def _rating(review):
    if review.is_ours and review.verdict:
        return {
            "@type": "Rating",
            "ratingValue": Verdict.rating_value(review.verdict),
            "bestRating": len(Verdict.values),
            "worstRating": 1,
            "alternateName": review.rating_label or Verdict(review.verdict).label,
        }
    rating = {"@type": "Rating"}
    for key, value in (("ratingValue", review.rating_value), ("bestRating", review.rating_best),
                       ("worstRating", review.rating_worst)):
        if value is not None:
            rating[key] = int(value) if float(value).is_integer() else value
    if review.rating_label:
        rating["alternateName"] = review.rating_label
    elif review.verdict and len(rating) == 1:
        rating["alternateName"] = Verdict(review.verdict).label
    return rating


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
