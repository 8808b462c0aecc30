import datetime
import re

import pytest

from tracker.dates import (
    display_partial_date,
    parse_partial_date,
    partial_date_errors,
    partial_date_iso,
    read_partial_date,
)


@pytest.mark.parametrize(
    "value, precision, shown, iso",
    [
        (datetime.date(2019, 11, 16), "day", "16 Nov 2019", "2019-11-16"),
        (datetime.date(2018, 8, 1), "month", "Aug 2018", "2018-08"),
        (datetime.date(2019, 1, 1), "year", "2019", "2019"),
        (datetime.date(2022, 5, 3), "day", "3 May 2022", "2022-05-03"),
        (None, "", "", None),
    ],
)
def test_partial_dates_show_only_what_is_known(value, precision, shown, iso):
    assert display_partial_date(value, precision) == shown
    assert partial_date_iso(value, precision) == iso
    if iso:
        assert parse_partial_date(iso) == (value, precision)


@pytest.mark.parametrize("text", ["2019-13", "2019-02-30", "19", "2019/01/01", "", None, "2019-1", "99999-01-01",
                                  "2020-1-1", "2021-06-15garbage", "2021-06-15\n", "0000", "\uff12\uff10\uff12\uff11",
                                  "\u0662\u0660\u0662\u0661", 2021, " 2021"])
def test_malformed_partial_dates_are_rejected(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


@pytest.mark.parametrize("text, value, precision", [
    ("16 Nov 2019", datetime.date(2019, 11, 16), "day"),
    ("16 November 2019", datetime.date(2019, 11, 16), "day"),
    ("16th Nov. 2019", datetime.date(2019, 11, 16), "day"),
    ("Nov 16, 2019", datetime.date(2019, 11, 16), "day"),
    ("3 may 2022", datetime.date(2022, 5, 3), "day"),
    ("Nov 2019", datetime.date(2019, 11, 1), "month"),
    ("November 2019", datetime.date(2019, 11, 1), "month"),
    ("  Sept   2019 ", datetime.date(2019, 9, 1), "month"),
    ("2019", datetime.date(2019, 1, 1), "year"),
    ("2019-11-16", datetime.date(2019, 11, 16), "day"),
    ("2019-11", datetime.date(2019, 11, 1), "month"),
    ("29 Feb 2020", datetime.date(2020, 2, 29), "day"),
])
def test_dates_are_read_as_people_write_them_to_the_precision_given(text, value, precision):
    assert read_partial_date(text) == (value, precision)
    # Shown again in the form it is typed, which reads back to the same date.
    assert read_partial_date(str(read_partial_date(text))) == (value, precision)


@pytest.mark.parametrize("text, message", [
    ("31 Feb 2019", "There is no 31 February 2019."),
    ("29 Feb 2019", "There is no 29 February 2019."),
    ("2019-02-30", "There is no 30 February 2019."),
    ("2019-13", "There is no month 13"),
    ("0000", "There is no year 0."),
    ("soon", "Write the date as it is known"),
    ("Smarch 2019", "Write the date as it is known"),
    ("16/11/2019", "Write the date as it is known"),
    ("last week", "Write the date as it is known"),
    ("19", "Write the date as it is known"),
    ("\u0662\u0660\u0662\u0661", "Write the date as it is known"),
    ("", "Write the date as it is known"),
])
def test_dates_that_do_not_exist_or_cannot_be_read_say_so(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        read_partial_date(text)


@pytest.mark.parametrize("value, precision, message", [
    (datetime.date(2019, 11, 16), "", "Say how precisely the date is known"),
    (None, "day", "A precision needs a date"),
    (datetime.date(2019, 11, 16), "month", "write Nov 2019"),
    (datetime.date(2019, 11, 1), "year", "write 2019"),
])
def test_a_date_that_breaks_its_precision_rule_is_told_in_words(value, precision, message):
    errors = partial_date_errors("date", value, precision)
    assert list(errors) == ["date"] and message in errors["date"]


@pytest.mark.parametrize("value, precision", [
    (None, ""), (datetime.date(2019, 11, 16), "day"), (datetime.date(2019, 11, 1), "month"),
    (datetime.date(2019, 1, 1), "year"),
])
def test_a_consistent_partial_date_has_no_errors(value, precision):
    assert partial_date_errors("date", value, precision) == {}
