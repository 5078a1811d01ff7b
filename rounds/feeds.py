"""The Atom feeds of a process, for feed readers: its timeline, and its public
corrections log (ProcessCorrectionsFeed, below).

The timeline's entries come from `timeline.build` (published records only),
newest first as feed readers expect; rounds not yet dated lie ahead, so they come
first. Each entry's id is a tag URI (RFC 4151) built from the record's kind and
primary key, so it stays the same when a round is renamed or rescheduled, and its
`updated` is the record's `updated_at`, so readers notice corrections.
"""

from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import CharField, Min, Value
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import bidi, corrections, labels, timeline
from .models import Appointment, Document, Event, Process, Publication, Resolution, Round

# The year in the tag URIs of entry ids. Fixed for good: changing it would make
# every reader see every entry as new.
TAG_YEAR = 2025


def id_domain() -> str:
    """The domain that names our entry ids and calendar UIDs.

    `FEED_ID_DOMAIN` if set, else the first concrete host in ALLOWED_HOSTS: one
    name per deployment, not the host of each request (readers reaching the site
    as `localhost` and as `127.0.0.1` must see the same ids)."""
    configured = getattr(settings, "FEED_ID_DOMAIN", "")
    if configured:
        return configured
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and "*" not in host and not host.startswith("["):
            return host
    return "localhost"


def process_url(process: Process) -> str:
    """The process's reader page, or its API record while there are no pages."""
    if hasattr(process, "get_absolute_url"):
        return process.get_absolute_url()
    try:
        return reverse("rounds:process", args=[process.slug])
    except NoReverseMatch:
        return reverse("api:process-detail", args=[process.slug])


def record_url(entry: timeline.Entry, process: Process) -> str:
    """Where a reader finds a timeline record: its own page if it has one (an
    appointment is shown on its envoy's page), else the process's page."""
    record = entry.record
    if getattr(record, "process_id", None) == process.pk:
        # Pages' URLs may name the process: reuse the one we hold, no query per row.
        record.process = process
    target = record.person if entry.kind == timeline.APPOINTMENT else record
    if hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    return process_url(process)


def entry_text(entry: timeline.Entry) -> str:
    """What the entry says beyond its title: a round's or document's summary, an
    event's description, a resolution's subject, an appointment's note."""
    record = entry.record
    for field in ("summary", "description", "subject", "note"):
        text = getattr(record, field, "")
        if text and text not in entry.title:
            return bidi.field(record, field)
    return ""


def first_published(entries: list[timeline.Entry]) -> dict[tuple[str, int], datetime]:
    """When each entry's record was first saved as published, from its history:
    one query (a UNION over the kinds). Records without such a history row (loaded
    in bulk) are missing; callers fall back to `created_at`."""
    models = {
        timeline.ROUND: Round,
        timeline.EVENT: Event,
        timeline.RESOLUTION: Resolution,
        timeline.APPOINTMENT: Appointment,
        timeline.DOCUMENT: Document,
    }
    parts = []
    for kind, model in models.items():
        ids = [entry.record.pk for entry in entries if entry.kind == kind]
        if ids:
            parts.append(
                model.history.filter(id__in=ids, publication=Publication.PUBLISHED)
                .order_by()
                .values("id")
                .annotate(first=Min("history_date"))
                .annotate(kind=Value(kind, output_field=CharField()))
                .values_list("kind", "id", "first")
            )
    if not parts:
        return {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {(kind, pk): first for kind, pk, first in rows}


def organisation() -> str:
    """The author of every feed and entry: the tracker, never an editor."""
    return _("Peace talks tracker")


class AtomWithContent(Atom1Feed):
    """Atom with each entry's full text in <content type="html"> (Django writes the
    <summary> only)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def entry_content(entry: timeline.Entry) -> str:
    """The entry in full, as HTML: its own date first (the fact's, not the feed's),
    then its status and place, then its text."""
    from .templatetags.reader import entry_place, when

    date_line = when(entry.date, entry.dates) if entry.dates else _("Date not known")
    facts = [labels.status(entry), entry_place(entry)]
    parts = [format_html("<p>{}</p>", date_line)]
    parts.append(format_html("<p>{}</p>", " · ".join(str(f) for f in facts if f)))
    signed = labels.signed_by(entry)
    if signed:
        parts.append(format_html("<p>{}</p>", signed))
    text = entry_text(entry)
    if text:
        parts.append(format_html("<p>{}</p>", text))
    return "".join(parts)


class OrganisationAuthor:
    """RFC 4287 wants an author on a feed or each of its entries: the tracker."""

    def author_name(self, process: Process) -> str:
        return organisation()

    def author_link(self, process: Process) -> str:
        return process.home_url

    def item_author_name(self, item) -> str:
        return organisation()


class Item(NamedTuple):
    entry: timeline.Entry
    link: str  # worked out in items(), where the process is at hand
    published: datetime  # when the record was first published


class ProcessTimelineFeed(OrganisationAuthor, Feed):
    """One instance serves every request: per-request state travels in the items
    (and the process). Author: the organisation (RFC 4287 wants one per entry);
    `published`: when the record was first published; the entry's content starts
    with the fact's own date."""

    feed_type = AtomWithContent

    def get_object(self, request: HttpRequest, slug: str) -> Process:
        # Drafts answer 404 like unknown slugs: their existence is not public.
        process = get_object_or_404(Process.objects.published(), slug=slug)
        process.home_url = request.build_absolute_uri(reverse("rounds:home"))
        return process

    def title(self, process: Process) -> str:
        # The same words as the pages' <link rel="alternate">, one translation for both.
        return _("%(name)s: timeline") % {"name": process.name}

    def subtitle(self, process: Process) -> str:
        return process.description or process.conflict

    def link(self, process: Process) -> str:
        return process_url(process)

    def feed_guid(self, process: Process) -> str:
        return f"tag:{id_domain()},{TAG_YEAR}:process/{process.pk}"

    def items(self, process: Process) -> list[Item]:
        entries = list(reversed(timeline.build(process)))
        published = first_published(entries)
        return [
            Item(
                entry,
                record_url(entry, process),
                published.get((entry.kind, entry.record.pk), entry.record.created_at),
            )
            for entry in entries
        ]

    def item_title(self, item: Item) -> str:
        # Plain text (the Atom generator escapes it once), runs isolated for RTL readers.
        return bidi.entry_title(item.entry)

    def item_description(self, item: Item) -> str:
        # Atom's summary is sent as type="html".
        entry = item.entry
        first_line = " · ".join(str(part) for part in (entry.dates, labels.status(entry)) if part)
        text = entry_text(entry)
        if not text:
            return format_html("<p>{}</p>", first_line)
        return format_html("<p>{}</p><p>{}</p>", first_line, text)

    def item_extra_kwargs(self, item: Item) -> dict:
        return {"content": entry_content(item.entry)}

    def item_link(self, item: Item) -> str:
        return item.link

    def item_guid(self, item: Item) -> str:
        return f"tag:{id_domain()},{TAG_YEAR}:{item.entry.kind}/{item.entry.record.pk}"

    def item_guid_is_permalink(self, item: Item) -> bool:
        return False

    def item_pubdate(self, item: Item) -> datetime:
        return item.published

    def item_updateddate(self, item: Item) -> datetime:
        return item.entry.record.updated_at

    def item_categories(self, item: Item) -> list[str]:
        return [item.entry.kind]


class CorrectionItem(NamedTuple):
    entry: corrections.LogEntry
    link: str  # the record's page, or the entry on the log's page if it has none


class ProcessCorrectionsFeed(OrganisationAuthor, Feed):
    """The public corrections log of a process (see rounds.corrections): the
    latest changes to its published records, newest first, each with its reason
    and never with its editor. An entry's id names the correction, so it stays the
    same when the record is renamed or the reason reworded; its `updated` is the
    time of the correction."""

    feed_type = Atom1Feed
    limit = 50

    def get_object(self, request: HttpRequest, slug: str) -> Process:
        process = get_object_or_404(Process.objects.published(), slug=slug)
        process.home_url = request.build_absolute_uri(reverse("rounds:home"))
        return process

    def title(self, process: Process) -> str:
        # The same words as the page's <link rel="alternate">.
        return _("%(name)s: corrections") % {"name": process.name}

    def subtitle(self, process: Process) -> str:
        return _("Changes to the published record, with the reason for each.")

    def link(self, process: Process) -> str:
        return reverse("rounds:corrections", args=[process.slug])

    def feed_guid(self, process: Process) -> str:
        return f"tag:{id_domain()},{TAG_YEAR}:process/{process.pk}/corrections"

    def items(self, process: Process) -> list[CorrectionItem]:
        log = corrections.with_reader_links(corrections.process_log(process))[: self.limit]
        page = self.link(process)
        return [
            CorrectionItem(entry, entry.url or f"{page}#correction-{entry.correction.pk}")
            for entry in corrections.log_entries(log, process)
        ]

    def item_title(self, item: CorrectionItem) -> str:
        comma = pgettext("punctuation", ",")
        return _("%(record)s: %(fields)s") % {
            "record": item.entry.label,
            "fields": f"{comma} ".join(item.entry.fields),
        }

    def item_description(self, item: CorrectionItem) -> str:
        # Atom's summary is sent as type="html": the same markup as on the page.
        return render_to_string("rounds/_correction_changes.html", {"entry": item.entry})

    def item_link(self, item: CorrectionItem) -> str:
        return item.link

    def item_guid(self, item: CorrectionItem) -> str:
        return f"tag:{id_domain()},{TAG_YEAR}:correction/{item.entry.correction.pk}"

    def item_guid_is_permalink(self, item: CorrectionItem) -> bool:
        return False

    def item_pubdate(self, item: CorrectionItem) -> datetime:
        return item.entry.correction.corrected_at

    def item_updateddate(self, item: CorrectionItem) -> datetime:
        return item.entry.correction.corrected_at

    def item_categories(self, item: CorrectionItem) -> list[str]:
        return [item.entry.correction.record_type.model]
