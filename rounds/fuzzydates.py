"""Fuzzy dates: EDTF level 0/1 strings ("2017", "2017-08", "2017-07-10~") with the
earliest and latest calendar days they can mean, and natural-language display.

The `edtf` package does the parsing; this module narrows it to single dates (an
interval is two fields here: start and end) and turns them into reader text.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from edtf import parse_edtf, struct_time_to_date

YEAR, SEASON, MONTH, DAY = "year", "season", "month", "day"

SEASONS = {
    21: gettext_lazy("Spring"),
    22: gettext_lazy("Summer"),
    23: gettext_lazy("Autumn"),
    24: gettext_lazy("Winter"),
}
WINTER = "24"

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
MONTHS_AND_SEASONS = {*range(1, 13), *SEASONS}

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


@lru_cache(maxsize=4096)  # the edtf parser takes milliseconds; values repeat a lot
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
    except Exception:  # the edtf parser raises several types for bad input
        raise ValidationError(
            _("“%(value)s” is not a real calendar date."),
            code="invalid_date",
            params={"value": text},
        ) from None
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


def _bounds(match: re.Match) -> tuple[date, date]:
    """The first and last day the date can mean, qualifier aside (it does not move
    the bounds, and the edtf parser refuses it on a season)."""
    month = match["month"]
    if month not in (None, "XX") and int(month) not in MONTHS_AND_SEASONS:
        raise ValueError(f"no month or season {month}")
    parsed = parse_edtf(match.group(0).rstrip("?~%"))
    earliest = struct_time_to_date(parsed.lower_strict())
    latest = struct_time_to_date(parsed.upper_strict())
    if month == WINTER:
        # edtf keeps winter within December; it runs on to the end of February.
        latest = date(earliest.year + 1, 3, 1) - timedelta(days=1)
    return earliest, latest


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
