"""The API's viewsets. Each get_queryset() hides drafts from callers without the
model's view permission and loads every related row a page needs in a fixed number
of queries, whatever the page size."""

from collections import Counter

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Exists, OuterRef, Prefetch, ProtectedError
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .. import search, timeline
from ..models import (
    AgendaItem,
    AgendaStatus,
    Appointment,
    AppointmentCitation,
    Delegation,
    Document,
    DocumentCitation,
    Event,
    EventCitation,
    MemberVote,
    Party,
    Person,
    Process,
    Publication,
    Resolution,
    ResolutionCitation,
    Round,
    RoundCitation,
    RoundEnvoy,
    Source,
    Track,
)
from . import filters, lean, serializers
from .editorial import ProcessCorrections, StatusChangeSerializer, VersionedWrites
from .idempotency import IdempotentCreates
from .pagination import EventPagination, wants_whole_csv
from .streaming import csv_download
from .timeline import TimelineEntrySerializer, TimelineJSSerializer
from .timelinejs import timelinejs

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@csrf_exempt  # a 404 for any method, never an HTML CSRF page
def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": _("Not found.")}, status=404)


def exception_handler(exc, context):
    """DRF's handler, with every error body an object: a bare list of messages
    (e.g. from a search term with a null character) becomes {"detail": ...}."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": " ".join(str(message) for message in response.data)}
    elif response is not None and isinstance(exc, ValidationError):
        response.data = error_paths(response.data)
    return response


def error_paths(errors: dict, prefix: str = "") -> dict:
    """Nested rows' errors keyed by their path, `envoys[1].id` or `sources[0].source`,
    rather than a list with an empty object for each valid row."""
    flat = {}
    for key, value in errors.items():
        if isinstance(key, int):  # a list's rows, as DRF reports them by index
            path = f"{prefix}[{key}]"
        elif prefix:
            path = prefix if key == api_settings.NON_FIELD_ERRORS_KEY else f"{prefix}.{key}"
        else:
            path = key
        if isinstance(value, dict):
            flat.update(error_paths(value, path))
        elif isinstance(value, list) and any(isinstance(row, dict) for row in value):
            for index, row in enumerate(value):
                if isinstance(row, dict):
                    flat.update(error_paths(row, f"{path}[{index}]"))
        else:
            flat[path] = value
    return flat


class SearchTooLong(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "search_timeout"
    default_detail = "This search took too long: add a more specific word."


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "protected"


def protected_message(instance, referrers) -> str:
    counts = Counter(type(obj) for obj in referrers)
    names = [
        f"{n} {model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural}"
        for model, n in counts.items()
    ]
    return _("“%(record)s” cannot be deleted: %(referrers)s still refer to it.") % {
        "record": instance,
        "referrers": ", ".join(names),
    }


class TrackerViewSet(IdempotentCreates, VersionedWrites, viewsets.ModelViewSet):
    """Shared by every resource: the `lang` switch, draft visibility, a 409
    rather than a 500 when a delete is refused by PROTECT, (VersionedWrites)
    ETags with the version, If-Match on writes, and the API user in the history,
    and (IdempotentCreates) POST retries with an Idempotency-Key."""

    def dispatch(self, request, *args, **kwargs):
        lang = request.GET.get("lang")
        if lang not in LANGUAGE_CODES:  # an unknown value gets its 400 from the filters
            return super().dispatch(request, *args, **kwargs)
        with translation.override(lang):
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    def list(self, request, *args, **kwargs):
        if wants_whole_csv(request):  # streamed, chunk by chunk (rounds.api.streaming)
            return csv_download(self, self.filter_queryset(self.get_queryset()))
        if "search" not in request.query_params or request.user.is_authenticated:
            return self.read_list(request, *args, **kwargs)
        try:  # an anonymous search has a time limit (PostgreSQL)
            with search.time_limit():
                return self.read_list(request, *args, **kwargs)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != "57014":  # query_canceled
                raise
            raise SearchTooLong from error

    # rounds.api.lean's builder for this list, where there is one.
    lean_list = None

    def read_list(self, request, *args, **kwargs):
        """A plain public JSON read of a hot list skips the serializers (rounds.api.lean)."""
        if self.lean_list is None or not lean.serves(request):
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        results = self.lean_list(queryset, self.paginate_queryset)
        return self.get_paginated_response(results)

    def get_object(self):
        try:
            return super().get_object()
        except OverflowError:  # an id beyond what the database can store
            raise Http404 from None

    def can_see_drafts(self, model) -> bool:
        opts = model._meta
        return self.request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def visible(self, model):
        """All records for those allowed to view drafts; for others, what the public
        may see (published records, and the people, parties and sources they name)."""
        if self.can_see_drafts(model):
            return model.objects.all()
        return model.objects.public()

    def hide_draft_links(self, queryset, **links):
        """Marks each link (field name: model) to a record the caller may not see,
        so that it reads as null (serializers.LinkField): no draft ids in public
        answers. One subquery per link, in the same query."""
        return queryset.annotate(
            **{
                f"{name}_visible": Exists(model.objects.public().filter(pk=OuterRef(name)))
                for name, model in links.items()
                if not self.can_see_drafts(model)
            }
        )

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            raise Conflict(protected_message(instance, error.protected_objects)) from None


SLUG = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, description="The process's slug, e.g. syria-geneva."
)


@extend_schema_view(
    **{
        action: extend_schema(parameters=[SLUG])
        for action in ("retrieve", "update", "partial_update", "destroy")
    }
)
class ProcessViewSet(TrackerViewSet):
    """Negotiation processes (tracks), looked up by slug."""

    serializer_class = serializers.ProcessSerializer
    lookup_field = "slug"
    search_fields = [
        "name_en",
        "name_ar",
        "conflict_en",
        "conflict_ar",
        "convener_en",
        "convener_ar",
        "description_en",
        "description_ar",
    ]
    ordering_fields = ["start_earliest", "start_latest", "end_earliest", "end_latest"]

    def get_queryset(self):
        return self.visible(Process).order_by("start_earliest", "name_en", "pk")

    def timeline_entries(self):
        process = self.get_object()
        kinds = (Round, Event, Resolution, Appointment, Document)
        drafts = all(self.can_see_drafts(m) for m in kinds)
        return process, timeline.build(process, drafts=drafts)

    @extend_schema(
        parameters=[SLUG],
        responses=TimelineEntrySerializer(many=True),
        description="The process's rounds, events, resolution adoptions, envoy "
        "appointments and dated documents (agreements, communiqués...), merged in date "
        "order (undated entries last).",
    )
    @action(detail=True, pagination_class=None)
    def timeline(self, request, slug=None, format=None):
        _process, entries = self.timeline_entries()
        context = self.get_serializer_context()
        return Response(TimelineEntrySerializer(entries, many=True, context=context).data)

    @extend_schema(
        parameters=[SLUG],
        responses=TimelineJSSerializer,
        description="The same timeline in Knight Lab TimelineJS's JSON format, ready "
        "for a TimelineJS embed from any site (CORS): a slide per dated entry with its "
        "text, status, place, sources and a link to its page; groups named in the "
        "requested language; the envoys' terms as eras; undated entries in `undated` "
        "and listed on the title slide. Text fields are HTML, escaped.",
    )
    @action(detail=True, pagination_class=None, url_path="timelinejs")
    def timelinejs(self, request, slug=None, format=None):
        process, entries = self.timeline_entries()
        return Response(timelinejs(process, entries, request))


class RoundViewSet(TrackerViewSet):
    """Rounds of talks with their envoys, agenda, resolutions, delegations and
    sources. Dates are EDTF strings as stored, with ISO earliest/latest bounds.
    A write may carry `agenda` and `envoys`; each replaces the round's list."""

    serializer_class = serializers.RoundSerializer
    filterset_class = filters.RoundFilter
    lean_list = lean.rounds
    if_match_required = True
    search_fields = [
        "label_en",
        "label_ar",
        "city_en",
        "city_ar",
        "venue_en",
        "venue_ar",
        "summary_en",
        "summary_ar",
        "outcome_en",
        "outcome_ar",
    ]
    ordering_fields = [
        "start_earliest",
        "start_latest",
        "end_earliest",
        "end_latest",
        "announced_start_earliest",
        "number",
    ]

    def get_queryset(self):
        return (
            self.visible(Round)
            .select_related("process", "track")
            .prefetch_related(
                Prefetch("roundenvoy_set", RoundEnvoy.objects.select_related("person")),
                # The envoys' terms, for the round's `warnings`.
                Prefetch(
                    "roundenvoy_set__person__appointments",
                    self.visible(Appointment).prefetch_related("processes"),
                ),
                Prefetch("agenda", AgendaStatus.objects.select_related("item")),
                Prefetch("resolutions", self.visible(Resolution)),
                Prefetch(
                    "delegations",
                    Delegation.objects.select_related("party", "head"),
                ),
                Prefetch("citations", RoundCitation.objects.select_related("source")),
            )
            .chronological()
        )

    @extend_schema(
        responses=StatusChangeSerializer(many=True),
        description="How the round slipped: its status and expected dates at each "
        "change, oldest first.",
    )
    @action(detail=True, pagination_class=None, url_path="status-log", filter_backends=[])
    def status_log(self, request, pk=None, format=None):
        round_ = self.get_object()
        log = round_.status_log.select_related("source").order_by("recorded_at", "pk")
        context = self.get_serializer_context()
        return Response(StatusChangeSerializer(log, many=True, context=context).data)


class PersonViewSet(TrackerViewSet):
    """Envoys, mediators and heads of delegation, with their appointments."""

    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    search_fields = ["name_en", "name_ar", "nationality_en", "nationality_ar"]
    ordering_fields = ["name_en", "name_ar"]

    def get_queryset(self):
        appointments = self.visible(Appointment).prefetch_related(
            Prefetch("processes", self.visible(Process)), "organisations"
        )
        return (
            self.visible(Person)
            .prefetch_related(Prefetch("appointments", appointments))
            .order_by("name_en", "pk")
        )


class AppointmentViewSet(TrackerViewSet):
    """Envoys' and mediators' terms: who, which processes, what role (acting or
    not), from when to when, with sources. Updates need If-Match, as rounds do."""

    serializer_class = serializers.AppointmentSerializer
    filterset_class = filters.AppointmentFilter
    if_match_required = True
    search_fields = ["role_en", "role_ar", "person__name_en", "person__name_ar"]
    ordering_fields = ["start_earliest", "end_latest", "appointed_on"]

    def get_queryset(self):
        return (
            self.visible(Appointment)
            .select_related("person")
            .prefetch_related(
                Prefetch("processes", self.visible(Process)),
                "organisations",
                Prefetch("citations", AppointmentCitation.objects.select_related("source")),
            )
            .order_by("start_earliest", "appointed_on", "pk")
        )


class PartyViewSet(TrackerViewSet):
    """States, delegations, organisations and groups that take part in talks."""

    serializer_class = serializers.PartySerializer
    filterset_class = filters.PartyFilter
    search_fields = ["name_en", "name_ar", "short_name_en", "short_name_ar"]
    ordering_fields = ["name_en", "name_ar"]

    def get_queryset(self):
        return self.visible(Party).order_by("name_en", "pk")


class AgendaItemViewSet(TrackerViewSet):
    """The agenda items (baskets) of each process, in their agreed order."""

    serializer_class = serializers.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilter
    search_fields = ["title_en", "title_ar", "description_en", "description_ar"]
    ordering_fields = ["order"]

    def get_queryset(self):
        items = AgendaItem.objects.select_related("process").order_by("process", "order")
        if self.can_see_drafts(Process):
            return items
        # Agenda items have no state of their own: they are public with their process.
        return items.filter(process__publication=Publication.PUBLISHED)


class TrackViewSet(TrackerViewSet):
    """The named series of meetings within processes (e.g. a drafting body and its
    plenary); a round's number is unique within its track."""

    serializer_class = serializers.TrackSerializer
    filterset_class = filters.TrackFilter
    search_fields = ["name_en", "name_ar", "slug"]
    ordering_fields = ["order"]

    def get_queryset(self):
        tracks = Track.objects.select_related("process").order_by("process", "order", "pk")
        if self.can_see_drafts(Process):
            return tracks
        # Tracks have no state of their own: they are public with their process.
        return tracks.filter(process__publication=Publication.PUBLISHED)


class ResolutionViewSet(TrackerViewSet):
    """UN resolutions and failed or vetoed drafts; `symbol=` finds one."""

    serializer_class = serializers.ResolutionSerializer
    filterset_class = filters.ResolutionFilter
    lean_list = lean.resolutions
    search_fields = ["symbol", "subject_en", "subject_ar"]
    ordering_fields = ["adopted_on", "year", "number"]

    def get_queryset(self):
        return (
            self.visible(Resolution)
            .prefetch_related(
                "vetoed_by",
                Prefetch("member_votes", MemberVote.objects.select_related("member")),
                Prefetch("processes", self.visible(Process)),
                Prefetch("citations", ResolutionCitation.objects.select_related("source")),
            )
            .order_by("adopted_on", "symbol", "pk")
        )


class EventViewSet(TrackerViewSet):
    """Other dated facts of a process. Pages by number, or by cursor from
    `?cursor=` (empty to start, then follow `next`)."""

    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter
    lean_list = lean.events
    pagination_class = EventPagination
    search_fields = [
        "title_en",
        "title_ar",
        "description_en",
        "description_ar",
        "place_en",
        "place_ar",
    ]
    ordering_fields = ["date_earliest", "date_latest"]

    def get_queryset(self):
        # The public list reads event_public_date in order (published_by_date).
        events = Event.objects.all()
        if not self.can_see_drafts(Event):
            events = events.published_by_date()
        return (
            self.hide_draft_links(events, round=Round, resolution=Resolution)
            .select_related("process")
            .prefetch_related(Prefetch("citations", EventCitation.objects.select_related("source")))
            .order_by("date_earliest", "pk")
        )


class DocumentViewSet(TrackerViewSet):
    """Communiqués, agreements and papers that processes produce or rest on."""

    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter
    search_fields = ["title_en", "title_ar", "summary_en", "summary_ar", "pax_id", "ucdp_id"]
    ordering_fields = ["date_earliest", "date_latest"]

    def get_queryset(self):
        return (
            self.hide_draft_links(self.visible(Document), round=Round)
            .select_related("process")
            .prefetch_related(
                "signatories",
                Prefetch("citations", DocumentCitation.objects.select_related("source")),
            )
            .order_by("date_earliest", "pk")
        )


class SourceViewSet(TrackerViewSet):
    """The sources records cite."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    search_fields = ["publisher", "title", "url"]
    ordering_fields = ["published_on"]

    def get_queryset(self):
        return self.visible(Source).order_by("publisher", "title", "pk")


class ProcessCorrectionViewSet(ProcessCorrections, TrackerViewSet):
    """The public corrections log of one process (see rounds.api.editorial)."""
