"""Dates known only to the month or the year, stored honestly.

A partial date is a `DateField` plus a precision. The date is normalised to the
first day of its month or year, so sorting and range filters work, and it is
shown only to the precision we know: "16 Nov 2019", "Aug 2018", "2019".
Editors type it the same way (read_partial_date), in one field (tracker.forms.PartialDateField).
"""
import datetime
import re
from typing import NamedTuple

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, ExtractDay, ExtractMonth
from django.db.models.lookups import Exact


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


_FORMATS = {
    DatePrecision.DAY: "{d.day} {d:%b} {d.year}",
    DatePrecision.MONTH: "{d:%b} {d.year}",
    DatePrecision.YEAR: "{d.year}",
}
_ISO_FORMATS = {DatePrecision.DAY: "%Y-%m-%d", DatePrecision.MONTH: "%Y-%m", DatePrecision.YEAR: "%Y"}
# ASCII digits only, the whole text (fullmatch: no trailing newline or "garbage"), four-digit years.
_PARTIAL_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


class PartialDate(NamedTuple):
    """A date and how precisely it is known; str() is its readable form ('Nov 2019')."""

    date: datetime.date
    precision: str

    def __str__(self):
        return display_partial_date(self.date, self.precision)


def display_partial_date(value, precision):
    """Human form of a partial date: '16 Nov 2019', 'Aug 2018', '2019'; '' when unknown."""
    if value is None:
        return ""
    return _FORMATS[DatePrecision(precision)].format(d=value)


def partial_date_iso(value, precision):
    """ISO 8601 form at the known precision: '2019-11-16', '2018-08', '2019'; None when unknown."""
    if value is None:
        return None
    return value.strftime(_ISO_FORMATS[DatePrecision(precision)])


def parse_partial_date(text):
    """Inverse of partial_date_iso: '2018-08' -> (date(2018, 8, 1), 'month'). Raises ValueError."""
    match = _PARTIAL_ISO.fullmatch(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    try:
        return datetime.date(int(year), int(month or 1), int(day or 1)), precision.value
    except ValueError as error:
        raise ValueError(f"{text!r} is not a real date ({error})") from None


MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MONTH_NUMBERS = {name: n for n, month in enumerate(MONTHS, 1) for name in (month, month[:3])} | {"sept": 9}
# After read_partial_date's tidying (lower case, one space between words, no commas or dots): the ways
# people write a date in English, day first or month first, with or without "th".
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_SPOKEN_DATES = [re.compile(pattern, re.ASCII) for pattern in (
    rf"{_DAY} (?P<month>[a-z]+) (?P<year>\d{{4}})",  # 16 Nov 2019, 16th November 2019
    rf"(?P<month>[a-z]+) {_DAY} (?P<year>\d{{4}})",  # Nov 16, 2019
    r"(?P<month>[a-z]+) (?P<year>\d{4})",  # Nov 2019, November 2019
)]
READABLE_FORMS = "“16 Nov 2019”, “Nov 2019” or “2019” (or 2019-11-16)"


def read_partial_date(text):
    """A date as people write it, to the precision they give: '16 Nov 2019', 'November 2019', '2019',
    'Nov 16, 2019', or ISO ('2019-11', '2019-11-16') -> PartialDate, normalised to the first of the month
    or year. Raises ValueError with a message an editor can act on."""
    text = " ".join(re.sub(r"[,.]", " ", text).split()).lower() if isinstance(text, str) else ""
    if _PARTIAL_ISO.fullmatch(text):
        year, month, day = _PARTIAL_ISO.fullmatch(text).groups()
        return _partial_date(int(year), int(month) if month else None, int(day) if day else None)
    for pattern in _SPOKEN_DATES:
        match = pattern.fullmatch(text)
        if match and match["month"] in _MONTH_NUMBERS:
            day = match.groupdict().get("day")
            return _partial_date(int(match["year"]), _MONTH_NUMBERS[match["month"]], int(day) if day else None)
    raise ValueError(f"Write the date as it is known: {READABLE_FORMS}.")


def _partial_date(year, month, day):
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}: months go from 1 to 12.")
    try:
        return PartialDate(datetime.date(year, month or 1, day or 1), precision.value)
    except ValueError:
        if day and month:
            raise ValueError(f"There is no {day} {MONTHS[month - 1].capitalize()} {year}.") from None
        raise ValueError(f"There is no year {year}.") from None


def partial_date_errors(date_field, value, precision):
    """{date_field: message} when a date and its precision break a rule of partial_date_constraints: the
    same rules in words an editor can act on, on the date's field. Empty when they hold."""
    if value is None:
        message = "" if not precision else "A precision needs a date: give the date, or clear its precision."
    elif precision not in DatePrecision.values:
        message = "Say how precisely the date is known: the day, the month or only the year."
    elif precision == DatePrecision.MONTH and value.day != 1:
        message = f"A date known only to the month is kept as its first day: write {value:%b %Y}."
    elif precision == DatePrecision.YEAR and (value.day, value.month) != (1, 1):
        message = f"A date known only to the year is kept as 1 January: write {value.year}."
    else:
        message = ""
    return {date_field: message} if message else {}


def _part_is(extract, date_field, value):
    # The cast gives the date a type when Django checks the constraint in Python
    # (full_clean), where the field becomes a bare parameter.
    return Exact(extract(Cast(date_field, models.DateField())), value)


def partial_date_constraints(date_field, precision_field, prefix):
    """Named check constraints: a precision goes with a date, and the date is normalised to it."""
    return [
        models.CheckConstraint(
            condition=(Q(**{f"{date_field}__isnull": True}) & Q(**{precision_field: ""}))
            | (Q(**{f"{date_field}__isnull": False}) & Q(**{f"{precision_field}__in": DatePrecision.values})),
            name=f"{prefix}_{date_field}_has_precision",
        ),
        models.CheckConstraint(
            condition=~Q(**{precision_field: DatePrecision.MONTH}) | Q(_part_is(ExtractDay, date_field, 1)),
            name=f"{prefix}_{date_field}_month_is_normalised",
        ),
        models.CheckConstraint(
            condition=~Q(**{precision_field: DatePrecision.YEAR})
            | Q(_part_is(ExtractDay, date_field, 1), _part_is(ExtractMonth, date_field, 1)),
            name=f"{prefix}_{date_field}_year_is_normalised",
        ),
    ]
