"""A process's rounds as an iCalendar feed (RFC 5545), for calendar subscriptions.

Every published round with a date becomes an all-day event: DTSTART is the first
day it can mean and DTEND the day after the last (DTEND is exclusive), so a round
known only to a month spans the month. The dates are those held, or while there
are none those announced. Side sessions are rounds too; undated rounds are left
out.

STATUS: CANCELLED for a cancelled round; TENTATIVE while a round is planned,
announced or postponed, or when its dates are known only to a month, season or
year, or are marked approximate or uncertain; CONFIRMED otherwise (ongoing or
concluded, dated to the day).

SEQUENCE tells a subscribed calendar that an event changed. Without a history of
changes it is worked out from the round as it stands:

    2 if it was rescheduled (dates held, or newly set, that differ from the
      dates first announced; a start or end never announced is not compared)
  + 1 if it is postponed, or 2 if it is cancelled

so announced = 0, postponed = 1, cancelled = 2, held on other dates = 2,
postponed then given new dates = 2, rescheduled then cancelled = 4: each step of a
round's usual course raises it. Twice rescheduled cannot be told from once; for
that, DTSTAMP and LAST-MODIFIED carry the round's `updated_at`, which clients
compare when the SEQUENCE is the same.
"""

from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from . import bidi, fuzzydates
from .feeds import id_domain, process_url
from .models import Process, Round

PRODID = "-//Peace talks tracker//Rounds//EN"
# How often subscribed calendars should fetch the feed again.
REFRESH = timedelta(hours=12)

TENTATIVE_STATUSES = {Round.Status.PLANNED, Round.Status.ANNOUNCED, Round.Status.POSTPONED}


def round_span(round_: Round) -> tuple[date, date] | None:
    """The first day and the day after the last, or None if the round is undated."""
    start, end = ("start", "end") if round_.start else ("announced_start", "announced_end")
    first = getattr(round_, f"{start}_earliest")
    if first is None:
        return None
    last = getattr(round_, f"{end}_latest") or getattr(round_, f"{start}_latest")
    return first, last + timedelta(days=1)


def _exact(*texts: str) -> bool:
    """Whether each given date is a plain day (no month-only, no qualifier)."""
    for text in texts:
        parsed = fuzzydates.parse_or_none(text)
        if parsed and (
            parsed.precision != fuzzydates.DAY or parsed.approximate or parsed.uncertain
        ):
            return False
    return True


def round_status(round_: Round) -> str:
    if round_.status == Round.Status.CANCELLED:
        return "CANCELLED"
    if round_.status in TENTATIVE_STATUSES:
        return "TENTATIVE"
    held = (round_.start, round_.end) if round_.start else ()
    dates = held or (round_.announced_start, round_.announced_end)
    return "CONFIRMED" if _exact(*dates) else "TENTATIVE"


def rescheduled(round_: Round) -> bool:
    """Whether the dates now given differ from those first announced."""
    if not round_.start or not round_.announced_start:
        return False
    pairs = [("start", "announced_start")]
    if round_.announced_end:
        pairs.append(("end" if round_.end else "start", "announced_end"))
    return any(
        (getattr(round_, f"{now}_earliest"), getattr(round_, f"{now}_latest"))
        != (getattr(round_, f"{first}_earliest"), getattr(round_, f"{first}_latest"))
        for now, first in pairs
    )


def round_sequence(round_: Round) -> int:
    """See the module's docstring for the rule."""
    sequence = 2 if rescheduled(round_) else 0
    if round_.status == Round.Status.POSTPONED:
        sequence += 1
    elif round_.status == Round.Status.CANCELLED:
        sequence += 2
    return sequence


def round_uid(round_: Round) -> str:
    return f"round-{round_.pk}@{id_domain()}"


def round_url(round_: Round, process: Process) -> str:
    round_.process = process  # a page URL may name the process: no query per round
    if hasattr(round_, "get_absolute_url"):
        return round_.get_absolute_url()
    return process_url(process)


def round_event(round_: Round, process: Process, request: HttpRequest) -> Event | None:
    span = round_span(round_)
    if span is None:
        return None
    title = bidi.field(round_, "label") or bidi.run(str(round_))
    if round_.parent_id:
        parent = bidi.field(round_.parent, "label") or bidi.run(str(round_.parent))
        title = _("%(session)s (during %(round)s)") % {"session": title, "round": parent}
    details = [" · ".join(part for part in (round_.dates, round_.get_status_display()) if part)]
    if round_.announced_dates:
        details.append(_("First announced: %(dates)s") % {"dates": round_.announced_dates})
    details += [bidi.field(round_, name) for name in ("summary", "outcome")]
    details = [detail for detail in details if detail]
    event = Event()
    event.add("uid", round_uid(round_))
    event.add("dtstamp", round_.updated_at)
    event.add("created", round_.created_at)
    event.add("last-modified", round_.updated_at)
    event.add("sequence", round_sequence(round_))
    event.add("dtstart", span[0])
    event.add("dtend", span[1])
    event.add("summary", title)
    event.add("description", "\n\n".join(details))
    comma = pgettext("punctuation", ",")
    location = bidi.join([bidi.field(round_, "venue"), bidi.field(round_, "city")], f"{comma} ")
    if location:
        event.add("location", location)
    event.add("status", round_status(round_))
    event.add("transp", "TRANSPARENT")  # an all-day meeting elsewhere: not busy
    event.add("url", request.build_absolute_uri(round_url(round_, process)))
    return event


def build_calendar(process: Process, request: HttpRequest) -> Calendar:
    """Two queries: the process (by the caller) and its rounds."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = _("%(name)s: rounds") % {"name": process.name}
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if process.description:
        calendar.add("x-wr-caldesc", process.description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    rounds = (
        Round.objects.published().filter(process=process).select_related("parent").chronological()
    )
    for round_ in rounds:
        event = round_event(round_, process, request)
        if event is not None:
            calendar.add_component(event)
    return calendar


def process_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process.objects.published(), slug=slug)
    body = build_calendar(process, request).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{process.slug}-rounds.ics"'
    response["Content-Language"] = get_language()
    return response
