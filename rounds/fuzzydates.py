"""Fuzzy dates: EDTF level 0/1 strings ("2017", "2017-08", "2017-07-10~") with the
earliest and latest calendar days they can mean, and natural-language display.

Reading is fast: `parse()` works out the bounds of the forms we accept with calendar
arithmetic (microseconds), so a timeline of thousands of entries or a CSV of every
round never waits on a full EDTF parser. Writing is strict: `validate()` (the model
field's validator, and every save) also runs the `edtf` package's parser, which
takes milliseconds, and refuses what it refuses. This module narrows EDTF to single
dates (an interval is two fields here: start and end) and turns them into reader
text.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from edtf import parse_edtf

YEAR, SEASON, MONTH, DAY = "year", "season", "month", "day"

SEASONS = {
    21: gettext_lazy("Spring"),
    22: gettext_lazy("Summer"),
    23: gettext_lazy("Autumn"),
    24: gettext_lazy("Winter"),
}
# The months each season spans (the northern-hemisphere reading EDTF gives them).
SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}

# The forms accepted: a year, year-month, year-month-day or year-season, with
# unspecified digits (X) and one trailing qualifier: ? uncertain, ~ approximate,
# % both. Intervals, sets, level-2 seasons (25-41), partly unspecified months or
# days (2017-1X) and level-2 partial qualifiers are refused. ASCII digits only:
# \d would also let through Arabic-Indic digits, which the parser cannot read.
_FORM = re.compile(
    r"(?P<year>[0-9]{2}(?:[0-9]{2}|[0-9]X|XX))"
    r"(?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>[0-9]{2}|XX))?)?"
    r"(?P<qualifier>[?~%])?"
)

# Exactly what _FORM accepts, for the error message. Partly unspecified months or
# days (2020-02-2X, EDTF level 2) are not among them: the edtf package cannot
# parse them.
ACCEPTED_FORMS = gettext_lazy(
    "“%(value)s” is not a date in EDTF form. Use one of: YYYY (2017), YYYY-MM "
    "(2017-08), YYYY-MM-DD (2017-07-10), a season YYYY-21 to YYYY-24 (2017-21 = "
    "spring 2017; 22 summer, 23 autumn, 24 winter), or X for unknown digits "
    "(201X, 20XX, 2017-XX, 2017-08-XX); then optionally ~ (approximate), "
    "? (uncertain) or %% (both)."
)


@dataclass(frozen=True)
class FuzzyDate:
    text: str
    earliest: date
    latest: date
    precision: str
    approximate: bool
    uncertain: bool

    def __str__(self) -> str:
        return natural(self)


def parse(text: str) -> FuzzyDate:
    """Parse an EDTF string, or raise ValidationError saying what is wrong."""
    return _parse((text or "").strip())


def validate(text: str) -> FuzzyDate:
    """parse(), checked against the `edtf` package's parser: for writes only."""
    value = parse(text)
    try:
        parse_edtf(value.text.rstrip("?~%"))
    except Exception:  # the edtf parser raises several types for bad input
        raise _not_a_date(value.text) from None
    return value


def _not_a_date(text: str) -> ValidationError:
    return ValidationError(
        _("“%(value)s” is not a real calendar date."),
        code="invalid_date",
        params={"value": text},
    )


@lru_cache(maxsize=4096)  # values repeat a lot (years, months)
def _parse(text: str) -> FuzzyDate:
    match = _FORM.fullmatch(text)
    if not match:
        if _is_interval(text):
            raise ValidationError(
                _("“%(value)s” is an interval; enter the start and end separately."),
                code="interval",
                params={"value": text},
            )
        raise ValidationError(ACCEPTED_FORMS, code="invalid", params={"value": text})
    try:
        earliest, latest = _bounds(match)
    except ValueError:
        raise _not_a_date(text) from None
    qualifier = match["qualifier"] or ""
    return FuzzyDate(
        text=text,
        earliest=earliest,
        latest=latest,
        precision=_precision(match),
        approximate=qualifier in "~%" and bool(qualifier),
        uncertain=qualifier in "?%" and bool(qualifier),
    )


def parse_or_none(text: str) -> FuzzyDate | None:
    """Like parse(), but None for an empty or invalid value (for display code)."""
    if not text:
        return None
    try:
        return parse(text)
    except ValidationError:
        return None


def _is_interval(text: str) -> bool:
    """'2017-07/2018' or '2017/..', but not a day written 10/07/2017."""
    parts = text.split("/")
    return len(parts) == 2 and all(p in ("", "..") or _FORM.fullmatch(p) for p in parts)


def _span(digits: str, low: int, high: int) -> tuple[int, int]:
    """The smallest and largest value two digits with unspecified ones (X) can
    take within [low, high]."""
    first, last = max(low, int(digits.replace("X", "0"))), min(high, int(digits.replace("X", "9")))
    if first > last:
        raise ValueError(f"nothing within {low}-{high} matches {digits}")
    return first, last


def _bounds(match: re.Match) -> tuple[date, date]:
    """The first and last day the date can mean, qualifier aside (it does not move
    the bounds). Winter runs from December to the end of February; a season is
    refused with unspecified year digits or a day, as the edtf parser refuses it."""
    year, month, day = match["year"], match["month"], match["day"]
    first_year, last_year = int(year.replace("X", "0")), int(year.replace("X", "9"))
    if month is None:
        first_month, last_month = 1, 12
    elif month[0] != "X" and int(month.replace("X", "0")) in SEASON_MONTHS:
        if day is not None or "X" in year or "X" in month:
            raise ValueError("a season with a day or unspecified digits")
        first_month, last_month = SEASON_MONTHS[int(month)]
        last_year += last_month < first_month  # winter ends in the next year
    else:
        first_month, last_month = _span(month, 1, 12)
    first_day, last_day = 1, calendar.monthrange(last_year, last_month)[1]
    if day is not None:
        first_day, _unused = _span(day, 1, calendar.monthrange(first_year, first_month)[1])
        _unused, last_day = _span(day, 1, last_day)
    return date(first_year, first_month, first_day), date(last_year, last_month, last_day)


def _precision(match: re.Match) -> str:
    month, day = match["month"], match["day"]
    if "X" in match["year"] or month is None or "X" in month:
        return YEAR
    if int(month) in SEASONS:
        return SEASON
    if day is None or "X" in day:
        return MONTH
    return DAY


def _bare(value: FuzzyDate, with_year: bool = True, with_month: bool = True) -> str:
    """The date without qualifiers, in the active language."""
    year = str(value.earliest.year)
    if value.precision == YEAR:
        return value.text.rstrip("?~%")[:4].replace("X", "0") + (
            "s" if "X" in value.text[:4] else ""
        )
    if value.precision == SEASON:
        return f"{SEASONS[int(value.text[5:7])]} {year}"
    parts = []
    if value.precision == DAY:
        parts.append(str(value.earliest.day))
    if with_month:
        parts.append(str(MONTHS[value.earliest.month]))
    if with_year:
        parts.append(year)
    return " ".join(parts)


def _qualified(value: FuzzyDate, text: str) -> str:
    if value.approximate:
        text = _("c. %(date)s") % {"date": text}
    if value.uncertain:
        text = f"{text}?"
    return text


def natural(value: FuzzyDate | str | None) -> str:
    """'10 July 2017', 'July 2017', 'c. 2017', '2017-08?' -> 'August 2017?'."""
    if isinstance(value, str):
        value = parse_or_none(value)
    if value is None:
        return ""
    return _qualified(value, _bare(value))


def natural_range(start: FuzzyDate | str | None, end: FuzzyDate | str | None) -> str:
    """A start and end as one phrase: '10–14 July 2017', '30 November – 4 December
    2020', 'from 2017', 'until 2018'. Shared year and month are written once."""
    if isinstance(start, str):
        start = parse_or_none(start)
    if isinstance(end, str):
        end = parse_or_none(end)
    if start is None and end is None:
        return ""
    if end is None or (start is not None and end.text == start.text):
        return natural(start)
    if start is None:
        return _("until %(date)s") % {"date": natural(end)}
    qualified = start.approximate or start.uncertain or end.approximate or end.uncertain
    same_precision = start.precision == end.precision
    if not qualified and same_precision and start.earliest.year == end.earliest.year:
        if start.precision == DAY and start.earliest.month == end.earliest.month:
            return f"{start.earliest.day}–{_bare(end)}"
        if start.precision in (DAY, MONTH):
            return f"{_bare(start, with_year=False)} – {_bare(end)}"
    return f"{natural(start)} – {natural(end)}"
