"""Template helpers of the reader pages."""

from datetime import date, timedelta

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext, pgettext

from .. import bidi, fuzzydates, labels, timeline

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The page in each language, for the switcher and <link rel=alternate>: the same
    record in the other language, or that language's home page if the address names
    no page (a 404)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if code != current and url == path:
            with translation.override(code):
                url = reverse("rounds:home")
        info = translation.get_language_info(code)
        links.append(
            {"code": code, "name": info["name_local"], "url": url, "current": code == current}
        )
    return links


@register.filter
def kind_label(kind: str) -> str:
    return labels.KINDS.get(kind, kind)


@register.filter
def entry_status(entry: timeline.Entry) -> str:
    return labels.status(entry)


@register.filter
def entry_url(entry: timeline.Entry) -> str:
    """Where a timeline entry is told in full; an appointment, on its envoy's page."""
    if entry.kind == timeline.APPOINTMENT:
        return reverse("rounds:person", args=[entry.record.person_id])
    return entry.record.get_absolute_url()


@register.filter
def timeline_url(process) -> str:
    """A process's timeline, opened at today's position while the process goes on."""
    url = process.get_absolute_url()
    return url if process.is_over else f"{url}#today"


def machine_date(value: str | date | None) -> str:
    """A fuzzy date as an HTML date string: 2017, 2017-07 or 2017-07-10 ('' when
    the date cannot be written so, e.g. the 2010s)."""
    if isinstance(value, date):
        return value.isoformat()
    parsed = fuzzydates.parse_or_none(value or "")
    if parsed is None or "X" in parsed.text:
        return ""
    day = parsed.earliest
    if parsed.precision == fuzzydates.DAY:
        return day.isoformat()
    if parsed.precision == fuzzydates.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


@register.simple_tag
def when(value, text=None):
    """<time datetime="2017-07-10">10–14 July 2017</time>, or the text alone."""
    if text is None:
        text = fuzzydates.natural(value.isoformat() if isinstance(value, date) else value)
    machine = machine_date(value)
    if not machine:
        return text
    return format_html('<time datetime="{}">{}</time>', machine, text)


@register.filter
def duration(value: timedelta) -> str:
    """'48 hours', '5 days': hours up to three days, whole days beyond."""
    hours = round(value.total_seconds() / 3600)
    if hours >= 72 and hours % 24 == 0:
        days = hours // 24
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    if hours >= 1:
        return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    minutes = max(1, round(value.total_seconds() / 60))
    return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}


@register.filter
def first_announced(round_) -> str:
    """The dates first announced for a round later held on other dates, else ''.
    (A round not held is shown at its announced dates already.)"""
    if not round_.start or not round_.announced_dates:
        return ""
    same_start = round_.announced_start_earliest == round_.start_earliest
    if same_start and round_.announced_end in ("", round_.end):
        return ""
    return round_.announced_dates


def _in_english(record, field: str) -> bool:
    """Whether reading `field` falls back to English: the reader's language has no
    text of its own for it (django-modeltranslation columns `<field>_<code>`)."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    if code == settings.LANGUAGE_CODE:
        return False
    return not getattr(record, f"{field}_{code.replace('-', '_')}", None)


@register.simple_tag
def text(record, field: str, value=None):
    """A record's text in the reader's language; English shown in its place is
    marked lang="en" dir="ltr" so that it reads and is read aloud as English."""
    value = getattr(record, field) if value is None else value
    if value and _in_english(record, field):
        return format_html('<span lang="en" dir="ltr">{}</span>', bidi.clean(value))
    return bidi.html_symbols(value) if value else value


@register.filter
def entry_title(entry: timeline.Entry) -> str:
    """The entry's title, with English fallbacks marked (see `text`) and a
    resolution's symbol kept left to right."""
    record = entry.record
    if entry.kind == timeline.RESOLUTION and record.symbol:
        colon = pgettext("punctuation", ":")
        subject = text(record, "subject")
        return format_html("{}{} {}", ltr(record.symbol), colon, subject)
    if entry.kind == timeline.APPOINTMENT:
        comma = pgettext("punctuation", ",")
        return format_html("{}{} {}", text(record.person, "name"), comma, text(record, "role"))
    field = {timeline.ROUND: "label", timeline.EVENT: "title", timeline.DOCUMENT: "title"}
    return text(record, field[entry.kind]) if entry.kind in field else entry.title


@register.filter
def fallback(record, field: str) -> str:
    """Attributes for an element holding a record's text that falls back to English:
    <p{{ round|fallback:"summary" }}>."""
    return mark_safe(' lang="en" dir="ltr"') if _in_english(record, field) else ""


@register.filter
def ltr(value) -> str:
    """A run that always reads left to right (a UN symbol, a vote tally), isolated
    so that the punctuation around it stays in place on right-to-left pages."""
    if value in (None, ""):
        return ""
    if hasattr(value, "symbol") and not value.symbol:
        # A record without a symbol reads in its own language's direction.
        return format_html("<bdi>{}</bdi>", bidi.clean(str(value)))
    return format_html('<bdi dir="ltr">{}</bdi>', bidi.clean(str(value)))


@register.filter
def symbols(value) -> str:
    """Stored prose with the UN symbols inside it isolated (and stray direction
    controls dropped); chain `|linebreaksbr` after it."""
    return bidi.html_symbols(value)


@register.filter
def language_label(code: str) -> str:
    """A source's language as the reader says it ("in Arabic", «بالعربية»…): the
    name in the reader's language, or the code when Django does not know it."""
    try:
        name = translation.get_language_info(code)["name_translated"]
    except KeyError:
        name = code
    return pgettext("source language", "in %(language)s") % {"language": name}


@register.filter
def kind_plural(kind: str) -> str:
    return labels.KIND_PLURALS.get(kind, kind)


@register.filter
def entry_place(entry: timeline.Entry) -> str:
    """Where it happened, in the reader's language: a round's venue and city, an
    event's place; English fallbacks marked (see `text`)."""
    record = entry.record
    if entry.kind == timeline.ROUND:
        parts = [text(record, name) for name in ("venue", "city") if getattr(record, name)]
        comma = pgettext("punctuation", ",")
        return format_html_join(f"{comma} ", "{}", ((part,) for part in parts))
    if entry.kind == timeline.EVENT and record.place:
        return text(record, "place")
    return ""


@register.simple_tag(takes_context=True)
def absolute_entry_url(context, entry: timeline.Entry) -> str:
    """The entry's page as a full address, for links that leave an embed."""
    return context["request"].build_absolute_uri(entry_url(entry))
