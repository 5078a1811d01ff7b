"""What search engines and social networks read from the reader pages: schema.org
JSON-LD (a round is an `Event`, a resolution `Legislation`, a person a `Person`),
and Open Graph / Twitter card tags (see the `sharing` template tags).

An `Event` is given only when the round has a start date and a place (the
properties search engines require); `eventStatus` follows the round: cancelled,
postponed (no new dates yet), rescheduled (held or set on other dates than first
announced, with `previousStartDate`), else scheduled. No field says a round moved
online, so `EventMovedOnline` is never claimed. Dates carry the parts we know
(2017, 2017-08, 2017-08-10)."""

import json

from django.http import HttpRequest
from django.utils.translation import get_language

from .calendar import rescheduled
from .models import Resolution, Round
from .templatetags.reader import machine_date

SCHEMA = "https://schema.org/"
STATUS = {
    Round.Status.CANCELLED: "EventCancelled",
    Round.Status.POSTPONED: "EventPostponed",
}
BODIES = {
    Resolution.Body.SECURITY_COUNCIL: "United Nations Security Council",
    Resolution.Body.GENERAL_ASSEMBLY: "United Nations General Assembly",
    Resolution.Body.HUMAN_RIGHTS_COUNCIL: "United Nations Human Rights Council",
}
# Characters that could end the <script> element or open a comment inside it.
ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_script(data: dict) -> str:
    """JSON for a <script type="application/ld+json">: `</script>` and `<!--` in
    stored text cannot end or break the element (escaped as JSON \\u003C...)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).translate(ESCAPES)


def _clean(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def round_event(round_: Round, request: HttpRequest) -> dict | None:
    held = bool(round_.start)
    start = machine_date(round_.start if held else round_.announced_start)
    end = machine_date(round_.end if held else round_.announced_end)
    place = round_.venue or round_.city
    if not start or not place:
        return None
    moved = rescheduled(round_)
    status = STATUS.get(round_.status) or ("EventRescheduled" if moved else "EventScheduled")
    if round_.status == Round.Status.POSTPONED and moved:
        status = "EventRescheduled"  # postponed, and its new dates are known
    process = round_.process
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": round_.label or str(round_),
            "startDate": start,
            "endDate": end,
            "eventStatus": SCHEMA + status,
            "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
            "previousStartDate": machine_date(round_.announced_start) if moved else "",
            "location": _clean(
                {
                    "@type": "Place",
                    "name": place,
                    "address": _clean({"@type": "PostalAddress", "addressLocality": round_.city}),
                }
            ),
            "organizer": _clean({"@type": "Organization", "name": process.convener})
            if process.convener
            else None,
            "superEvent": {
                "@type": "EventSeries",
                "name": process.name,
                "url": request.build_absolute_uri(process.get_absolute_url()),
            },
            "description": round_.summary,
            "url": request.build_absolute_uri(round_.get_absolute_url()),
            "inLanguage": get_language(),
        }
    )


def resolution_legislation(resolution: Resolution, request: HttpRequest) -> dict:
    adopted = resolution.status == Resolution.Status.ADOPTED
    name = f"{resolution.symbol}: {resolution.subject}" if resolution.symbol else resolution.subject
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": name,
            "legislationIdentifier": resolution.symbol,
            "legislationType": "Resolution" if adopted else "Draft resolution",
            "legislationDate": machine_date(resolution.adopted_on),
            "legislationPassedBy": {"@type": "Organization", "name": BODIES[resolution.body]},
            "legislationLegalForce": None if adopted else SCHEMA + "NotInForce",
            "description": resolution.subject,
            "sameAs": resolution.document_url,
            "url": request.build_absolute_uri(resolution.get_absolute_url()),
            "inLanguage": get_language(),
        }
    )


def person(person_, appointments, request: HttpRequest) -> dict:
    """`appointments`: the page's published appointments, organisations prefetched."""
    appointments = list(appointments)
    current = [a for a in appointments if not a.end]
    organisations = {o.pk: o for a in appointments for o in a.organisations.all()}
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": person_.name,
            "jobTitle": current[0].role if current else "",
            "affiliation": [
                {"@type": "Organization", "name": o.name} for o in organisations.values()
            ],
            "sameAs": f"https://www.wikidata.org/wiki/{person_.wikidata_id}"
            if person_.wikidata_id
            else "",
            "url": request.build_absolute_uri(person_.get_absolute_url()),
        }
    )
