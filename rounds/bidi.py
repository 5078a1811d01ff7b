"""Mixed-direction text kept in reading order.

Arabic pages run right to left, but they carry left-to-right runs: UN symbols
("S/RES/2254 (2015)"), numbers with separators, Latin names and English text shown
where no Arabic exists. Left alone, the bidirectional algorithm moves the
punctuation around such runs ("Destruction of :S/RES/2118 (2013) Syria's…").
Each run is therefore isolated: with <bdi>/dir in HTML (see the `reader`
template tags) and with the Unicode isolates FSI/LRI…PDI in plain text (feeds,
the calendar, the TimelineJS export). Stray embedding and override controls in
stored text are dropped first: they would otherwise leak past their run.

Plain-text helpers isolate only where it matters (right-to-left output, or text
holding right-to-left letters) so that English output stays byte-for-byte plain."""

import re

from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"

# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): an
# unbalanced one in stored text reorders everything after it, so they go. (LRM and
# RLM are zero-width letters with a direction, harmless inside an isolate.)
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, presentation forms).
RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

# Left-to-right runs inside Arabic text: UN document symbols with an optional
# "(year)", e.g. S/RES/2254 (2015), A/RES/66/253, S/2011/612.
SYMBOL = re.compile(r"\b(?:[A-Z]{1,4}/)+(?:[A-Z0-9.]+/)*\d+(?:/[A-Za-z0-9.]+)*(?: \(\d{4}\))?")


def clean(text: str) -> str:
    """The text without embedding, override or isolate controls."""
    return CONTROLS.sub("", text or "")


def rtl() -> bool:
    """Whether the active language is written right to left."""
    return translation.get_language_bidi()


def has_rtl(text: str) -> bool:
    return bool(RTL_LETTERS.search(text or ""))


def isolate(text: str, direction: str = "auto") -> str:
    """A plain-text run isolated from its surroundings: FSI…PDI (direction from its
    first strong letter), or LRI…PDI / RLI…PDI for a known direction."""
    text = clean(text)
    if not text:
        return ""
    opener = {"ltr": LRI, "rtl": RLI}.get(direction, FSI)
    return f"{opener}{text}{PDI}"


def run(text: str, direction: str = "auto") -> str:
    """`isolate` where a run may be reordered: in right-to-left output, or when the
    text itself mixes in right-to-left letters. Plain English stays as it is."""
    text = clean(text)
    if text and (rtl() or has_rtl(text)):
        return isolate(text, direction)
    return text


def symbol(text: str) -> str:
    """A UN symbol or other always left-to-right run, in plain text."""
    return run(text, "ltr")


def isolate_symbols(text: str) -> str:
    """Plain text with every UN symbol inside it isolated left to right (for
    right-to-left output, or text holding Arabic)."""
    text = clean(text)
    if not text or not (rtl() or has_rtl(text)):
        return text
    return SYMBOL.sub(lambda m: isolate(m.group(0), "ltr"), text)


def falls_back(record, field: str) -> bool:
    """Whether `field` of a modeltranslation record shows English in place of the
    active language's own (missing) text."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    if code == settings.LANGUAGE_CODE or not hasattr(record, f"{field}_en"):
        return False
    return not getattr(record, f"{field}_{code.replace('-', '_')}", None)


def field(record, name: str) -> str:
    """A record's text in the active language, as plain text: an English fallback
    (or any text in right-to-left output) isolated, UN symbols inside kept in order."""
    value = clean(str(getattr(record, name, "") or ""))
    if not value:
        return ""
    if falls_back(record, name):
        return run(value, "ltr")
    return isolate_symbols(value)


def join(parts, separator: str = ", ") -> str:
    """Plain-text parts joined, each isolated in right-to-left output (parts that
    come isolated already, e.g. from `field`, are kept as they are)."""
    return separator.join(
        part if part[0] in (LRI, RLI, FSI) else run(part) for part in parts if part
    )


def html_symbols(text: str) -> SafeString:
    """Escaped HTML of stored text, with UN symbols inside it wrapped in
    <bdi dir="ltr"> and stray direction controls dropped."""
    text = clean(str(text or ""))
    pieces, last = [], 0
    for match in SYMBOL.finditer(text):
        pieces.append(conditional_escape(text[last : match.start()]))
        pieces.append(format_html('<bdi dir="ltr">{}</bdi>', match.group(0)))
        last = match.end()
    pieces.append(conditional_escape(text[last:]))
    return mark_safe("".join(pieces))


def entry_title(entry) -> str:
    """A timeline entry's title as plain text with every run isolated: the form for
    feeds and the TimelineJS export (pages use the `entry_title` template filter)."""
    from . import timeline

    record = entry.record
    comma = translation.pgettext("punctuation", ",")
    colon = translation.pgettext("punctuation", ":")
    if entry.kind == timeline.RESOLUTION and getattr(record, "symbol", None):
        return f"{symbol(record.symbol)}{colon} {field(record, 'subject')}"
    if entry.kind == timeline.RESOLUTION:
        return field(record, "subject")
    if entry.kind == timeline.APPOINTMENT:
        return f"{field(record.person, 'name')}{comma} {field(record, 'role')}"
    name = {timeline.ROUND: "label", timeline.EVENT: "title", timeline.DOCUMENT: "title"}.get(
        entry.kind
    )
    return (field(record, name) if name else "") or run(entry.title)
