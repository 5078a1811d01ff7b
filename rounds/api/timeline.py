"""The process timeline in the API: our own JSON, and Knight Lab TimelineJS's."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import bidi, fuzzydates, timeline

# Where each kind of entry is described in full.
DETAIL_ROUTES = {
    timeline.ROUND: lambda record: ("api:round-detail", record.pk),
    timeline.EVENT: lambda record: ("api:event-detail", record.pk),
    timeline.RESOLUTION: lambda record: ("api:resolution-detail", record.pk),
    timeline.APPOINTMENT: lambda record: ("api:person-detail", record.person_id),
}


def record_url(entry: timeline.Entry, request) -> str:
    name, pk = DETAIL_ROUTES[entry.kind](entry.record)
    return request.build_absolute_uri(reverse(name, args=[pk]))


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=timeline.KINDS, help_text="What the entry is.")
    id = serializers.IntegerField(source="record.pk", help_text="The record's id.")
    date = serializers.CharField(help_text="EDTF date as stored (ISO for resolutions).")
    earliest = serializers.DateField(allow_null=True, help_text="Earliest day it can mean.")
    latest = serializers.DateField(allow_null=True, help_text="Latest day it can mean.")
    dates = serializers.CharField(help_text="The date as a reader reads it.")
    title = serializers.CharField(help_text="What happened, in the requested language.")
    status = serializers.CharField(
        help_text="Round status, event kind, resolution status, or for an appointment "
        "appointed (in office) / left_office."
    )
    url = serializers.SerializerMethodField(help_text="The full record in this API.")

    @extend_schema_field(serializers.URLField())
    def get_url(self, entry) -> str:
        return record_url(entry, self.context["request"])


def _timelinejs_date(value: str) -> dict | None:
    """TimelineJS dates carry only the parts we know: year, month, day."""
    parsed = fuzzydates.parse_or_none(value)
    if parsed is None:
        return None
    day = parsed.earliest
    if parsed.precision == fuzzydates.DAY:
        return {"year": day.year, "month": day.month, "day": day.day}
    if parsed.precision == fuzzydates.MONTH:
        return {"year": day.year, "month": day.month}
    return {"year": day.year}


def _end_date(entry: timeline.Entry) -> dict | None:
    record = entry.record
    if entry.kind == timeline.ROUND:
        return _timelinejs_date(record.end if record.start else record.announced_end)
    if entry.kind == timeline.APPOINTMENT:
        return _timelinejs_date(record.end)
    return None


def timelinejs(process, entries, request) -> dict:
    """The TimelineJS JSON format: {"title": ..., "events": [...]}."""
    events = []
    for entry in entries:
        start = _timelinejs_date(entry.date)
        if start is None:
            continue  # TimelineJS needs a start date; undated entries are left out
        event = {
            "unique_id": f"{entry.kind}-{entry.record.pk}",
            "start_date": start,
            "display_date": entry.dates,
            "group": entry.kind,
            # Runs isolated (FSI/LRI…PDI) so symbols and fallbacks keep their place.
            "text": {"headline": bidi.entry_title(entry), "text": ""},
            "url": record_url(entry, request),
        }
        end = _end_date(entry)
        if end and end != start:
            event["end_date"] = end
        events.append(event)
    return {
        "title": {
            "text": {
                "headline": bidi.field(process, "name"),
                "text": bidi.field(process, "description"),
            }
        },
        "events": events,
    }
