import datetime

import pytest

from tracker.dates import display_partial_date, parse_partial_date, partial_date_iso


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
