"""Editorial safety in the API: no lost updates, history with the API user, and
the public corrections log.

No lost updates: a publishable record's detail carries an ETag that starts with
its version (`"v3-<hash of the body>"`). A PUT or PATCH may send it back in
`If-Match` (or send `version` in the body); a write over a newer version is
refused with 412, saying what changed meanwhile. Rounds require one or the other
(428 without), since several editors update them on a busy day."""

import hashlib
import re

from django.db import transaction
from django.http import Http404
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as DRFValidationError

from ..corrections import LinkNames, process_log
from ..editing import changes_since
from ..models import Correction, Process, RoundStatusChange, StaleRecord
from ..models.base import Publishable
from .serializers import DescribedSerializer

ETAG_VERSION = re.compile(r'^(?:W/)?"v?(\d+)(?:-[^"]*)?"$')


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = gettext_lazy(
        "Send the ETag you read in If-Match (or the version you read in `version`), so "
        "that a colleague's newer change is not overwritten."
    )


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"

    def __init__(self, body: dict):
        super().__init__(body["detail"])
        self.detail = body  # as it is: numbers stay numbers in the response


def precondition_failed(record, loaded_version: int | None) -> PreconditionFailed:
    meanwhile = changes_since(record, loaded_version)
    return PreconditionFailed(
        {
            "detail": meanwhile.describe(),
            "version": meanwhile.current_version,
            "changed": [
                {"field": item["name"], "yours": item["loaded"], "now": item["current"]}
                for item in meanwhile.fields
            ],
            "by": meanwhile.editors,
        }
    )


def version_of(etag: str) -> int | None:
    match = ETAG_VERSION.match(etag.strip())
    return int(match[1]) if match else None


def versioned_etag(version: int, content: bytes) -> str:
    return f'"v{version}-{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


class VersionedWrites:
    """For the viewsets: ETags with the version, If-Match on writes, and the API
    user on every historical row."""

    if_match_required = False  # True: a PUT/PATCH without If-Match or version gets 428

    def get_object(self):
        # One lookup per request, whether the precondition or the write asks first.
        cached = getattr(self, "_object", None)
        if cached is None:
            cached = self._object = super().get_object()
            if isinstance(cached, Publishable):
                self._etag_version = cached.version
        return cached

    def expected_version(self, instance, *, required: bool) -> int | None:
        """The version the caller read, if it says; 412 if it is not the current one."""
        if not isinstance(instance, Publishable):
            return None
        header = self.request.headers.get("If-Match")
        if header is not None:
            tags = parse_etags(header)
            if tags == ["*"]:  # RFC 9110: any current representation will do
                return instance.version
            versions = [v for v in map(version_of, tags) if v is not None]
            if instance.version not in versions:
                raise precondition_failed(instance, versions[0] if versions else None)
            return instance.version
        body = self.request.data.get("version") if hasattr(self.request.data, "get") else None
        if body is not None:
            if not isinstance(body, int) or isinstance(body, bool):
                raise DRFValidationError({"version": [_("A whole number, as read.")]})
            if body != instance.version:
                raise precondition_failed(instance, body)
            return body
        if required:
            raise PreconditionRequired()
        return None

    def perform_create(self, serializer):
        serializer.validated_data.pop("version", None)
        serializer.save(_history_user=self.request.user)
        if isinstance(serializer.instance, Publishable):
            self._etag_version = serializer.instance.version

    def perform_update(self, serializer):
        expected = self.expected_version(serializer.instance, required=False)
        extra = {"_history_user": self.request.user}
        if expected is not None:
            extra["version"] = expected  # the save's conditional UPDATE checks it again
        try:
            with transaction.atomic():
                serializer.save(**extra)
                if expected is None and self.if_match_required:
                    # Only now, so that bad data gets its field messages first; the
                    # write is rolled back.
                    raise PreconditionRequired()
        except StaleRecord as error:  # a colleague saved between the check and the write
            raise precondition_failed(error.record, error.loaded_version) from None
        if isinstance(serializer.instance, Publishable):
            self._etag_version = serializer.instance.version

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self.expected_version(instance, required=False)
        instance._history_user = request.user
        return super().destroy(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        version = getattr(self, "_etag_version", None)
        if version is not None and response.status_code in (200, 201):
            response.render()
            response["ETag"] = versioned_etag(version, response.content)
        return response


class CorrectionSerializer(DescribedSerializer):
    """One entry of a process's corrections log. No editor is named."""

    record_type = serializers.CharField(
        source="record_type.model", help_text=_("Kind of record: round, event, resolution...")
    )
    record = serializers.SerializerMethodField(help_text=_("The record's name."))
    field_labels = serializers.SerializerMethodField(
        help_text=_("The changed fields' names, to read.")
    )
    changes = serializers.SerializerMethodField(
        help_text=_(
            "For each changed field: [value before, value after]. A linked record "
            "is named while the public may see it, else reads as an unpublished record."
        )
    )

    class Meta:
        model = Correction
        fields = [
            "id",
            "record_type",
            "record_id",
            "record",
            "fields",
            "field_labels",
            "changes",
            "reason",
            "corrected_at",
        ]
        read_only_fields = fields

    def get_field_labels(self, obj) -> list[str]:
        return obj.field_labels()

    def get_record(self, obj) -> str:
        name = self.names(obj).label(obj)
        return obj.label if name is None else name

    def names(self, obj) -> LinkNames:
        return self.context.get("link_names") or LinkNames([obj])

    @extend_schema_field(
        serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    )
    def get_changes(self, obj) -> dict[str, list[str]]:
        names = self.names(obj)
        return {field: [names(value) for value in pair] for field, pair in obj.changes.items()}


class StatusChangeSerializer(DescribedSerializer):
    # Plain text: the round's own `status` already documents the choices.
    status = serializers.CharField(read_only=True, help_text=_("The round's status then."))
    dates = serializers.CharField(read_only=True, help_text=_("The dates then expected."))
    source = serializers.URLField(
        source="source.url", read_only=True, allow_null=True, help_text=_("Source address.")
    )

    class Meta:
        model = RoundStatusChange
        fields = ["status", "start", "end", "dates", "changed_on", "source", "note", "recorded_at"]
        read_only_fields = fields


class ProcessCorrections:
    """/api/v1/processes/<slug>/corrections/: the public corrections log of a
    process, newest first (a mixin for a list-only viewset)."""

    serializer_class = CorrectionSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Correction.objects.none()
        if getattr(self, "_process", None) is None:
            self._process = self.visible(Process).filter(slug=self.kwargs["slug"]).first()
        if self._process is None:
            raise Http404
        # The same log as the reader page; editors also see corrections of records
        # that are not public now (returned to draft, deleted).
        return process_log(self._process, drafts=self.can_see_drafts(Correction))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                description="The process's slug, e.g. syria-geneva.",
            )
        ],
        description="Changes to the process's published records: which record, which "
        "fields (values before and after), when, and the editor's reason. Newest first.",
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_serializer(self, *args, **kwargs):
        """The page's linked records are named in one query per kind (LinkNames)."""
        if args:
            kwargs.setdefault("context", self.get_serializer_context())
            drafts = self.can_see_drafts(Correction)
            kwargs["context"]["link_names"] = LinkNames(args[0], drafts=drafts)
        return super().get_serializer(*args, **kwargs)
