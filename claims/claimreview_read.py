"""Read ClaimReview files as a stream of checked, plain review records: no database here.

`read_reviews(path)` yields `Item`s one at a time, in memory that does not grow
with the file (ijson events, one item built at a time). Accepted shapes: a single
ClaimReview, a list, a `@graph`, a schema.org `DataFeed` (`dataFeedElement[].item[]`),
and Google Fact Check Tools API responses (`{"claims": [...]}` or a bare list of
those claims, each with `claimReview[]`).

Every problem is a `ReviewError` naming the place (`$.dataFeedElement[3].item[0].url`)
and the reason in one line: duplicate keys, NUL characters, lone surrogates,
nesting deeper than MAX_DEPTH, over-long values, numbers that are not finite or
absurdly large, wrong types, dates that are not ISO dates. A problem inside one
item rejects that item (`Item.error`); a file that is not JSON at all stops the read.
"""
import datetime
import math
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

import ijson

from tracker.dates import parse_partial_date
from tracker.validators import is_http_url

from .ratings import map_rating

MAX_DEPTH = 100  # nesting deeper than this is refused; real ClaimReview nests under 10, and a report can print it
MAX_STRING = 100_000  # characters in any one JSON string
MAX_VALUES = 20_000  # values in one item
MAX_URL = 2_048
MAX_NAME = 1_000
MAX_LABEL = 5_000  # some fact-checkers put a whole paragraph in alternateName
MAX_TEXT = 20_000  # claimReviewed, reviewBody
MAX_NUMBER = Decimal("1e9")  # a rating beyond this is not a rating
STREAMED_KEYS = ("dataFeedElement", "@graph", "claims", "itemListElement")
_DATE = re.compile(
    r"^(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?$"
)


# A \uD800-\uDFFF escape that is not half of a pair (yajl would silently turn it into "?"), not itself escaped.
_LONE_SURROGATE = re.compile(
    rb"(?<!\\)((?:\\\\)*)(?:\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<![dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)
LONE_SURROGATE_MARK = "\ufdd0"  # a noncharacter put where a lone surrogate was, for the builder to report


# Python refuses to turn more digits than this into an int, and ijson's C parser crashes on that refusal
# (a segmentation fault, a little later): such a number must never reach it (dataset files are read the same way).
MAX_DIGITS = sys.get_int_max_str_digits() or 4300


class TooManyDigits(ValueError):
    pass


class DigitGuard:
    """A binary file that refuses a run of more than MAX_DIGITS digits (in a number, or in the odd string)."""

    ONLY_DIGITS = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))  # digits to "0", the rest to " "
    TOO_LONG = b"0" * (MAX_DIGITS + 1)

    def __init__(self, handle):
        self.handle, self.carried = handle, 0  # digits at the end of what was read before

    def read(self, size=-1):
        data = self.handle.read(size)
        if data:
            marked = data.translate(self.ONLY_DIGITS)  # then a plain substring search: fast at any size
            leading = len(marked) - len(marked.lstrip(b"0"))
            if self.carried + leading > MAX_DIGITS or self.TOO_LONG in marked:
                raise TooManyDigits(f"more than {MAX_DIGITS:,} digits in a row: no number in a file of ours is this long")
            trailing = len(marked) - len(marked.rstrip(b"0"))
            self.carried = self.carried + trailing if trailing == len(marked) else trailing
        return data


class _SurrogateMarker:
    """A binary file whose lone-surrogate escapes read as LONE_SURROGATE_MARK, in chunks."""

    def __init__(self, handle):
        self.handle, self.carry = handle, b""

    def read(self, size=-1):
        if size == 0:
            return b""  # ijson reads nothing first, to learn bytes from text
        data = self.carry + self.handle.read(size if size and size > 0 else -1)
        cut = data.rfind(b"\\", len(data) - 12) if size and size > 0 and len(data) > 12 else -1
        if cut >= 6 and data[cut - 6:cut - 4] == b"\\u":
            cut -= 6  # the second half of a pair: keep the first half with it
        if cut > 0:  # keep an escape (or a surrogate pair) whole, for the regex and for the parser
            data, self.carry = data[:cut], data[cut:]
        else:
            self.carry = b""
        if b"\\ud" not in data and b"\\uD" not in data:
            return data  # no surrogate escape at all (nearly every chunk): the regex costs 20 s per 100,000 reviews
        return _LONE_SURROGATE.sub(lambda m: m.group(1) + b"\\ufdd0", data)


class ReviewError(Exception):
    """A reason to reject a review (or a file); `str()` is one line naming the place."""


class FileError(Exception):
    """The file cannot be read as JSON at all."""


@dataclass
class Work:
    """Where the claim was said: an appearance (a URL, maybe a headline, author and date)."""

    url: str
    headline: str = ""
    author: tuple = None  # (name, is_person)
    date: tuple = None  # (date, precision)


@dataclass
class Review:
    """One review, checked and plain."""

    where: str
    url: str
    claim_text: str
    reviewer_name: str
    reviewer_url: str = ""
    reviewer_is_person: bool = False
    title: str = ""
    published: datetime.date = None
    modified: datetime.date = None
    language: str = ""
    rating_label: str = ""
    rating_value: float = None
    rating_best: float = None
    rating_worst: float = None
    verdict: str = ""
    explanation: str = ""
    claimant: tuple = None  # (name, is_person)
    claim_date: tuple = None  # (date, precision)
    works: list = field(default_factory=list)
    ignored: list = field(default_factory=list)  # appearance entries that are not absolute http(s) URLs


@dataclass
class Item:
    """What the reader found at `where`: a review, or the reason it was rejected (and what could be read of it)."""

    where: str
    review: Review = None
    error: str = ""
    raw: object = None


# ---------------------------------------------------------------- the stream of JSON values

class _Builder:
    """Builds one JSON value from ijson events, noting the first problem instead of raising mid-value.

    `run()` consumes events in one loop with the checks inline: at 100,000 reviews (six million
    events) a method call per event was most of the time spent reading.
    """

    def __init__(self, where):
        self.where = where
        self.stack = []  # frames [container, key or None, path, seen keys or None]
        self.value = None
        self.error = ""
        self.count = 0
        self.skip_depth = 0  # > 0: inside a part too deep to keep

    def _fail(self, path, message):
        if not self.error:
            self.error = f"{path}: {message}"

    def _path(self):
        """The path of the value about to be added."""
        if not self.stack:
            return self.where
        container, key, path, _ = self.stack[-1]
        return f"{path}[{len(container)}]" if key is None else f"{path}.{key}"

    def run(self, event, value, events, stream_keys=()):
        """Build from `event, value` then `events`, until the value is complete: returns None.

        With `stream_keys`, returns a key of the outermost object instead, when its value starts an
        array (that array's start_array read, its elements left to the caller); call again to go on.
        """
        stack, count = self.stack, self.count
        while True:
            if self.skip_depth:
                if event in ("start_map", "start_array"):
                    self.skip_depth += 1
                elif event in ("end_map", "end_array"):
                    self.skip_depth -= 1
                    if self.skip_depth == 0:
                        event, value = "null", None  # the part too deep to keep becomes null
                        continue
                event, value = next(events)
                continue
            if event == "map_key":
                frame = stack[-1]
                if stream_keys and len(stack) == 1 and value in stream_keys:
                    following = next(events)
                    if following[0] == "start_array":
                        self.count = count
                        return value
                    self._note_key(frame, value)
                    event, value = following
                    continue
                self._note_key(frame, value)
                event, value = next(events)
                continue
            if event == "start_map" or event == "start_array":
                path = self._path()
                if len(stack) >= MAX_DEPTH:
                    self._fail(path, f"nested deeper than {MAX_DEPTH} levels")
                    self.skip_depth = 1
                else:
                    stack.append([{}, "", path, set()] if event == "start_map" else [[], None, path, None])
                event, value = next(events)
                continue
            if event == "end_map" or event == "end_array":
                value = stack.pop()[0]
            elif event == "string":
                if len(value) > MAX_STRING:
                    self._fail(self._path(), f"text longer than {MAX_STRING:,} characters")
                    value = ""
                elif "\x00" in value:
                    self._fail(self._path(), "contains a NUL character")
                    value = value.replace("\x00", "")
                elif not value.isascii() and (LONE_SURROGATE_MARK in value or _has_surrogate(value)):
                    self._fail(self._path(), "contains a lone surrogate (not valid Unicode)")
                    value = value.encode("utf-8", "replace").decode("utf-8")
            elif event == "number":
                if isinstance(value, Decimal) and not value.is_finite() or abs(value) > MAX_NUMBER:
                    self._fail(self._path(), "number too large to be a rating or a count")
                    value = 0
            count += 1
            if count > MAX_VALUES:
                self._fail(self.where, f"more than {MAX_VALUES:,} values in one item")
                value = None
            if not stack:
                self.value, self.count = value, count
                return None
            if count <= MAX_VALUES:
                frame = stack[-1]
                if frame[1] is None:
                    frame[0].append(value)
                else:
                    frame[0][frame[1]] = value
            event, value = next(events)

    def _note_key(self, frame, key):
        if key in frame[3]:
            self._fail(f"{frame[2]}.{key}", "duplicate key")
        frame[3].add(key)
        frame[1] = key


def _has_surrogate(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _values(events, where):
    """(where, value, problem) for each element of the array whose start_array was just read."""
    index = 0
    for event, value in events:
        if event == "end_array":
            return
        builder = _Builder(f"{where}[{index}]")
        builder.run(event, value, events)
        yield builder.where, builder.value, builder.error
        index += 1


def json_items(handle):
    """(where, value, problem) for each item of a document, streaming the big arrays.

    A top-level list streams its elements; a top-level object streams the lists
    under STREAMED_KEYS (DataFeed elements, @graph, Google's claims) and is itself
    yielded with the other keys when it is more than a wrapper (a single ClaimReview).
    """
    events = iter(ijson.basic_parse(_SurrogateMarker(DigitGuard(handle)), use_float=False))
    try:
        first, value = next(events)
        if first == "start_array":
            yield from _values(events, "$")
        elif first == "start_map":
            rest = _Builder("$")
            streamed = False
            key = rest.run(first, value, events, STREAMED_KEYS)
            while key is not None:
                streamed = True
                yield from _values(events, f"$.{key}")
                key = rest.run(*next(events), events, STREAMED_KEYS)
            if not streamed or _types(rest.value or {}) & {"ClaimReview"} or "claimReviewed" in (rest.value or {}):
                yield "$", rest.value, rest.error
        else:
            yield "$", value, ""
        for _ in events:
            raise FileError("more than one JSON value in the file")
    except ijson.common.IncompleteJSONError as error:
        raise FileError(f"not valid JSON: {_one_line(error)}") from None
    except ijson.common.JSONError as error:
        raise FileError(f"not valid JSON: {_one_line(error)}") from None
    except UnicodeDecodeError as error:
        raise FileError(f"not UTF-8: {error.reason} at byte {error.start}") from None
    except TooManyDigits as error:
        raise FileError(f"not valid JSON: {error}") from None
    except StopIteration:
        raise FileError("empty file") from None


def _one_line(error):
    return " ".join(str(error).split())[:300]


# ---------------------------------------------------------------- from JSON values to reviews

def read_reviews(handle):
    """Every review in an open binary file, as Items (checked reviews or rejections), one at a time."""
    for where, value, problem in json_items(handle):
        if problem:
            yield Item(where, error=problem, raw=_describe(value))
            continue
        yield from _reviews_in(value, where)


def _reviews_in(value, where):
    """Items for each review within one JSON value of any accepted shape, in document order.

    Walked with a stack, not recursion: lists nested a thousand deep are valid JSON (a RecursionError
    traceback before).
    """
    stack = [(value, where)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed([(element, f"{where}[{i}]") for i, element in enumerate(value)]))
            continue
        if not isinstance(value, dict):
            yield Item(where, error=f"{where}: expected an object or a list, got {_type_name(value)}", raw=value)
            continue
        types = _types(value)
        if "ClaimReview" in types:
            yield _checked(value, where)
        elif "claimReview" in value and ("text" in value or "claimant" in value):  # Google Fact Check Tools API
            reviews = value["claimReview"]
            if not isinstance(reviews, list):
                yield Item(where, error=f"{where}.claimReview: expected a list, got {_type_name(reviews)}", raw=value)
                continue
            for i, google in enumerate(reviews):
                at = f"{where}.claimReview[{i}]"
                try:
                    yield _checked(_from_google(value, google, at), at)
                except ReviewError as error:
                    yield Item(at, error=str(error), raw=google)
        elif "@graph" in value:
            stack.append((value["@graph"], f"{where}.@graph"))
        elif "DataFeed" in types or "dataFeedElement" in value:
            stack.append((value.get("dataFeedElement", []), f"{where}.dataFeedElement"))
        elif "DataFeedItem" in types or ("item" in value and not types):
            stack.append((value.get("item", []), f"{where}.item"))
        elif "claims" in value and isinstance(value["claims"], list):
            stack.append((value["claims"], f"{where}.claims"))
        # anything else (a NewsArticle beside the ClaimReview, a WebPage) is not a review: passed over


def _from_google(claim, review, where):
    """A Google Fact Check Tools `claims[].claimReview[]` entry as the ClaimReview it describes."""
    if not isinstance(review, dict):
        raise ReviewError(f"{where}: expected an object, got {_type_name(review)}")
    publisher = review.get("publisher") or {}
    if not isinstance(publisher, dict):
        raise ReviewError(f"{where}.publisher: expected an object, got {_type_name(publisher)}")
    author = {"@type": "Organization", "name": publisher.get("name") or publisher.get("site") or ""}
    site = publisher.get("site")
    if isinstance(site, str) and site:
        author["url"] = site if "://" in site else f"https://{site}"
    item = {"@type": "Claim"}
    if claim.get("claimant") is not None:
        item["author"] = {"@type": "Thing", "name": claim["claimant"]}
    if claim.get("claimDate") is not None:
        item["datePublished"] = claim["claimDate"]
    data = {
        "@type": "ClaimReview", "url": review.get("url"), "claimReviewed": claim.get("text"),
        "author": author, "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": review.get("textualRating")},
    }
    for key, google_key in (("name", "title"), ("datePublished", "reviewDate"), ("inLanguage", "languageCode")):
        if review.get(google_key) is not None:
            data[key] = review[google_key]
    return data


def _checked(data, where):
    try:
        return Item(where, review=check_review(data, where))
    except ReviewError as error:
        return Item(where, error=str(error), raw=data)


def check_review(data, where):
    """A Review from a ClaimReview dict, or ReviewError naming the field and the problem."""
    url = _url(data, "url", where, required=True)
    claim_text = " ".join(_text(data, "claimReviewed", where, required=True, limit=MAX_TEXT).split())
    if not claim_text:
        raise ReviewError(f"{where}.claimReviewed: empty: nothing says what was claimed")
    language = _text(data, "inLanguage", where, limit=35).strip()
    if isinstance(data.get("inLanguage"), dict):
        language = _text(data["inLanguage"], "alternateName", f"{where}.inLanguage", limit=35)
    if language and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", language):
        raise ReviewError(f"{where}.inLanguage: {language[:40]!r} is not a language tag like 'ar' or 'pt-BR'")
    reviewer = _reviewer(data.get("author"), f"{where}.author", url)
    review = Review(
        where=where, url=url, claim_text=claim_text, reviewer_name=reviewer[0], reviewer_url=reviewer[1],
        reviewer_is_person=reviewer[2], language=language,
        title=" ".join(_text(data, "name", where, limit=MAX_NAME).split())
        or " ".join(_text(data, "headline", where, limit=MAX_NAME).split()),
        published=_day(data.get("datePublished"), f"{where}.datePublished"),
        modified=_day(data.get("dateModified"), f"{where}.dateModified"),
        explanation=_text(data, "reviewBody", where, limit=MAX_TEXT).strip()
        or _text(data, "description", where, limit=MAX_TEXT).strip(),
    )
    _read_rating(review, data.get("reviewRating"), f"{where}.reviewRating")
    item = data.get("itemReviewed")
    if item is None:
        item = {}
    if not isinstance(item, dict):
        raise ReviewError(f"{where}.itemReviewed: expected an object, got {_type_name(item)}")
    at = f"{where}.itemReviewed"
    review.claimant = _person(item.get("author"), f"{at}.author")
    review.claim_date = _partial(item.get("datePublished"), f"{at}.datePublished")
    review.works = _works(item, at, review)
    return review


def _read_rating(review, rating, where):
    if rating is None:
        return
    if not isinstance(rating, dict):
        raise ReviewError(f"{where}: expected an object, got {_type_name(rating)}")
    review.rating_label = " ".join(_text(rating, "alternateName", where, limit=MAX_LABEL).split())
    review.rating_value = _number(rating.get("ratingValue"), f"{where}.ratingValue")
    review.rating_best = _number(rating.get("bestRating"), f"{where}.bestRating")
    review.rating_worst = _number(rating.get("worstRating"), f"{where}.worstRating")
    review.verdict = map_rating(review.rating_label, review.rating_value, review.rating_best, review.rating_worst,
                                review.language)


def _reviewer(value, where, review_url):
    """(name, website, is_person) of who published the review.

    Without an author (some pages' markup leaves it out), the organisation at the
    review URL's host published it: named by that host.
    """
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or value == "" or value == {}:
        parts = urlsplit(review_url)
        return (parts.hostname or "").removeprefix("www."), f"{parts.scheme}://{parts.netloc}/", False
    if isinstance(value, str):
        name, website, is_person = value, "", False
    elif isinstance(value, dict):
        name = _text(value, "name", where, limit=MAX_NAME)
        website = _url(value, "url", where) if isinstance(value.get("url"), str) and is_http_url(value["url"]) else ""
        if value.get("url") not in (None, "") and not website:
            _text(value, "url", where)  # wrong type: say so; a bad address is left out below
        is_person = "Person" in _types(value)
    else:
        raise ReviewError(f"{where}: expected a name or an object, got {_type_name(value)}")
    name = " ".join(name.split())
    if not name:
        name = (urlsplit(website).hostname or "").removeprefix("www.") if website else ""
    if not name:
        raise ReviewError(f"{where}.name: required: who published the review")
    return name[:200], website if len(website) <= 200 else "", is_person


def _person(value, where):
    """(name, is_person) of a claim's author, or None."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "", {})), None)
    if value is None or value == "" or value == {}:
        return None
    if isinstance(value, str):
        name, is_person = value, False
    elif isinstance(value, dict):
        name, is_person = _text(value, "name", where, limit=MAX_NAME), "Person" in _types(value)
    else:
        raise ReviewError(f"{where}: expected a name or an object, got {_type_name(value)}")
    name = " ".join(name.split())
    return (name[:200], is_person) if name else None


def _works(item, where, review):
    """The appearances: `appearance`, `firstAppearance`, or an old-style CreativeWork itemReviewed itself."""
    works, seen = [], set()
    for key in ("appearance", "firstAppearance"):
        value = item.get(key)
        values = value if isinstance(value, list) else [] if value is None else [value]
        for i, work in enumerate(values):
            at = f"{where}.{key}" + (f"[{i}]" if isinstance(value, list) else "")
            if isinstance(work, str):
                work = {"url": work}
            if not isinstance(work, dict):
                raise ReviewError(f"{at}: expected a URL or an object, got {_type_name(work)}")
            _add_work(works, seen, work, at, review)
    if not works and "Claim" not in _types(item) and (item.get("url") or item.get("headline")):
        _add_work(works, seen, item, where, review)  # old style: itemReviewed is where the claim appeared
    return works


def _add_work(works, seen, work, at, review):
    url = _text(work, "url", at, limit=MAX_URL).strip()
    headline = " ".join((_text(work, "headline", at, limit=MAX_NAME) or _text(work, "name", at, limit=MAX_NAME)).split())
    if url and not is_http_url(url):
        review.ignored.append(f"{at}.url: {url[:80]!r} is not an absolute http(s) address")
        return
    if not url and not headline:
        return
    author = _person(work.get("author"), f"{at}.author")
    if (url or headline, author) in seen:  # firstAppearance usually repeats an appearance: keep each once
        return
    seen.add((url or headline, author))
    works.append(Work(
        url=url, headline=headline, author=author, date=_partial(work.get("datePublished"), f"{at}.datePublished"),
    ))


# ---------------------------------------------------------------- small readers that say what is wrong and where

def _types(obj):
    value = obj.get("@type", []) if isinstance(obj, dict) else []
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].split(":")[-1] for v in values if isinstance(v, str)}


def _type_name(value):
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "a list", str: "text", type(None): "null"}.get(type(value), "a number")


def _text(obj, key, where, required=False, limit=MAX_STRING):
    value = obj.get(key)
    if value is None:
        if required:
            raise ReviewError(f"{where}.{key}: required")
        return ""
    if not isinstance(value, str):
        raise ReviewError(f"{where}.{key}: expected text, got {_type_name(value)}")
    if len(value) > limit:
        raise ReviewError(f"{where}.{key}: longer than {limit:,} characters ({len(value):,})")
    return value


def _url(obj, key, where, required=False):
    value = _text(obj, key, where, required=required, limit=MAX_URL).strip()
    if value and not is_http_url(value):
        raise ReviewError(f"{where}.{key}: {value[:80]!r} is not an absolute http(s) address")
    if required and not value:
        raise ReviewError(f"{where}.{key}: required")
    return value


def _number(value, where):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ReviewError(f"{where}: expected a number, got true/false")
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 30:
            raise ReviewError(f"{where}: {text[:30]!r}… is not a rating number")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ReviewError(f"{where}: expected a number, got {text!r}") from None
    if not isinstance(value, (int, float, Decimal)):
        raise ReviewError(f"{where}: expected a number, got {_type_name(value)}")
    if isinstance(value, Decimal) and not value.is_finite() or isinstance(value, float) and not math.isfinite(value):
        raise ReviewError(f"{where}: not a finite number")
    if abs(value) > MAX_NUMBER:
        raise ReviewError(f"{where}: {value:.3g} is too large to be a rating")
    return float(value)


def _partial(value, where):
    """(date, precision) from an ISO date or date-time, or None when absent. Anything else is an error."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ReviewError(f"{where}: expected an ISO date, got {_type_name(value)}")
    match = _DATE.match(value.strip())
    if not match:
        raise ReviewError(f"{where}: {value[:40]!r} is not an ISO date (YYYY-MM-DD, optionally with a time)")
    try:
        return parse_partial_date(match.group("date"))
    except ValueError as error:
        raise ReviewError(f"{where}: {error}") from None


def _day(value, where):
    parsed = _partial(value, where)
    return parsed[0] if parsed else None


def _describe(value):
    """What a report can show of an item that could not be read whole."""
    return value if isinstance(value, (dict, list)) else None
