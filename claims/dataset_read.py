"""Read a dataset file as a stream: its top-level keys in file order, each list one object at a time.

Memory holds one object of a list (a claim with its remarks and their reports,
evidence and reviews) at a time, however long the file. The reader is as strict as the
format asks (docs/dataset-format.md): a key given twice in one object, NaN or
Infinity, nesting deeper than MAX_DEPTH and a file that is not JSON are each a
DatasetError of one line starting "not valid JSON: ". What the values mean is
checked by the importer (claims/dataset.py).
"""
import re
from contextlib import contextmanager
from decimal import Decimal

import ijson

from .claimreview_read import (
    LONE_SURROGATE_MARK,
    DigitGuard,
    TooManyDigits,
    _SurrogateMarker,
)

MAX_DEPTH = 64  # deeper than any dataset; a hostile file can nest far deeper


class DatasetError(Exception):
    """The file is not a valid dataset; `str()` says where and why."""


def not_json(message):
    return DatasetError(f"not valid JSON: {message}")


def _duplicate(key, slug):
    where = f" (the object with slug {slug!r})" if isinstance(slug, str) else ""
    return not_json(f"duplicate key {key!r} in one object{where}: which value is meant is unclear")


class DatasetFile:
    """A dataset file on disk. Each call of `top_level()` reads it again from the start."""

    def __init__(self, path):
        self.path = path

    def top_level(self):
        """(key, value) for each key of the top-level object, in file order.

        A list's value is a `Rows` iterator of (place, object); what the caller leaves
        unread of it is skipped (its syntax still checked). Any other value is built whole.
        """
        try:
            handle = open(self.path, "rb")
        except OSError as error:
            raise DatasetError(f"cannot read: {error.strerror}") from None
        with handle:
            events = _Events(handle)
            event, _ = events.next()
            if event != "start_map":
                raise DatasetError('not a Counterclaim dataset: "format" must be "counterclaim-dataset"')
            seen = set()
            while True:
                event, key = events.next()
                if event == "end_map":
                    break
                if key in seen:
                    raise _duplicate(key, None)
                seen.add(key)
                event, value = events.next()
                if event == "start_array":
                    rows = Rows(events, key)
                    yield key, rows
                    rows.skip_rest()
                else:
                    yield key, _build(events, event, value, depth=1)
            events.end()


class Rows:
    """The objects of one top-level list, one at a time, as (place, object)."""

    def __init__(self, events, key):
        self.events, self.key, self.index, self.finished = events, key, 0, False

    def __iter__(self):
        return self

    def __repr__(self):
        return "a list"

    def __next__(self):
        if self.finished:
            raise StopIteration
        event, value = self.events.next()
        if event == "end_array":
            self.finished = True
            raise StopIteration
        row = _build(self.events, event, value, depth=2)
        if not isinstance(row, dict):
            raise DatasetError(f"{self.key}: expected a list of objects")
        place = f"{self.key}[{self.index}]"
        self.index += 1
        return place, row

    def skip_rest(self):
        """Read past what is left of the list without building it (nesting is still limited)."""
        if self.finished:
            return
        depth = 2  # the top-level object and this list
        with self.events.translated():
            for event, _ in self.events.iterator:
                if event == "start_map" or event == "start_array":
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise not_json(f"nested deeper than {MAX_DEPTH} levels")
                elif event == "end_map" or event == "end_array":
                    depth -= 1
                    if depth == 1:
                        self.finished = True
                        return
        raise not_json("the document ends early")


def _build(events, event, value, depth):
    """The JSON value that starts with (event, value), refusing duplicate keys and deep nesting.

    `depth` is how many lists and objects enclose it. One loop over ijson's events, no call per event:
    a claim with its quotes is hundreds of events, a dataset millions.
    """
    if event != "start_map" and event != "start_array":
        return _scalar(value)
    # Frames: [container, key the next value goes under (None in a list), a key given twice (reported at the end)]
    stack = [[{} if event == "start_map" else [], None, None]]
    limit = MAX_DEPTH - depth
    with events.translated():
        for event, value in events.iterator:
            if event == "map_key":
                frame = stack[-1]
                if value in frame[0] and frame[2] is None:  # the earlier value is in place when the next key comes
                    frame[2] = value
                frame[1] = value
                continue
            if event == "start_map" or event == "start_array":
                if len(stack) >= limit:
                    raise not_json(f"nested deeper than {MAX_DEPTH} levels")
                stack.append([{} if event == "start_map" else [], None, None])
                continue
            if event == "end_map" or event == "end_array":
                value, _, duplicate = stack.pop()
                if duplicate is not None:
                    raise _duplicate(duplicate, value.get("slug"))
                if not stack:
                    return value
            else:
                value = _scalar(value)
            parent = stack[-1]
            if parent[1] is None:
                parent[0].append(value)
            else:
                parent[0][parent[1]] = value
        raise not_json("the document ends early")


def _scalar(value):
    if isinstance(value, Decimal):
        return float(value)  # what json.load gives: 2.5, and 2.0 is not the integer 2
    if isinstance(value, str) and LONE_SURROGATE_MARK in value:
        # Put the lone surrogate back (yajl would have made it "?"), for the importer to refuse with its place.
        return value.replace(LONE_SURROGATE_MARK, "\ud800")
    return value


# yajl's message ends with the text around the problem and a caret under it.
_BARE_CONSTANT = re.compile(r"-?(NaN|Infinity)")


class _Events:
    """ijson's events with its errors turned into DatasetErrors."""

    def __init__(self, handle):
        self.iterator = ijson.basic_parse(_SurrogateMarker(DigitGuard(handle)), use_float=False)

    def next(self):
        with self.translated():
            return next(self.iterator)

    @contextmanager
    def translated(self):
        try:
            yield
        except StopIteration:
            raise not_json("the document ends early") from None
        except ijson.JSONError as error:
            raise not_json(_describe(error)) from None
        except TooManyDigits as error:
            raise not_json(str(error)) from None

    def end(self):
        """Check that nothing but whitespace follows the top-level object."""
        try:
            next(self.iterator)
        except StopIteration:
            return
        except ijson.JSONError as error:
            raise not_json(_describe(error)) from None
        raise not_json("more than one JSON value in the file")


def _describe(error):
    lines = str(error).split("\n")
    if len(lines) >= 3 and "^" in lines[2]:
        column = lines[2].index("^") - 1  # the caret stands one past the character yajl stopped at
        constant = _BARE_CONSTANT.match(lines[1][max(column, 0):])
        if constant:
            return f"{constant.group(0)} is not a number JSON allows"
    return " ".join(lines[0].split())[:300] or "cannot be parsed"
