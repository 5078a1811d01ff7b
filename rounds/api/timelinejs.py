"""A process's timeline in Knight Lab TimelineJS's JSON format (3.x), for a
newsroom's TimelineJS embed: `new TL.Timeline(el, "<api>/processes/<slug>/timelinejs/")`.

TimelineJS puts headlines, texts, captions and credits into the embedding page as
HTML, so nothing stored goes out raw: every stored text is escaped, and the only
markup is ours, from the small set TimelineJS renders (p, a, ul, li, bdi, span).

- One slide per dated entry: the headline, then the entry's text (summary,
  description, subject or note), its status and place, a link to its page on the
  tracker, and its sources; `media` where the record links to an image or a PDF
  (which TimelineJS shows itself), with the sources as the media's credit.
- `start_date` and, for spans (a round's days, an envoy's term), `end_date`, with
  only the parts we know (year, month, day) and the reader's wording in
  `display_date`.
- `group`: a round's track ("Constitutional Committee, drafting body") when it
  belongs to one, else the kind of entry as readers call it ("Rounds",
  "الجولات"), in the language asked for (`lang`).
- `eras`: the envoys' terms (an ongoing term ends today).
- Undated entries cannot be slides (TimelineJS needs a start date). They are
  listed, with links, at the end of the title slide's text under "Not yet dated",
  and in `undated` (a key of ours that TimelineJS ignores), never dropped silently.
"""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import bidi, fuzzydates, labels, timeline
from ..models import (
    Appointment,
    AppointmentCitation,
    DocumentCitation,
    EventCitation,
    Process,
    ResolutionCitation,
    RoundCitation,
)
from ..templatetags.reader import text as reader_text

# The citations of each kind of record, and the field that names the record.
CITATIONS = {
    timeline.ROUND: (RoundCitation, "round_id"),
    timeline.EVENT: (EventCitation, "event_id"),
    timeline.RESOLUTION: (ResolutionCitation, "resolution_id"),
    timeline.APPOINTMENT: (AppointmentCitation, "appointment_id"),
    timeline.DOCUMENT: (DocumentCitation, "document_id"),
}
IMAGE_OR_PDF = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf")

# Where each kind of entry is described in full in the API.
API_ROUTES = {
    timeline.ROUND: lambda record: ("api:round-detail", record.pk),
    timeline.EVENT: lambda record: ("api:event-detail", record.pk),
    timeline.RESOLUTION: lambda record: ("api:resolution-detail", record.pk),
    timeline.APPOINTMENT: lambda record: ("api:person-detail", record.person_id),
    timeline.DOCUMENT: lambda record: ("api:document-detail", record.pk),
}


def api_url(entry: timeline.Entry, request) -> str:
    name, pk = API_ROUTES[entry.kind](entry.record)
    return request.build_absolute_uri(reverse(name, args=[pk]))


def page_url(entry: timeline.Entry, request) -> str:
    """The entry's reader page, in the active language."""
    record = entry.record
    target = record.person if entry.kind == timeline.APPOINTMENT else record
    return request.build_absolute_uri(target.get_absolute_url())


def tl_date(value: str | date | None) -> dict | None:
    """A TimelineJS date with the parts we know: year, month, day."""
    if isinstance(value, date):
        return {"year": value.year, "month": value.month, "day": value.day}
    parsed = fuzzydates.parse_or_none(value or "")
    if parsed is None:
        return None
    day = parsed.earliest
    if parsed.precision == fuzzydates.DAY:
        return {"year": day.year, "month": day.month, "day": day.day}
    if parsed.precision == fuzzydates.MONTH:
        return {"year": day.year, "month": day.month}
    return {"year": day.year}


def end_date(entry: timeline.Entry) -> dict | None:
    record = entry.record
    if entry.kind == timeline.ROUND:
        return tl_date(record.end if record.start else record.announced_end)
    if entry.kind == timeline.APPOINTMENT:
        return tl_date(record.end)
    return None


def display_date(entry: timeline.Entry) -> str:
    """How a reader reads the date; an envoy's whole term."""
    if entry.kind == timeline.APPOINTMENT:
        return entry.record.tenure
    return entry.dates


def headline(entry: timeline.Entry) -> SafeString:
    """The title, escaped, its runs isolated (a UN symbol stays left to right in
    Arabic; rounds/bidi.py)."""
    return escape(bidi.entry_title(entry))


def place(entry: timeline.Entry) -> str:
    record = entry.record
    if entry.kind == timeline.ROUND:
        comma = pgettext("punctuation", ",")
        return f"{comma} ".join(part for part in (record.venue, record.city) if part)
    if entry.kind == timeline.EVENT:
        return record.place
    return ""


def sources_html(citations: list) -> SafeString:
    return format_html_join(
        pgettext("punctuation", ",") + " ",
        '<a href="{}">{}</a>',
        ((c.source.url, c.source.publisher) for c in citations),
    )


def entry_text(entry: timeline.Entry) -> str:
    """A round's or document's summary, an event's description, an appointment's
    note (a resolution's subject is its headline), English fallbacks marked as such."""
    field = {
        timeline.ROUND: "summary",
        timeline.DOCUMENT: "summary",
        timeline.EVENT: "description",
        timeline.APPOINTMENT: "note",
    }.get(entry.kind)
    if not field or not getattr(entry.record, field, ""):
        return ""
    return reader_text(entry.record, field)


def slide_text(entry: timeline.Entry, request, citations: list) -> SafeString:
    parts = []
    text = entry_text(entry)
    if text:
        parts.append(format_html("<p>{}</p>", text))
    facts = [labels.status(entry), place(entry)]
    parts.append(format_html("<p>{}</p>", " · ".join(str(f) for f in facts if f)))
    signed = labels.signed_by(entry)
    if signed:
        parts.append(format_html("<p>{}</p>", signed))
    if citations:
        parts.append(format_html("<p>{} {}</p>", _("Sources:"), sources_html(citations)))
    parts.append(
        format_html(
            '<p><a href="{}" target="_blank" rel="noopener">{}</a></p>',
            page_url(entry, request),
            _("Open on the tracker"),
        )
    )
    return SafeString("".join(parts))


def media(entry: timeline.Entry, citations: list) -> dict | None:
    """An image or PDF the record links to (TimelineJS shows those itself)."""
    url = getattr(entry.record, "document_url", "") or getattr(entry.record, "url", "")
    if not url or not url.lower().split("?")[0].endswith(IMAGE_OR_PDF):
        return None
    return {
        "url": url,
        "caption": escape(entry.title),
        "credit": sources_html(citations),
        "link": url,
    }


def citations_by_entry(entries: list[timeline.Entry]) -> dict[tuple[str, int], list]:
    """The citations of every entry with their sources: one query per kind."""
    found: dict[tuple[str, int], list] = {}
    for kind, (model, field) in CITATIONS.items():
        ids = [e.record.pk for e in entries if e.kind == kind]
        if not ids:
            continue
        rows = model.objects.filter(**{f"{field}__in": ids}).select_related("source")
        for citation in rows.order_by("pk"):
            found.setdefault((kind, getattr(citation, field)), []).append(citation)
    return found


def group(entry: timeline.Entry) -> str:
    record = entry.record
    if entry.kind == timeline.ROUND and getattr(record, "track_id", None):
        return escape(bidi.field(record.track, "name"))
    return escape(labels.KIND_PLURALS[entry.kind])


def slide(entry: timeline.Entry, request, citations: list) -> dict:
    start = tl_date(entry.date)
    event = {
        "unique_id": f"{entry.kind}-{entry.record.pk}",
        "start_date": start,
        "display_date": escape(display_date(entry)),
        "group": group(entry),
        "text": {"headline": headline(entry), "text": slide_text(entry, request, citations)},
        "url": api_url(entry, request),
        "page_url": page_url(entry, request),
    }
    end = end_date(entry)
    if end and end != start:
        event["end_date"] = end
    found_media = media(entry, citations)
    if found_media:
        event["media"] = found_media
    return event


def era(appointment: Appointment) -> dict | None:
    """An envoy's term; one still going on ends today."""
    start = appointment.start or (
        appointment.appointed_on.isoformat() if appointment.appointed_on else ""
    )
    start_date = tl_date(start)
    if start_date is None:
        return None
    end_date_ = tl_date(appointment.end) or tl_date(timezone.localdate())
    return {
        "start_date": start_date,
        "end_date": end_date_,
        "text": {"headline": escape(bidi.field(appointment.person, "name"))},
    }


def undated_item(entry: timeline.Entry, request) -> dict:
    return {
        "unique_id": f"{entry.kind}-{entry.record.pk}",
        "headline": headline(entry),
        "group": group(entry),
        "status": escape(labels.status(entry)),
        "page_url": page_url(entry, request),
    }


def title_slide(process: Process, undated: list[dict]) -> dict:
    parts = []
    if process.description:
        parts.append(format_html("<p>{}</p>", bidi.field(process, "description")))
    if process.dates:
        parts.append(format_html("<p>{}</p>", process.dates))
    if undated:
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            ((item["page_url"], item["headline"], item["status"]) for item in undated),
        )
        parts.append(format_html("<p>{}</p><ul>{}</ul>", _("Not yet dated:"), items))
    return {
        "unique_id": "title",
        "text": {
            "headline": escape(bidi.field(process, "name")),
            "text": SafeString("".join(parts)),
        },
    }


def timelinejs(process: Process, entries: list[timeline.Entry], request) -> dict:
    """The TimelineJS document: title, events (slides), eras, and our `undated`."""
    citations = citations_by_entry(entries)
    events, undated = [], []
    for entry in entries:
        if tl_date(entry.date) is None:
            undated.append(undated_item(entry, request))
        else:
            found = citations.get((entry.kind, entry.record.pk), [])
            events.append(slide(entry, request, found))
    terms = [era(e.record) for e in entries if e.kind == timeline.APPOINTMENT]
    return {
        "title": title_slide(process, undated),
        "events": events,
        "eras": [term for term in terms if term],
        "undated": undated,
    }
