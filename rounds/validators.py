"""Validators for external identifiers and UN document symbols."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from . import fuzzydates

validate_wikidata_id = RegexValidator(
    r"^Q[1-9][0-9]*$", _("A Wikidata ID is a Q followed by digits, e.g. Q42."), "wikidata"
)
validate_pax_id = RegexValidator(
    r"^[1-9][0-9]*$", _("A PA-X agreement ID is a whole number, e.g. 1370."), "pax"
)
validate_ucdp_id = RegexValidator(
    r"^[1-9][0-9]*$", _("A UCDP peace agreement ID is a whole number."), "ucdp"
)
validate_language_code = RegexValidator(
    r"^[a-z]{2,3}$", _("Use a two- or three-letter ISO 639 code, e.g. en or ar."), "lang"
)

# UN document symbols, by body and kind. Written with [0-9] rather than \d so the
# same patterns serve PostgreSQL's regex in the database constraint.
SYMBOL_PATTERNS = {
    ("security_council", "resolution"): r"S/RES/[1-9][0-9]* \([12][0-9]{3}\)",
    ("security_council", "draft"): r"S/[12][0-9]{3}/[1-9][0-9]*",
    ("general_assembly", "resolution"): r"A/RES/(ES-)?[1-9][0-9]*/[1-9][0-9]*",
    ("general_assembly", "draft"): r"A/(ES-)?[1-9][0-9]*/L\.[1-9][0-9]*",
    ("human_rights_council", "resolution"): r"A/HRC/RES/(S-)?[1-9][0-9]*/[1-9][0-9]*",
    ("human_rights_council", "draft"): r"A/HRC/(S-)?[1-9][0-9]*/L\.[1-9][0-9]*",
}


def _any_of(kind: str | None = None) -> str:
    # \Z, not $: $ would let a trailing newline through (in Python's re).
    patterns = [p for (_, k), p in SYMBOL_PATTERNS.items() if kind in (None, k)]
    return r"^(" + "|".join(patterns) + r")\Z"


ANY_SYMBOL = _any_of()
RESOLUTION_SYMBOL = _any_of("resolution")
DRAFT_SYMBOL = _any_of("draft")

EXAMPLES = {
    ("security_council", "resolution"): "S/RES/2254 (2015)",
    ("security_council", "draft"): "S/2011/612",
    ("general_assembly", "resolution"): "A/RES/66/253",
    ("general_assembly", "draft"): "A/66/L.57",
    ("human_rights_council", "resolution"): "A/HRC/RES/19/22",
    ("human_rights_council", "draft"): "A/HRC/19/L.38",
}


def symbol_matches(symbol: str, body: str, kind: str) -> bool:
    pattern = SYMBOL_PATTERNS.get((body, kind))
    return bool(pattern and re.fullmatch(pattern, symbol))


def validate_symbol_form(symbol: str) -> None:
    if not re.fullmatch(ANY_SYMBOL, symbol):
        raise ValidationError(
            _("“%(value)s” is not a UN document symbol such as S/RES/2254 (2015)."),
            code="symbol",
            params={"value": symbol},
        )


def validate_fuzzy_date(value: str) -> None:
    if value:
        fuzzydates.validate(value)
