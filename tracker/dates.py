"""Dates known only to the month or the year, stored honestly.

A partial date is a `DateField` plus a precision. The date is normalised to the
first day of its month or year, so sorting and range filters work, and it is
shown only to the precision we know: "16 Nov 2019", "Aug 2018", "2019".
"""
import datetime
import re

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
