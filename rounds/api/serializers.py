"""What the API reads and writes.

Translated text fields (label, title, name...) read and write the language of the
request (`?lang=ar` or Accept-Language), reading falls back to English. Writes are
validated by the model's full_clean(), as in the admin, and stored atomically."""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.utils import model_meta

from .. import fuzzydates, services, sourcing
from ..models import (
    AgendaItem,
    AgendaStatus,
    Appointment,
    Delegation,
    Document,
    Event,
    MemberVote,
    Party,
    Person,
    Process,
    Publication,
    Resolution,
    Round,
    Source,
    Track,
)


class BlankAsNull:
    """An optional text with a form (a URL, a Wikidata ID...) reads `null` when
    empty, and takes `null` or "" to empty it. Typed clients then see one
    nullable string, not a `oneOf` of the form and an empty string."""

    def __init__(self, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_null=True, **kwargs)

    def run_validation(self, data=serializers.empty):
        if data is None or data == "":
            return ""  # stored as "": the column is NOT NULL
        return super().run_validation(data)

    def to_representation(self, value):
        return super().to_representation(value) if value else None


_blank_as_null_classes: dict[type, type] = {}


def blank_as_null(field_class: type) -> type:
    if field_class not in _blank_as_null_classes:
        name = f"Nullable{field_class.__name__}"
        _blank_as_null_classes[field_class] = type(name, (BlankAsNull, field_class), {})
    return _blank_as_null_classes[field_class]


def has_a_form(model_field) -> bool:
    """A URL, or text checked by a pattern: what the schema gives a format to."""
    return isinstance(model_field, models.URLField) or any(
        isinstance(v, RegexValidator) for v in model_field.validators
    )


class DescribedSerializer(serializers.ModelSerializer):
    """Every field gets a description in the schema: its help text, or else the
    model field's verbose name. Optional texts with a form are nullable."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if (
            isinstance(model_field, models.CharField)
            and model_field.blank
            and not model_field.null
            and not model_field.choices
            and has_a_form(model_field)
        ):
            field_class = blank_as_null(field_class)
        return field_class, kwargs

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if field.help_text:
                continue
            try:
                model_field = self.Meta.model._meta.get_field(field.source or name)
            except FieldDoesNotExist:
                continue
            field.help_text = capfirst(model_field.verbose_name)
        return fields


class LinkField(serializers.PrimaryKeyRelatedField):
    """A linked record's id, read as null when the caller may not see the record
    (the viewset's hide_draft_links() marks it): a published event never gives
    away the id of a draft round."""

    def get_attribute(self, instance):
        if getattr(instance, f"{self.source}_visible", True) is False:
            return None
        return super().get_attribute(instance)


class RecordSerializer(DescribedSerializer):
    """Writes go through the model's full_clean() (the admin's validation: fuzzy
    dates, symbols, vote tallies, constraints) and one transaction."""

    serializer_related_field = LinkField

    def get_validators(self):
        return []  # full_clean() checks the model's unique and check constraints

    def create(self, validated_data):
        return self.save_or_400(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self.save_or_400(instance, validated_data)

    def save_or_400(self, instance, data):
        try:
            return self.save_instance(instance, data)
        except DjangoValidationError as error:
            errors = serializers.as_serializer_error(error)
            if NON_FIELD_ERRORS in errors:
                errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(errors) from None
        except IntegrityError:
            # A database rule full_clean() could not see (e.g. a unique name written
            # through another language's column): refused, nothing stored.
            raise serializers.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        "This conflicts with a record already stored (a value that must "
                        "be unique is taken)."
                    ]
                }
            ) from None

    @transaction.atomic
    def save_instance(self, instance, data):
        citations = data.pop("citations", None)
        many = self.pop_many_to_many(data)
        for name, value in data.items():
            setattr(instance, name, value)
        instance.full_clean()
        check_correction_reason(instance)
        instance.save()
        for name, value in many.items():
            getattr(instance, name).set(value)
        if citations is not None:
            services.citations_replace(instance, citations)
        sourcing.check(instance)  # after the rows saved with it; rolls back if refused
        return instance

    def pop_many_to_many(self, data: dict) -> dict:
        relations = model_meta.get_field_info(self.Meta.model).relations
        return {
            name: data.pop(name)
            for name in list(data)
            if name in relations and relations[name].to_many
        }


def check_correction_reason(instance) -> None:
    """A published record's date, status or vote changes only with a reason."""
    error = getattr(instance, "correction_reason_error", lambda: None)()
    if error:
        raise DjangoValidationError({"correction_reason": error})


class PublishableSerializer(RecordSerializer):
    """A draft or published record: its version (read it, send it back to write
    safely) and, on a write, the reason for a correction."""

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "Grows by one with every save. On a write, the version you read: a newer "
            "one on the server means someone else saved meanwhile (412)."
        ),
    )
    correction_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text=_(
            "Why a published record changes; shown in the process's corrections log. "
            "Required when a date, status or vote of a published record changes."
        ),
    )


class PartyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Id of the party."))
    name = serializers.CharField(read_only=True, help_text=_("Name of the party."))


@extend_schema_field(PartyRefSerializer)
class PartyRefField(serializers.PrimaryKeyRelatedField):
    """A party read as {id, name}, written as its id (or that object)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Party.objects.all())
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return {"id": value.pk, "name": value.name}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("id")
        return super().to_internal_value(data)


class CitationSerializer(serializers.Serializer):
    """A source a record cites, with the quote that supports it. Written as
    {source: id, quote}; the source is created first (POST /api/v1/sources/)."""

    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), help_text=_("Id of the source.")
    )
    publisher = serializers.CharField(
        source="source.publisher", read_only=True, help_text=_("Publisher.")
    )
    title = serializers.CharField(
        source="source.title", read_only=True, help_text=_("Title of the source.")
    )
    url = serializers.URLField(
        source="source.url", read_only=True, help_text=_("Address of the source.")
    )
    quote = serializers.CharField(
        default="",
        allow_blank=True,
        max_length=5000,
        help_text=_("The passage that supports the record."),
    )


def citations_field() -> CitationSerializer:
    return CitationSerializer(
        many=True,
        source="citations",
        required=False,
        help_text=_("Sources, with quotes; a write replaces the list ({source, quote})."),
    )


class PublicSlugField(serializers.SlugRelatedField):
    """A related process by slug, shown only once it is published itself."""

    def to_representation(self, value):
        if value.publication != Publication.PUBLISHED:
            return None
        return super().to_representation(value)


class ProcessSerializer(PublishableSerializer):
    dates = serializers.CharField(read_only=True, help_text=_("The dates as text to read."))
    superseded_by = PublicSlugField(
        slug_field="slug",
        queryset=Process.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("For a superseded process: the slug of the process that took its place."),
    )

    class Meta:
        model = Process
        fields = [
            "id",
            "slug",
            "name",
            "conflict",
            "convener",
            "description",
            "start",
            "end",
            "start_earliest",
            "end_latest",
            "dates",
            "state",
            "superseded_by",
            "state_note",
            "recorded_up_to",
            "wikidata_id",
            "publication",
            "version",
            "correction_reason",
        ]


class SymbolField(serializers.SlugRelatedField):
    """A resolution by its symbol. Drafts without a symbol share NULL, so a null
    or empty value is refused here rather than matching several rows."""

    def to_internal_value(self, data):
        if data in (None, ""):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class AgendaItemSerializer(RecordSerializer):
    process = serializers.SlugRelatedField(
        slug_field="slug", queryset=Process.objects.all(), help_text=_("Slug of the process.")
    )

    class Meta:
        model = AgendaItem
        fields = ["id", "process", "order", "title", "description"]


class TrackSerializer(RecordSerializer):
    process = serializers.SlugRelatedField(
        slug_field="slug", queryset=Process.objects.all(), help_text=_("Slug of the process.")
    )

    class Meta:
        model = Track
        fields = ["id", "process", "slug", "name", "order"]


class AgendaStatusSerializer(DescribedSerializer):
    title = serializers.CharField(
        source="item.title", read_only=True, help_text=_("Title of the agenda item.")
    )

    class Meta:
        model = AgendaStatus
        fields = ["item", "title", "status", "note"]
        validators = []


class EnvoySerializer(serializers.Serializer):
    """A convening envoy of a round; written as {id, role} or as a bare person id."""

    id = serializers.PrimaryKeyRelatedField(
        source="person", queryset=Person.objects.all(), help_text=_("Id of the person.")
    )
    name = serializers.CharField(
        source="person.name", read_only=True, help_text=_("Name of the person.")
    )
    role = serializers.CharField(
        max_length=200, default="", allow_blank=True, help_text=_("Role in this round.")
    )

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool):
            data = {"id": data}
        return super().to_internal_value(data)


class DelegationSerializer(DescribedSerializer):
    party_name = serializers.CharField(
        source="party.name", read_only=True, help_text=_("Name of the party.")
    )
    head_name = serializers.CharField(
        source="head.name",
        read_only=True,
        allow_null=True,
        help_text=_("Name of the head of delegation."),
    )

    class Meta:
        model = Delegation
        fields = ["party", "party_name", "capacity", "on_behalf_of", "head", "head_name", "note"]


class RoundSerializer(PublishableSerializer):
    url = serializers.SerializerMethodField(
        help_text=_("The round's page for readers; null until reader pages exist.")
    )
    process = serializers.SlugRelatedField(
        slug_field="slug", queryset=Process.objects.all(), help_text=_("Slug of the process.")
    )
    track = serializers.PrimaryKeyRelatedField(
        queryset=Track.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Id of the track (series of meetings) within the process, if any."),
    )
    dates = serializers.CharField(
        read_only=True, help_text=_("The dates as text to read, with the status if not held.")
    )
    envoys = EnvoySerializer(
        many=True,
        source="roundenvoy_set",
        required=False,
        help_text=_("Convening envoys; a write replaces them (person ids or {id, role})."),
    )
    agenda = AgendaStatusSerializer(
        many=True,
        required=False,
        help_text=_("How each agenda item fared; a write replaces the list."),
    )
    resolutions = SymbolField(
        many=True,
        slug_field="symbol",
        queryset=Resolution.objects.all(),
        required=False,
        help_text=_("Symbols of the mandating resolutions."),
    )
    delegations = DelegationSerializer(
        many=True,
        required=False,
        help_text=_("Who took part, and in what capacity; a write replaces the list."),
    )
    warnings = serializers.ListField(
        child=serializers.CharField(),
        source="envoy_warnings",
        read_only=True,
        help_text=_(
            "Hints for editors, not errors: e.g. a convening envoy not in office on "
            "the round's dates according to the recorded terms."
        ),
    )
    sources = citations_field()

    class Meta:
        model = Round
        fields = [
            "id",
            "url",
            "process",
            "track",
            "parent",
            "number",
            "label",
            "kind",
            "status",
            "format",
            "start",
            "end",
            "start_earliest",
            "end_latest",
            "announced_start",
            "announced_end",
            "dates",
            "delegations_arrive_on",
            "city",
            "venue",
            "summary",
            "outcome",
            "envoys",
            "agenda",
            "resolutions",
            "delegations",
            "sources",
            "warnings",
            "publication",
            "version",
            "correction_reason",
        ]

    def get_url(self, obj) -> str | None:
        # Reader pages hook: a link as soon as Round has get_absolute_url().
        if not hasattr(obj, "get_absolute_url"):
            return None
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def save_instance(self, instance, data):
        nested = {
            "envoys": data.pop("roundenvoy_set", None),
            "agenda": data.pop("agenda", None),
            "resolutions": data.pop("resolutions", None),
            "delegations": data.pop("delegations", None),
            "citations": data.pop("citations", None),
        }
        for name, value in data.items():
            setattr(instance, name, value)
        return services.round_save(instance, **nested)


class MemberVoteSerializer(DescribedSerializer):
    member = PartyRefField(help_text=_("The member state."))

    class Meta:
        model = MemberVote
        fields = ["member", "vote"]


class ResolutionSerializer(PublishableSerializer):
    vetoed_by = PartyRefField(
        many=True, required=False, help_text=_("Permanent members that vetoed the draft.")
    )
    processes = serializers.SlugRelatedField(
        many=True,
        slug_field="slug",
        queryset=Process.objects.all(),
        required=False,
        help_text=_("Slugs of the processes it bears on."),
    )
    member_votes = MemberVoteSerializer(
        many=True,
        required=False,
        help_text=_(
            "How each member voted, where recorded (may name only some members); a "
            "write replaces the list ({member, vote})."
        ),
    )
    sources = citations_field()

    class Meta:
        model = Resolution
        fields = [
            "id",
            "symbol",
            "body",
            "number",
            "year",
            "adopted_on",
            "status",
            "meeting_number",
            "votes_for",
            "votes_against",
            "abstentions",
            "vetoed_by",
            "member_votes",
            "subject",
            "document_url",
            "processes",
            "sources",
            "publication",
            "version",
            "correction_reason",
        ]

    @transaction.atomic
    def save_instance(self, instance, data):
        votes = data.pop("member_votes", None)
        instance = super().save_instance(instance, data)
        if votes is not None:
            services.replace_rows(
                instance, MemberVote, "resolution", "member", votes, "member_votes"
            )
        return instance


class EventSerializer(PublishableSerializer):
    process = serializers.SlugRelatedField(
        slug_field="slug", queryset=Process.objects.all(), help_text=_("Slug of the process.")
    )
    dates = serializers.CharField(read_only=True, help_text=_("The date as text to read."))
    sources = citations_field()

    class Meta:
        model = Event
        fields = [
            "id",
            "process",
            "kind",
            "title",
            "description",
            "date",
            "date_earliest",
            "date_latest",
            "dates",
            "duration",
            "place",
            "round",
            "resolution",
            "person",
            "sources",
            "publication",
            "version",
            "correction_reason",
        ]


class DocumentSerializer(PublishableSerializer):
    process = serializers.SlugRelatedField(
        slug_field="slug", queryset=Process.objects.all(), help_text=_("Slug of the process.")
    )
    dates = serializers.SerializerMethodField(help_text=_("The date as text to read."))
    signatories = PartyRefField(many=True, required=False, help_text=_("Parties that signed."))
    sources = citations_field()
    page_url = serializers.SerializerMethodField(
        help_text=_(
            "The document's page for readers (`url` is the link to the document's own text)."
        )
    )
    pax_url = serializers.SerializerMethodField(
        help_text=_("The agreement in the PA-X Peace Agreements Database, if it has a PA-X ID.")
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "page_url",
            "process",
            "round",
            "kind",
            "title",
            "summary",
            "date",
            "date_earliest",
            "date_latest",
            "dates",
            "signatories",
            "url",
            "pax_id",
            "pax_url",
            "ucdp_id",
            "sources",
            "publication",
            "version",
            "correction_reason",
        ]

    def get_dates(self, obj) -> str:
        return fuzzydates.natural(obj.date)

    @extend_schema_field(serializers.URLField())
    def get_page_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pax_url(self, obj) -> str | None:
        return obj.pax_url or None


class PersonAppointmentSerializer(DescribedSerializer):
    """An appointment as listed on its person (read only)."""

    processes = serializers.SlugRelatedField(
        many=True, slug_field="slug", read_only=True, help_text=_("Slugs of the processes.")
    )
    organisations = serializers.SlugRelatedField(
        many=True, slug_field="name", read_only=True, help_text=_("Names of the organisations.")
    )
    tenure = serializers.CharField(read_only=True, help_text=_("Time in office, as text."))

    class Meta:
        model = Appointment
        fields = [
            "id",
            "processes",
            "role",
            "acting",
            "organisations",
            "appointed_on",
            "start",
            "end",
            "tenure",
            "note",
        ]


class AppointmentSerializer(PublishableSerializer):
    """/api/v1/appointments/: an envoy's or mediator's term, for one process or
    several, written with its organisations and sources in one request."""

    person_name = serializers.CharField(
        source="person.name", read_only=True, help_text=_("Name of the person.")
    )
    processes = serializers.SlugRelatedField(
        many=True,
        allow_empty=False,
        slug_field="slug",
        queryset=Process.objects.all(),
        help_text=_("Slugs of the processes served (at least one)."),
    )
    organisations = PartyRefField(
        many=True, required=False, help_text=_("Organisations the envoy represents.")
    )
    tenure = serializers.CharField(read_only=True, help_text=_("Time in office, as text."))
    sources = citations_field()

    class Meta:
        model = Appointment
        fields = [
            "id",
            "person",
            "person_name",
            "processes",
            "role",
            "acting",
            "organisations",
            "appointed_on",
            "start",
            "end",
            "start_earliest",
            "start_latest",
            "end_earliest",
            "end_latest",
            "tenure",
            "note",
            "sources",
            "publication",
            "version",
            "correction_reason",
        ]
        read_only_fields = ["start_earliest", "start_latest", "end_earliest", "end_latest"]


class PersonSerializer(RecordSerializer):
    appointments = PersonAppointmentSerializer(
        many=True, read_only=True, help_text=_("Mandates as envoy or mediator.")
    )

    class Meta:
        model = Person
        fields = ["id", "name", "nationality", "wikidata_id", "appointments"]

    def to_internal_value(self, data):
        """Appointments are written at /api/v1/appointments/. Sending them back as
        read is fine; sending others is a 400, never silently dropped."""
        if isinstance(data, dict) and "appointments" in data:
            sent = data["appointments"]
            ids = [row.get("id") if isinstance(row, dict) else row for row in sent or []]
            current = [a.pk for a in self.instance.appointments.all()] if self.instance else []
            if not isinstance(sent, list) or sorted(map(str, ids)) != sorted(map(str, current)):
                raise serializers.ValidationError(
                    {
                        "appointments": [
                            _(
                                "Appointments are not written here: create, change or delete "
                                "them at /api/v1/appointments/."
                            )
                        ]
                    }
                )
        return super().to_internal_value(data)


class PartySerializer(RecordSerializer):
    class Meta:
        model = Party
        fields = ["id", "name", "short_name", "kind", "wikidata_id"]


class SourceSerializer(RecordSerializer):
    class Meta:
        model = Source
        fields = ["id", "publisher", "title", "url", "archived_url", "language", "published_on"]
