"""The process timeline in the API: our own JSON, and the schema of Knight Lab
TimelineJS's (built in timelinejs.py)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import timeline

# Where each kind of entry is described in full.
DETAIL_ROUTES = {
    timeline.ROUND: lambda record: ("api:round-detail", record.pk),
    timeline.EVENT: lambda record: ("api:event-detail", record.pk),
    timeline.RESOLUTION: lambda record: ("api:resolution-detail", record.pk),
    timeline.APPOINTMENT: lambda record: ("api:person-detail", record.person_id),
    timeline.DOCUMENT: lambda record: ("api:document-detail", record.pk),
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
        help_text="Round status, event kind, resolution status, document kind, or for an "
        "appointment appointed (in office) / left_office."
    )
    url = serializers.SerializerMethodField(help_text="The full record in this API.")

    @extend_schema_field(serializers.URLField())
    def get_url(self, entry) -> str:
        return record_url(entry, self.context["request"])


# --- TimelineJS: for the OpenAPI schema only (the view returns timelinejs()'s dict) --

HTML = "HTML: stored text escaped, with our own p, a, ul, li, bdi and span only."


class TimelineJSDateSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The year.")
    month = serializers.IntegerField(
        required=False, min_value=1, max_value=12, help_text="The month, when known."
    )
    day = serializers.IntegerField(
        required=False, min_value=1, max_value=31, help_text="The day, when known."
    )


class TimelineJSTextSerializer(serializers.Serializer):
    headline = serializers.CharField(help_text=HTML)
    text = serializers.CharField(allow_blank=True, help_text=HTML)


class TimelineJSEraTextSerializer(serializers.Serializer):
    headline = serializers.CharField(help_text="The envoy's name (escaped).")


class TimelineJSMediaSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="An image or PDF the record links to.")
    caption = serializers.CharField(help_text=HTML)
    credit = serializers.CharField(allow_blank=True, help_text="The record's sources. " + HTML)
    link = serializers.URLField(help_text="Where the media links to.")


class TimelineJSSlideSerializer(serializers.Serializer):
    unique_id = serializers.CharField(help_text="<kind>-<id>, stable across edits.")
    start_date = TimelineJSDateSerializer(help_text="When it happened or began.")
    end_date = TimelineJSDateSerializer(
        required=False, help_text="For spans: a round's last day, an envoy's last month."
    )
    display_date = serializers.CharField(help_text="The date as a reader reads it.")
    group = serializers.CharField(
        help_text="The round's track, else the kind of entry, in the requested language."
    )
    text = TimelineJSTextSerializer(help_text="The headline and the text of the slide.")
    media = TimelineJSMediaSerializer(
        required=False, help_text="An image or PDF of the record, credited to its sources."
    )
    url = serializers.URLField(help_text="The record in this API (TimelineJS ignores it).")
    page_url = serializers.URLField(help_text="The record's page on the tracker.")


class TimelineJSTitleSerializer(serializers.Serializer):
    unique_id = serializers.CharField(help_text="Always `title`.")
    text = TimelineJSTextSerializer(help_text="The process; its text lists undated entries.")


class TimelineJSEraSerializer(serializers.Serializer):
    start_date = TimelineJSDateSerializer(help_text="When the term began.")
    end_date = TimelineJSDateSerializer(help_text="When it ended; today for a term still running.")
    text = TimelineJSEraTextSerializer(help_text="The envoy.")


class TimelineJSUndatedSerializer(serializers.Serializer):
    unique_id = serializers.CharField(help_text="<kind>-<id>, as a slide's would be.")
    headline = serializers.CharField(help_text=HTML)
    group = serializers.CharField(help_text="The kind of entry, in the requested language.")
    status = serializers.CharField(help_text="Its status, in the requested language.")
    page_url = serializers.URLField(help_text="The record's page on the tracker.")


class TimelineJSSerializer(serializers.Serializer):
    """Knight Lab TimelineJS 3 JSON (https://timeline.knightlab.com/docs/json-format.html)."""

    title = TimelineJSTitleSerializer(help_text="The title slide: the process.")
    events = TimelineJSSlideSerializer(many=True, help_text="One slide per dated entry.")
    eras = TimelineJSEraSerializer(many=True, help_text="The envoys' terms.")
    undated = TimelineJSUndatedSerializer(
        many=True,
        help_text="Entries without a date, which TimelineJS cannot place (a key of ours, "
        "ignored by TimelineJS); the title slide lists them too.",
    )
