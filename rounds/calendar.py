"""A process's rounds as an iCalendar feed (RFC 5545), for calendar subscriptions.

What becomes an event (one per round, UID `round-<id>@<FEED_ID_DOMAIN>`):

- A round dated to the day (its start, and its end if given, plain or marked
  approximate or uncertain) is an all-day event: DTSTART its first day, DTEND the
  day after its last (DTEND is exclusive). The dates are those held, or while
  there are none those announced. Side sessions are rounds too.
- A round known only to a month, season or year is never stretched over weeks: it
  is left out of the default calendar. `?include=unscheduled` lists each as one
  all-day placeholder on the first day it can mean, titled "… (date to be
  confirmed: August 2017)", or for a round held "… (held August 2017; days not
  recorded)".
- Only rounds: documents (agreements, communiqués) are signed or issued, not
  attended, so a calendar has nothing to block out for them; they are on the
  timeline, its Atom feed and the TimelineJS export.
- Undated rounds are left out, and so is a round whose dates a calendar cannot
  hold (one ending on 31 December 9999 would need a DTEND in year 10000): it is
  skipped with a warning in the log, never an error for the whole calendar.

STATUS: CONFIRMED for a round held (ongoing or concluded), whatever the precision
of its dates; CANCELLED for a cancelled round, and for a postponed round whose new
dates are not known yet (the occurrence on the old dates is called off);
TENTATIVE for a round still planned or announced, and for a postponed round's new
dates.

SEQUENCE tells a subscribed calendar that an event changed. Without a history of
changes it is worked out from the round as it stands:

    2 if it was rescheduled (dates held, or newly set, that differ from the
      dates first announced; a start or end never announced is not compared)
  + 1 if it is postponed without new dates, or 2 if it is cancelled

so announced = 0, postponed (the old dates cancelled) = 1, cancelled = 2, given
new dates (postponed or announced again, or held on them) = 2: the same UID moves
to the new dates with a higher SEQUENCE than the cancelled occurrence, and
rescheduled then cancelled = 4. Each step of a round's usual course raises it or
keeps it, never lowers it. Twice rescheduled cannot be told from
once; for that, DTSTAMP and LAST-MODIFIED carry the round's `updated_at`, which
clients compare when the SEQUENCE is the same.
"""

import logging
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from . import bidi, fuzzydates
from .feeds import id_domain, process_url
from .models import Process, Round

logger = logging.getLogger(__name__)

PRODID = "-//Peace talks tracker//Rounds//EN"
# How often subscribed calendars should fetch the feed again.
REFRESH = timedelta(hours=12)
UNSCHEDULED = "unscheduled"  # ?include=unscheduled

HELD = {Round.Status.ONGOING, Round.Status.CONCLUDED}


def current_dates(round_: Round) -> tuple[str, str]:
    """The (start, end) EDTF texts a calendar shows: held, or else announced."""
    if round_.start:
        return round_.start, round_.end
    return round_.announced_start, round_.announced_end


def round_span(round_: Round) -> tuple[date, date] | None:
    """The first day and the day after the last, or None if the round is undated.
    Raises OverflowError for a last day a calendar cannot follow (31 Dec 9999)."""
    start, end = ("start", "end") if round_.start else ("announced_start", "announced_end")
    first = getattr(round_, f"{start}_earliest")
    if first is None:
        return None
    last = getattr(round_, f"{end}_latest") or getattr(round_, f"{start}_latest")
    return first, last + timedelta(days=1)


def scheduled(round_: Round) -> bool:
    """Whether the round's dates are known to the day (start, and end if any)."""
    for text in current_dates(round_):
        parsed = fuzzydates.parse_or_none(text)
        if text and (parsed is None or parsed.precision != fuzzydates.DAY):
            return False
    return True


def postponed_without_new_dates(round_: Round) -> bool:
    return round_.status == Round.Status.POSTPONED and not rescheduled(round_)


def round_status(round_: Round) -> str:
    if round_.status in HELD:
        return "CONFIRMED"
    if round_.status == Round.Status.CANCELLED or postponed_without_new_dates(round_):
        return "CANCELLED"
    return "TENTATIVE"


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
    if postponed_without_new_dates(round_):
        sequence += 1
    elif round_.status == Round.Status.CANCELLED:
        sequence += 2
    return sequence


def placeholder_note(round_: Round) -> str:
    """What an unscheduled round's placeholder adds to its title."""
    when = fuzzydates.natural(current_dates(round_)[0])
    if round_.status in HELD:
        return _("held %(when)s; days not recorded") % {"when": when}
    return _("date to be confirmed: %(when)s") % {"when": when}


def round_uid(round_: Round) -> str:
    return f"round-{round_.pk}@{id_domain()}"


def round_url(round_: Round, process: Process) -> str:
    round_.process = process  # a page URL may name the process: no query per round
    if hasattr(round_, "get_absolute_url"):
        return round_.get_absolute_url()
    return process_url(process)


def round_event(
    round_: Round, process: Process, request: HttpRequest, include_unscheduled: bool = False
) -> Event | None:
    try:
        span = round_span(round_)
    except OverflowError:
        logger.warning(
            "Calendar of %s: round %s left out, its dates (%s) are beyond what iCalendar can hold.",
            process.slug,
            round_.pk,
            "/".join(filter(None, current_dates(round_))),
        )
        return None
    if span is None:
        return None
    on_time = scheduled(round_)
    if not on_time and not include_unscheduled:
        return None
    title = bidi.field(round_, "label") or bidi.run(str(round_))
    if round_.parent_id:
        parent = bidi.field(round_.parent, "label") or bidi.run(str(round_.parent))
        title = _("%(session)s (during %(round)s)") % {"session": title, "round": parent}
    if not on_time:
        # One day, not weeks: a placeholder that says the days are not known.
        span = (span[0], span[0] + timedelta(days=1))
        title = f"{title} ({placeholder_note(round_)})"
    elif postponed_without_new_dates(round_):
        title = f"{title} ({_('postponed')})"
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


def build_calendar(
    process: Process, request: HttpRequest, include_unscheduled: bool = False
) -> Calendar:
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
        event = round_event(round_, process, request, include_unscheduled)
        if event is not None:
            calendar.add_component(event)
    return calendar


def process_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries: 1 the process, 2 its rounds (with their main rounds).
    include = request.GET.get("include", "")
    if include not in ("", UNSCHEDULED):
        return HttpResponseBadRequest(
            _("include may only be “unscheduled”."), content_type="text/plain; charset=utf-8"
        )
    process = get_object_or_404(Process.objects.published(), slug=slug)
    body = build_calendar(process, request, include == UNSCHEDULED).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{process.slug}-rounds.ics"'
    response["Content-Language"] = get_language()
    return response
