"""Fuzzy dates: parsing EDTF strings, their earliest/latest bounds, and the text
readers see, in English and Arabic."""

import calendar
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from rounds import fuzzydates
from rounds.fuzzydates import (
    DAY,
    MONTH,
    SEASON,
    YEAR,
    natural,
    natural_range,
    parse,
    parse_or_none,
    validate,
)

# The edtf parser is slow on its first call: no per-example deadline.
properties = settings(deadline=None)


def iso(year: int, month: int | None = None, day: int | None = None) -> str:
    """Zero-padded EDTF, also for years before 1000 (strftime does not pad them)."""
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{day:02d}"
    return text


# Parsing: precision and bounds


@pytest.mark.parametrize(
    "text, earliest, latest, precision",
    [
        ("2017", date(2017, 1, 1), date(2017, 12, 31), YEAR),
        ("2017-07", date(2017, 7, 1), date(2017, 7, 31), MONTH),
        ("2017-07-10", date(2017, 7, 10), date(2017, 7, 10), DAY),
        ("2017-21", date(2017, 3, 1), date(2017, 5, 31), SEASON),
        ("2017-22", date(2017, 6, 1), date(2017, 8, 31), SEASON),
        ("2017-23", date(2017, 9, 1), date(2017, 11, 30), SEASON),
    ],
)
def test_parse_gives_precision_and_bounds(text, earliest, latest, precision):
    value = parse(text)

    assert (value.earliest, value.latest, value.precision) == (earliest, latest, precision)


def test_winter_runs_from_december_to_the_end_of_february():
    assert (parse("2017-24").earliest, parse("2017-24").latest) == (
        date(2017, 12, 1),
        date(2018, 2, 28),
    )
    assert parse("2019-24").latest == date(2020, 2, 29)


@pytest.mark.parametrize(
    "text, earliest, latest, precision",
    [
        ("201X", date(2010, 1, 1), date(2019, 12, 31), YEAR),
        ("20XX", date(2000, 1, 1), date(2099, 12, 31), YEAR),
        ("2017-XX", date(2017, 1, 1), date(2017, 12, 31), YEAR),
        ("2017-XX-XX", date(2017, 1, 1), date(2017, 12, 31), YEAR),
        ("2017-07-XX", date(2017, 7, 1), date(2017, 7, 31), MONTH),
    ],
)
def test_unspecified_digits_widen_the_bounds(text, earliest, latest, precision):
    value = parse(text)

    assert (value.earliest, value.latest, value.precision) == (earliest, latest, precision)


@pytest.mark.parametrize(
    "text, approximate, uncertain",
    [
        ("2017-07-10", False, False),
        ("2017-07-10~", True, False),
        ("2017-07?", False, True),
        ("2017%", True, True),
        ("2017-21~", True, False),
        ("201X?", False, True),
    ],
)
def test_qualifiers_set_approximate_and_uncertain(text, approximate, uncertain):
    value = parse(text)

    assert (value.approximate, value.uncertain) == (approximate, uncertain)


def test_qualifier_does_not_move_the_bounds():
    plain, qualified = parse("2017-07"), parse("2017-07%")

    assert (qualified.earliest, qualified.latest) == (plain.earliest, plain.latest)


def test_surrounding_spaces_are_ignored():
    assert parse("  2017-07 \n").text == "2017-07"


@pytest.mark.parametrize(
    "text, last_day",
    [
        ("2016-02", date(2016, 2, 29)),
        ("2017-02", date(2017, 2, 28)),
        ("2000-02", date(2000, 2, 29)),
        ("1900-02", date(1900, 2, 28)),
        ("2017-04", date(2017, 4, 30)),
        ("2017-12", date(2017, 12, 31)),
    ],
)
def test_month_ends_on_its_last_calendar_day(text, last_day):
    assert parse(text).latest == last_day


def test_leap_day_is_a_date_only_in_a_leap_year():
    assert parse("2016-02-29").earliest == date(2016, 2, 29)
    with pytest.raises(ValidationError):
        parse("2017-02-29")


# Parsing: what is refused


@pytest.mark.parametrize("text", ["2017/2018", "2017-07-10/2017-07-14", "2017/.."])
def test_interval_is_refused_with_its_own_message(text):
    with pytest.raises(ValidationError) as caught:
        parse(text)

    assert caught.value.code == "interval"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "July 2017",
        "10/07/2017",
        "2017-7",
        "17",
        "12017",
        "-2017",
        "2017-07-10T10:00",
        "2017?~",
        "1X17",
        "2017-1X",
        "2017-07-1X",
        "[2017, 2018]",
        "٢٠١٧",  # Arabic-Indic digits
    ],
)
def test_text_not_in_edtf_form_is_refused(text):
    with pytest.raises(ValidationError) as caught:
        parse(text)

    assert caught.value.code == "invalid"


@pytest.mark.parametrize(
    "text",
    ["2017-02-30", "2017-04-31", "2017-13", "2017-00", "2017-07-00", "2017-07-32", "0000"],
)
def test_impossible_calendar_date_is_refused(text):
    with pytest.raises(ValidationError) as caught:
        parse(text)

    assert caught.value.code == "invalid_date"


@pytest.mark.parametrize("text", ["2017-25", "2017-33", "2017-41", "2017-21-05"])
def test_level_two_season_or_season_with_a_day_is_refused(text):
    # 2017-25 used to slip through the parser and read as "March 2017".
    with pytest.raises(ValidationError):
        parse(text)


def test_parse_or_none_gives_none_for_empty_or_invalid_text():
    assert parse_or_none("") is None
    assert parse_or_none("2017-13") is None
    assert parse_or_none("2017").earliest == date(2017, 1, 1)


# Display


@pytest.mark.parametrize(
    "text, shown",
    [
        ("2017-07-10", "10 July 2017"),
        ("2017-07", "July 2017"),
        ("2017", "2017"),
        ("2017-07~", "c. July 2017"),
        ("2017-07?", "July 2017?"),
        ("2017-07-10%", "c. 10 July 2017?"),
        ("2017-22", "Summer 2017"),
        ("201X", "2010s"),
        ("2017-XX", "2017"),
        ("2017-07-XX", "July 2017"),
        ("", ""),
        ("not a date", ""),
        (None, ""),
    ],
)
def test_natural_shows_reader_text(text, shown):
    assert natural(text) == shown


def test_str_of_a_fuzzy_date_is_its_natural_text():
    assert str(parse("2017-07-10")) == "10 July 2017"


@pytest.mark.parametrize(
    "start, end, shown",
    [
        ("2017-07-10", "2017-07-14", "10–14 July 2017"),
        ("2020-11-30", "2020-12-04", "30 November – 4 December 2020"),
        ("2017-12-28", "2018-01-04", "28 December 2017 – 4 January 2018"),
        ("2017-07", "2017-08", "July – August 2017"),
        ("2017", "2018", "2017 – 2018"),
        ("2017-07", "2017-08-04", "July 2017 – 4 August 2017"),
        ("2017-07-30", "2017-08", "30 July 2017 – August 2017"),
        ("2017-07-10~", "2017-07-14", "c. 10 July 2017 – 14 July 2017"),
        ("2017-07-10", "2017-07-14?", "10 July 2017 – 14 July 2017?"),
        ("2017-07-10", "2017-07-10", "10 July 2017"),
        ("2017-07-10", "", "10 July 2017"),
        ("2017-07-10", None, "10 July 2017"),
        ("", "2018-03", "until March 2018"),
        (None, "2018", "until 2018"),
        ("", "", ""),
    ],
)
def test_natural_range_writes_shared_month_and_year_once(start, end, shown):
    assert natural_range(start, end) == shown


def test_natural_range_accepts_parsed_dates():
    assert natural_range(parse("2017-07-10"), parse("2017-07-14")) == "10–14 July 2017"


def test_natural_in_arabic_uses_arabic_month_names():
    with translation.override("ar"):
        assert natural("2017-07-10") == "10 يوليو 2017"
        assert natural("2017-12") == "ديسمبر 2017"
        assert natural_range("2017-07-10", "2017-07-14") == "10–14 يوليو 2017"
        assert natural_range("2020-11-30", "2020-12-04") == "30 نوفمبر – 4 ديسمبر 2020"


def test_natural_follows_the_active_language_per_call():
    value = parse("2017-07")

    with translation.override("ar"):
        arabic = natural(value)
    assert (arabic, natural(value)) == ("يوليو 2017", "July 2017")


# Properties


@properties
@given(st.dates())
def test_any_calendar_day_parses_to_itself(day):
    value = parse(day.isoformat())

    assert value.earliest == value.latest == day
    assert value.precision == DAY


@properties
@given(st.integers(1, 9999), st.integers(1, 12))
def test_any_month_spans_exactly_that_month(year, month):
    value = parse(iso(year, month))

    assert value.earliest <= value.latest
    assert value.earliest == date(year, month, 1)
    assert value.latest == date(year, month, calendar.monthrange(year, month)[1])


@properties
@given(st.dates())
def test_a_day_lies_within_its_month_and_its_year(day):
    in_month, in_year = parse(iso(day.year, day.month)), parse(iso(day.year))

    assert in_year.earliest <= in_month.earliest <= day <= in_month.latest <= in_year.latest


@properties
@given(st.dates(), st.dates())
def test_ordering_by_earliest_agrees_with_date_ordering(a, b):
    assert (parse(a.isoformat()).earliest < parse(b.isoformat()).earliest) == (a < b)


@properties
@given(st.integers(1, 9998), st.integers(1, 12), st.integers(1, 9998), st.integers(1, 12))
def test_ordering_months_by_earliest_agrees_with_calendar_order(y1, m1, y2, m2):
    first, second = parse(iso(y1, m1)), parse(iso(y2, m2))

    assert (first.earliest < second.earliest) == ((y1, m1) < (y2, m2))


@properties
@given(st.text())
def test_parse_of_any_text_gives_a_date_or_a_validation_error(text):
    try:
        value = parse(text)
    except ValidationError:
        assert parse_or_none(text) is None
    else:
        assert value.earliest <= value.latest


@properties
@given(st.from_regex(r"\A[0-9]{2}[0-9X]{2}(-[0-9X]{2}(-[0-9X]{2})?)?[?~%]?\Z"))
def test_parse_of_edtf_like_text_gives_a_date_or_a_validation_error(text):
    try:
        value = parse(text)
    except ValidationError:
        return
    assert value.earliest <= value.latest
    assert natural(value)


# Reading without the edtf parser; writing with it


def edtf_bounds(text: str):
    """The bounds the edtf package gives (winter extended to February, as here)."""
    from datetime import timedelta

    from edtf import parse_edtf, struct_time_to_date

    parsed = parse_edtf(text.rstrip("?~%"))
    earliest = struct_time_to_date(parsed.lower_strict())
    latest = struct_time_to_date(parsed.upper_strict())
    if text.rstrip("?~%")[5:7] == "24":
        latest = date(earliest.year + 1, 3, 1) - timedelta(days=1)
    return earliest, latest


@properties
@given(st.from_regex(r"\A[0-9]{2}[0-9X]{2}(-[0-9X]{2}(-[0-9X]{2})?)?[?~%]?\Z"))
def test_fast_bounds_agree_with_the_edtf_parser(text):
    try:
        value = validate(text)
    except ValidationError:
        return
    assert (value.earliest, value.latest) == edtf_bounds(text)


@pytest.mark.parametrize("text", ["2017-07-10", "2019-24", "201X", "2017-XX-31", "2016-02-29"])
def test_fast_bounds_agree_with_the_edtf_parser_on_known_forms(text):
    value = parse(text)

    assert (value.earliest, value.latest) == edtf_bounds(text)


@pytest.mark.parametrize("text", ["201X-21", "2017-21-05", "2017-02-30", "0000", "9999-24"])
def test_forms_the_edtf_parser_refuses_are_refused_by_both(text):
    with pytest.raises(ValidationError):
        parse(text)
    with pytest.raises(ValidationError):
        validate(text)


def test_reading_never_runs_the_edtf_parser(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the edtf parser ran on a read path")

    monkeypatch.setattr(fuzzydates, "parse_edtf", refuse)
    fuzzydates._parse.cache_clear()

    assert natural_range("2017-07-10", "2017-07-14~") == "10 July 2017 – c. 14 July 2017"
    assert natural("201X") == "2010s"


def test_validation_runs_the_edtf_parser(monkeypatch):
    calls = []
    monkeypatch.setattr(fuzzydates, "parse_edtf", calls.append)

    validate("2017-07-10~")

    assert calls == ["2017-07-10"]
