"""schema.org ClaimReview for the reviews we hold: ours in our pages, everyone's in the DataFeed.

Every Review is published under its real author: ours under settings.REVIEWER,
another fact-checker's under its name and website, with its rating exactly as it
published it (alternateName, ratingValue, bestRating, worstRating). Our own
verdicts map onto ClaimReview ratings by position: ratingValue is
Verdict.rating_value (false=1 ... accurate=5), worstRating 1, bestRating 5,
alternateName the verdict's label. The reviewed claim's author is the speaker of
its first remark (dated by the remark, or by the earliest publication of a source
that reports it when the remark has no date of its own). Every source that reports
a remark is an `appearance`, except a review's own article (where an imported claim
was reported); `firstAppearance` is the earliest source reporting the first remark.
Each of these CreativeWorks is credited to its real author: the source's authors,
else its publisher (never the speaker, who said the words but did not publish them).
claims/claimreview_import.py reads it (and the wild variants) back.
"""
import datetime
import json

from django.conf import settings
from django.db.models import Prefetch

from sources.models import ActorKind
from tracker.dates import partial_date_iso
from tracker.validators import is_http_url

from .models import Appearance, Claim, Remark, Verdict

SCHEMA_ORG = "https://schema.org"
# What must not appear raw inside a <script> element (the same escapes as Django's json_script).
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
PERSON_KINDS = {ActorKind.PERSON, ActorKind.LEGISLATOR, ActorKind.WITNESS}


def reviewed_claims():
    """Claims with at least one review, with what their ClaimReview reads, in a fixed number of queries."""
    reports = Appearance.objects.select_related("source", "source__publisher").prefetch_related("source__authors")
    return Claim.objects.public().reviewed().with_reviews().prefetch_related(
        Prefetch("remarks", Remark.objects.select_related("speaker").prefetch_related(Prefetch("reports", reports)))
    ).order_by("slug")


def absolute(path, request=None):
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def claim_review(claim, request=None, remarks=None):
    """Our own ClaimReview of a claim as a dict (JSON-LD), or None if we have not reviewed it.

    Absolute URLs come from `request`, or from settings.SITE_URL without one.
    Reads `claim.reviews.all()` and its remarks with their reports: prefetch them (see reviewed_claims) for lists.
    `remarks`: the remarks whose reports are its appearances, earliest first, when not all of them (a page prints
    its first REMARKS_SHOWN; the claim's claimreview.json and the export name every one).
    """
    review = claim.our_review
    return review_jsonld(review, claim, request, remarks) if review is not None else None


def review_jsonld(review, claim, request=None, remarks=None):
    """One Review of `claim` as schema.org ClaimReview, under its real author."""
    remarks = list(claim.remarks.all() if remarks is None else remarks)
    dated = [r for r in remarks if _said_on(r)[0] is not None]
    first = min(dated, key=lambda r: (_said_on(r)[0], r.pk)) if dated else (remarks[0] if remarks else None)
    review_urls = _review_urls(claim)

    def sources(remark):
        """The sources reporting `remark`, but the review's own article: its primary record first, then those known
        to be out earliest (by the end of their publication's period: "14 Jan" before "Jan"), undated last."""
        found = {a.source.pk: a.source for a in remark.reports.all() if not (a.source.url and a.source.url in review_urls)}
        return sorted(found.values(), key=lambda s: (
            not (s.url and s.url == remark.record_url), s.published is None,
            _period_end(s.published, s.published_precision) if s.published else datetime.date.min, s.pk))

    item = {"@type": "Claim"}
    if first is not None:
        item["author"] = _actor(first.speaker)
        if _said_iso(first):
            item["datePublished"] = _said_iso(first)
        works = {source.pk: source for remark in [first, *remarks] for source in sources(remark)}
        if works:
            item["appearance"] = [_creative_work(source) for source in works.values()]
            if sources(first):
                item["firstAppearance"] = _creative_work(sources(first)[0])
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


def _said_on(remark):
    """When the words were said: the remark's own date, else the earliest publication of a source reporting it
    (said by then)."""
    if remark.date is not None:
        return remark.date, remark.date_precision
    published = [a.source for a in remark.reports.all() if a.source.published is not None]
    earliest = min(published, key=lambda s: s.published, default=None)
    return (earliest.published, earliest.published_precision) if earliest else (None, "")


def _period_end(day, precision):
    if precision == "year":
        return datetime.date(day.year, 12, 31)
    if precision == "month":
        return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1) - datetime.timedelta(days=1)
    return day


def _said_iso(remark):
    return partial_date_iso(*_said_on(remark))


def _creative_work(source):
    """A source that reports the claim, under its own author: its authors, else its publisher."""
    work = {"@type": "CreativeWork"}
    if is_http_url(source.url):
        work["url"] = source.url
    work["headline"] = source.title
    if source.published_iso:
        work["datePublished"] = source.published_iso
    authors = [_actor(author) for author in source.authors.all()]
    if authors:
        work["author"] = authors[0] if len(authors) == 1 else authors
    elif source.publisher is not None:
        work["author"] = _actor(source.publisher)
    if source.publisher is not None:
        work["publisher"] = _actor(source.publisher)
    return work
