"""Read schema.org ClaimReview as it is found in the wild, and file it as our claims.

Accepted shapes: a single ClaimReview, a list, a `@graph`, a `DataFeed`
(`dataFeedElement[].item[]`); `itemReviewed` as a `Claim` or an old-style
`CreativeWork`; `author` as text or an object; `appearance` as a URL, an object
or a list. Ratings map onto our verdict scale by `alternateName` (our labels and
common synonyms), else by `ratingValue` scaled from [worstRating, bestRating].
A review whose `url` is already stored (Claim.review_url) is skipped, so a
second import adds nothing. Malformed input raises ClaimReviewError; the caller
runs everything in one transaction so nothing is half-written.
"""
import datetime
import re

from django.db import transaction
from django.utils.text import slugify

from sources.models import Actor, ActorKind, Source, SourceKind
from tracker.dates import parse_partial_date

from .models import Appearance, Claim, Verdict

RATING_NAMES = {
    Verdict.FALSE: ["false", "pants on fire", "incorrect", "fake", "wrong", "fabricated", "hoax", "not true"],
    Verdict.MISLEADING: [
        "misleading", "mostly false", "half true", "missing context", "partly false", "partially false",
        "out of context", "exaggerated", "distorted", "mixture", "half truth",
    ],
    Verdict.UNSUPPORTED: ["unsupported", "unproven", "unverified", "no evidence", "unsubstantiated", "not proven"],
    Verdict.SUPPORTED: ["supported", "mostly true", "mostly correct", "largely accurate"],
    Verdict.ACCURATE: ["accurate", "true", "correct"],
}
RATING_LOOKUP = {name: verdict for verdict, names in RATING_NAMES.items() for name in names}
TEXT_LIMIT = Claim._meta.get_field("text").max_length
_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


class ClaimReviewError(Exception):
    """The input is not ClaimReview we can read; `str()` says where and why."""


def rating_to_verdict(rating, where="reviewRating"):
    """Our verdict for a schema.org Rating, or None when neither its name nor its value maps onto the scale."""
    if rating is None:
        return None
    if not isinstance(rating, dict):
        raise ClaimReviewError(f"{where}: expected an object, got {_type_name(rating)}")
    name = rating.get("alternateName")
    if name is not None and not isinstance(name, str):
        raise ClaimReviewError(f"{where}.alternateName: expected text, got {_type_name(name)}")
    if name:
        key = re.sub(r"[^a-z ]+", " ", name.lower().replace("-", " ")).split()
        verdict = RATING_LOOKUP.get(" ".join(key))
        if verdict is not None:
            return verdict
    value = rating.get("ratingValue")
    if value is None:
        return None
    value = _number(value, f"{where}.ratingValue")
    worst = _number(rating.get("worstRating", 1), f"{where}.worstRating")
    best = _number(rating.get("bestRating", 5), f"{where}.bestRating")
    if best == worst or not min(worst, best) <= value <= max(worst, best):
        return None
    position = (value - worst) / (best - worst)  # 0 = worst, 1 = best
    return Verdict.values[round(position * (len(Verdict.values) - 1))]


def find_reviews(data, where="$"):
    """Every ClaimReview object in a document of any accepted shape, with where it was found."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from find_reviews(item, f"{where}[{i}]")
        return
    if not isinstance(data, dict):
        raise ClaimReviewError(f"{where}: expected an object or a list, got {_type_name(data)}")
    types = _types(data)
    if "ClaimReview" in types:
        yield where, data
    elif "@graph" in data:
        yield from find_reviews(data["@graph"], f"{where}.@graph")
    elif "DataFeed" in types or "dataFeedElement" in data:
        elements = data.get("dataFeedElement", [])
        if not isinstance(elements, list):
            raise ClaimReviewError(f"{where}.dataFeedElement: expected a list, got {_type_name(elements)}")
        for i, element in enumerate(elements):
            at = f"{where}.dataFeedElement[{i}]"
            if not isinstance(element, dict):
                raise ClaimReviewError(f"{at}: expected an object, got {_type_name(element)}")
            if "ClaimReview" in _types(element):
                yield at, element
            elif "item" in element:
                yield from find_reviews(element["item"], f"{at}.item")


class ClaimReviewImporter:
    """Files reviews as claims. Keeps counts of what it created, reused and skipped, and a log of skips."""

    def __init__(self):
        self.created = {"claims": 0, "actors": 0, "sources": 0, "appearances": 0}
        self.reused = {"actors": 0, "sources": 0}
        self.skipped = []
        self._seen_urls = set()

    @transaction.atomic
    def import_documents(self, documents):
        """Import [(name, parsed JSON)] all or nothing; errors name the document and the place in it."""
        for name, data in documents:
            try:
                reviews = list(find_reviews(data))
                if not reviews:
                    raise ClaimReviewError("no ClaimReview found")
                for where, review in reviews:
                    self.import_review(review, where)
            except ClaimReviewError as error:
                raise ClaimReviewError(f"{name}: {error}") from None

    def import_review(self, review, where):
        url = _text(review, "url", where, required=True)
        claim_text = _text(review, "claimReviewed", where, required=True).strip()
        if not claim_text:
            raise ClaimReviewError(f"{where}.claimReviewed: empty")
        verdict = rating_to_verdict(review.get("reviewRating"), f"{where}.reviewRating")
        if verdict is None:
            rating = review.get("reviewRating") or {}
            self.skipped.append(f"{url}: rating {rating.get('alternateName') or rating.get('ratingValue')!r} "
                                "does not map onto our scale")
            return None
        reviewed_on = _day(review.get("datePublished"), f"{where}.datePublished") or datetime.date.today()
        explanation = (_text(review, "reviewBody", where) or _text(review, "description", where)
                       or f"Imported from {url}")
        item = review.get("itemReviewed") or {}
        if not isinstance(item, dict):
            raise ClaimReviewError(f"{where}.itemReviewed: expected an object, got {_type_name(item)}")
        item_author = self._actor(item.get("author"), f"{where}.itemReviewed.author", validate_only=True)
        works = self._works(item, f"{where}.itemReviewed")

        if url in self._seen_urls or Claim.objects.filter(review_url=url).exists():
            self.skipped.append(f"{url}: already imported")
            return None
        if Claim.objects.filter(text__iexact=claim_text[:TEXT_LIMIT]).exists():
            self.skipped.append(f"{url}: a claim with the same text exists")
            return None
        self._seen_urls.add(url)

        text, context = claim_text, ""
        if len(text) > TEXT_LIMIT:
            text, context = text[: TEXT_LIMIT - 1].rstrip() + "…", claim_text
        claim = Claim.objects.create(
            slug=_unique_slug(Claim, claim_text), text=text, context=context, verdict=verdict,
            verdict_explanation=explanation, reviewed_on=reviewed_on, review_url=url,
        )
        self.created["claims"] += 1
        item_date = _partial(item.get("datePublished"), f"{where}.itemReviewed.datePublished")
        for at, work in works:
            speaker = self._actor(work.get("author"), f"{at}.author") or self._actor(
                item.get("author"), f"{where}.itemReviewed.author"
            )
            if speaker is None:
                continue  # an appearance needs someone who said it
            source = self._source(work, at)
            date, precision = _partial(work.get("datePublished"), f"{at}.datePublished") or item_date or (None, "")
            if not Appearance.objects.filter(claim=claim, speaker=speaker, source=source).exists():
                Appearance.objects.create(
                    claim=claim, speaker=speaker, source=source, date=date, date_precision=precision,
                    quote=text, is_direct_quote=False,
                )
                self.created["appearances"] += 1
        if not works and item_author is not None:
            self.skipped.append(f"{url}: no appearance to file the speaker under")
        return claim

    # -- what the claim was said in, and by whom

    def _works(self, item, where):
        """[(where, CreativeWork dict)] for each appearance, firstAppearance, or the old-style item itself."""
        works = []
        for key in ("appearance", "firstAppearance"):
            value = item.get(key)
            values = value if isinstance(value, list) else [] if value is None else [value]
            for i, work in enumerate(values):
                at = f"{where}.{key}" + (f"[{i}]" if isinstance(value, list) else "")
                if isinstance(work, str):
                    work = {"url": work}
                if not isinstance(work, dict):
                    raise ClaimReviewError(f"{at}: expected a URL or an object, got {_type_name(work)}")
                works.append((at, work))
        if not works and "Claim" not in _types(item) and (item.get("url") or item.get("name") or item.get("headline")):
            works.append((where, item))  # old style: itemReviewed is the CreativeWork the claim appeared in
        # firstAppearance usually repeats one of the appearances: keep each (work, speaker) once.
        unique, seen = [], set()
        for at, work in works:
            where_said = _text(work, "url", at) or _text(work, "headline", at) or _text(work, "name", at)
            key = (where_said, repr(work.get("author")))
            if where_said and key not in seen:
                seen.add(key)
                unique.append((at, work))
        return unique

    def _actor(self, value, where, validate_only=False):
        if isinstance(value, list):
            value = value[0] if value else None
        if value is None or value == "":
            return None
        if isinstance(value, str):
            name, kind = value.strip(), "Organization"
            value = {"name": name}
        elif isinstance(value, dict):
            name = _text(value, "name", where, required=True).strip()
            kind = " ".join(_types(value))
        else:
            raise ClaimReviewError(f"{where}: expected a name or an object, got {_type_name(value)}")
        if not name:
            raise ClaimReviewError(f"{where}.name: empty")
        if validate_only:
            return name
        actor = Actor.objects.filter(name__iexact=name).order_by("pk").first()
        if actor is not None:
            self.reused["actors"] += 1
            return actor
        actor = Actor.objects.create(
            name=name[:200], slug=_unique_slug(Actor, name),
            kind=ActorKind.PERSON if "Person" in kind else ActorKind.OTHER,
        )
        self.created["actors"] += 1
        return actor

    def _source(self, work, where):
        url = _text(work, "url", where)
        title = (_text(work, "headline", where) or _text(work, "name", where) or url).strip()
        found = (Source.objects.filter(url=url) if url else Source.objects.filter(title=title)).order_by("pk").first()
        if found is not None:
            self.reused["sources"] += 1
            return found
        published, precision = _partial(work.get("datePublished"), f"{where}.datePublished") or (None, "")
        publisher = self._actor(work.get("publisher"), f"{where}.publisher")
        source = Source.objects.create(
            title=title[:300], slug=_unique_slug(Source, title), kind=SourceKind.ARTICLE, url=url[:500],
            published=published, published_precision=precision, publisher=publisher,
        )
        self.created["sources"] += 1
        return source


# -- small readers that say what is wrong and where

def _types(obj):
    value = obj.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return [v.rsplit("/", 1)[-1].split(":")[-1] for v in values if isinstance(v, str)]


def _type_name(value):
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def _text(obj, key, where, required=False):
    value = obj.get(key)
    if value is None:
        if required:
            raise ClaimReviewError(f"{where}.{key}: required")
        return ""
    if not isinstance(value, str):
        raise ClaimReviewError(f"{where}.{key}: expected text, got {_type_name(value)}")
    return value


def _number(value, where):
    if isinstance(value, bool):
        raise ClaimReviewError(f"{where}: expected a number, got true/false")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise ClaimReviewError(f"{where}: expected a number, got {value!r}")


def _partial(value, where):
    """(date, precision) from an ISO date or datetime at any precision, or None when absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ClaimReviewError(f"{where}: expected an ISO date, got {_type_name(value)}")
    match = _DATE_PREFIX.match(value.strip())
    try:
        return parse_partial_date(match.group(0) if match else value)
    except ValueError as error:
        raise ClaimReviewError(f"{where}: {error}") from None


def _day(value, where):
    parsed = _partial(value, where)
    return parsed[0] if parsed else None


def _unique_slug(model, text):
    base = slugify(text)[:80].strip("-") or model._meta.model_name
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
