"""The negotiation itself: processes, their agenda items, rounds (with side
sessions), who attended each round and how each agenda item fared in it."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import fuzzydates
from ..validators import validate_wikidata_id
from .actors import Party, Person
from .base import (
    Citation,
    FuzzyDateField,
    FuzzyDatesMixin,
    ProcessChildQuerySet,
    Publication,
    Publishable,
    PublishableQuerySet,
    TimeStamped,
    bound_fields,
    fuzzy_constraints,
    range_constraint,
)


class Process(FuzzyDatesMixin, Publishable):
    """A negotiation track, e.g. the UN-led Geneva talks on Syria."""

    class State(models.TextChoices):
        """Where the process stands; a dormant one says so instead of "ongoing"."""

        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        SUPERSEDED = "superseded", _("Superseded")
        ENDED = "ended", _("Ended")

    fuzzy_fields = ("start", "end")
    fuzzy_ranges = (("start", "end"),)

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    conflict = models.CharField(_("conflict or country"), max_length=200)
    convener = models.CharField(_("convener"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    start = FuzzyDateField(_("start"))
    start_earliest, start_latest = bound_fields("start", "start")
    end = FuzzyDateField(_("end"), help_text=_("Empty while the process goes on."))
    end_earliest, end_latest = bound_fields("end", "end")
    wikidata_id = models.CharField(
        _("Wikidata ID"), max_length=20, blank=True, validators=[validate_wikidata_id]
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=State.choices,
        default=State.ACTIVE,
        help_text=_("Suspended, superseded or ended instead of active when it is dormant."),
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
        help_text=_("For a superseded process: the process that took its place."),
    )
    state_note = models.TextField(
        _("state note"), blank=True, help_text=_("What the state rests on, in a sentence.")
    )
    recorded_up_to = models.DateField(
        _("recorded up to"),
        null=True,
        blank=True,
        help_text=_("The day its record was last reviewed and found complete."),
    )

    objects = PublishableQuerySet.as_manager()

    reason_required_fields = ("start", "end", "state")

    class Meta:
        # Undated records last (SQLite would put NULL first).
        ordering = [F("start_earliest").asc(nulls_last=True), "name"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        constraints = [
            *fuzzy_constraints("process", "start"),
            *fuzzy_constraints("process", "end"),
            range_constraint("process", "start", "end"),
            models.CheckConstraint(
                condition=Q(state="superseded", superseded_by__isnull=False)
                | (~Q(state="superseded") & Q(superseded_by__isnull=True)),
                name="process_superseded_by_fits_state",
                violation_error_message=_(
                    "A superseded process names the process that took its place; "
                    "no other process does."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("pk")),
                name="process_not_superseded_by_itself",
                violation_error_message=_("A process cannot supersede itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rounds:process", args=[self.slug])

    def correction_process_ids(self) -> list[int]:
        return [self.pk]

    @property
    def dates(self) -> str:
        return fuzzydates.natural_range(self.start, self.end)

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE and not self.end

    @property
    def is_over(self) -> bool:
        """Ended or superseded: "today" is no longer part of its story."""
        return bool(self.end) or self.state in (self.State.SUPERSEDED, self.State.ENDED)

    def clean(self):
        super().clean()
        if self.state == self.State.SUPERSEDED and not self.superseded_by_id:
            raise ValidationError(
                {"superseded_by": _("Name the process that took this one's place.")}
            )
        if self.superseded_by_id and self.state != self.State.SUPERSEDED:
            raise ValidationError(
                {"superseded_by": _("Only a superseded process names its successor.")}
            )
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("A process cannot supersede itself.")})


class Track(TimeStamped):
    """A named series of meetings within a process, each with its own numbering:
    e.g. a military commission and a political forum, or a drafting body and its
    plenary. Timestamped because the timeline shows its name (see TIMELINE_SOURCES)."""

    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="tracks", verbose_name=_("process")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["process", "order", "pk"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "slug"],
                name="track_slug_unique_in_process",
                violation_error_message=_("This process already has a track with this slug."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    """One item ("basket") of a process's agenda, in its agreed order."""

    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("process")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["process", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="agenda_item_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class RoundQuerySet(ProcessChildQuerySet):
    def published(self):
        # A side session is public only while its main round is.
        return (
            super()
            .published()
            .filter(Q(parent__isnull=True) | Q(parent__publication=Publication.PUBLISHED))
        )

    def main(self):
        """Rounds proper, without their side sessions."""
        return self.filter(parent__isnull=True)

    def starting_between(self, after, before):
        """Rounds that may have started within [after, before] (fuzzy-aware)."""
        return self.filter(start_latest__gte=after, start_earliest__lte=before)

    def chronological(self):
        return self.order_by(
            Coalesce("start_earliest", "announced_start_earliest").asc(nulls_last=True),
            "number",
            "pk",
        )


class Round(FuzzyDatesMixin, Publishable):
    """One meeting of a process: a numbered round, a conference, a session, or a
    side track of another round (parent)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ANNOUNCED = "announced", _("Announced")
        ONGOING = "ongoing", _("Ongoing")
        CONCLUDED = "concluded", _("Concluded")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    class Kind(models.TextChoices):
        ROUND = "round", _("Negotiation round")
        SESSION = "session", _("Session")
        CONSULTATION = "consultation", _("Consultation")
        CONFERENCE = "conference", _("Conference")
        SUMMIT = "summit", _("Summit")
        SIGNING = "signing", _("Signing")

    class Format(models.TextChoices):
        DIRECT = "direct", _("Direct (face to face)")
        INDIRECT = "indirect", _("Indirect (proximity)")
        MIXED = "mixed", _("Mixed")
        VIRTUAL = "virtual", _("Virtual (online)")
        HYBRID = "hybrid", _("Hybrid (in person and online)")

    fuzzy_fields = ("start", "end", "announced_start", "announced_end")
    fuzzy_ranges = (("start", "end"), ("announced_start", "announced_end"))

    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("process")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="side_sessions",
        verbose_name=_("side session of"),
        help_text=_("For parallel sessions and side tracks, e.g. expert meetings."),
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        verbose_name=_("track"),
        help_text=_("The series of meetings it belongs to; numbers run per track."),
    )
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Empty for unnumbered meetings.")
    )
    kind = models.CharField(
        _("kind of meeting"), max_length=12, choices=Kind.choices, default=Kind.ROUND
    )
    label = models.CharField(_("label"), max_length=200, help_text=_("e.g. Geneva VII"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ANNOUNCED
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    start = FuzzyDateField(_("start"))
    start_earliest, start_latest = bound_fields("start", "start")
    end = FuzzyDateField(_("end"))
    end_earliest, end_latest = bound_fields("end", "end")
    announced_start = FuzzyDateField(
        _("first announced start"),
        help_text=_("The dates first announced, kept when a round slips (EDTF)."),
    )
    announced_start_earliest, announced_start_latest = bound_fields(
        "announced_start", "first announced start"
    )
    announced_end = FuzzyDateField(_("first announced end"))
    announced_end_earliest, announced_end_latest = bound_fields(
        "announced_end", "first announced end"
    )
    delegations_arrive_on = models.DateField(_("delegations arrive on"), null=True, blank=True)
    envoys = models.ManyToManyField(
        Person, through="RoundEnvoy", blank=True, related_name="rounds_convened"
    )
    resolutions = models.ManyToManyField(
        "rounds.Resolution", through="RoundResolution", blank=True, related_name="rounds"
    )
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    sources = models.ManyToManyField(
        "rounds.Source", through="RoundCitation", blank=True, related_name="+"
    )

    objects = RoundQuerySet.as_manager()

    reason_required_fields = (
        "status",
        "start",
        "end",
        "announced_start",
        "announced_end",
        "delegations_arrive_on",
        "outcome_en",
        "outcome_ar",
    )
    # Statuses in which a change of dates is a rescheduling worth logging; the
    # dates of a round under way or over are corrected, not rescheduled.
    RESCHEDULABLE = ("planned", "announced", "postponed")

    class Meta:
        ordering = [F("start_earliest").asc(nulls_last=True), "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            # Numbers run per track; rounds outside any track share one series.
            models.UniqueConstraint(
                fields=["process", "number"],
                condition=Q(track__isnull=True),
                name="round_number_unique_in_process",
                violation_error_message=_("This process already has a round with this number."),
            ),
            models.UniqueConstraint(
                fields=["process", "track", "number"],
                condition=Q(track__isnull=False),
                name="round_number_unique_in_track",
                violation_error_message=_("This track already has a round with this number."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="round_not_its_own_parent"
            ),
            *fuzzy_constraints("round", "start"),
            *fuzzy_constraints("round", "end"),
            *fuzzy_constraints("round", "announced_start"),
            *fuzzy_constraints("round", "announced_end"),
            range_constraint("round", "start", "end"),
            range_constraint("round", "announced_start", "announced_end"),
        ]
        indexes = [
            # Timeline and filters: rounds of a process in date order.
            models.Index(fields=["process", "start_earliest"], name="round_process_start"),
            # start_after / start_before filters match against the fuzzy range.
            models.Index(fields=["start_latest"], name="round_start_latest"),
            models.Index(fields=["end_latest"], name="round_end_latest"),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.process} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("rounds:round", args=[self.pk])

    def inherit_process(self) -> None:
        """A side session belongs to its parent's process unless told otherwise."""
        if self.parent_id and not self.process_id:
            self.process_id = self.parent.process_id

    def save(self, *args, **kwargs):
        self.inherit_process()
        before = self.stored_values()
        super().save(*args, **kwargs)
        self.log_status(before)

    def log_status(self, before: dict | None) -> None:
        """Keep the round's status log: its first status, each change of status,
        and each change of dates while it is still to be held."""
        from .editorial import RoundStatusChange

        if before is not None:
            status_changed = before.get("status", self.status) != self.status
            dates = (before.get("start", self.start), before.get("end", self.end))
            dates_changed = dates != (self.start, self.end)
            if not status_changed and not (dates_changed and self.status in self.RESCHEDULABLE):
                return
        RoundStatusChange.objects.create(
            round=self,
            status=self.status,
            start=self.start,
            end=self.end,
            # A change is dated the day it is recorded (editors may correct it); the
            # first status of a round entered after the fact is dated by the round
            # itself when it says (held: its dates), else left for the editor.
            changed_on=self.status_date() if before is None else timezone.localdate(),
        )

    def status_date(self):
        """The day the round's present status began, as far as the round tells:
        the end of a concluded round, the start of one under way."""
        if self.status == self.Status.CONCLUDED:
            return self.end_earliest or self.start_latest
        if self.status == self.Status.ONGOING:
            return self.start_earliest
        return None

    def clean_fields(self, exclude=None):
        self.inherit_process()
        super().clean_fields(exclude=exclude)

    def validate_constraints(self, exclude=None):
        """A duplicate number names the round that already has it."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            clash = None
            if self.number is not None and self.process_id:
                clash = (
                    Round._base_manager.filter(process_id=self.process_id, number=self.number)
                    .exclude(pk=self.pk)
                    .first()
                )
            if clash is None:
                raise
            errors = error.update_error_dict({})
            unique = next(
                c for c in self._meta.constraints if c.name == "round_number_unique_in_process"
            )
            generic = str(unique.violation_error_message)
            errors[NON_FIELD_ERRORS] = [
                e for e in errors.get(NON_FIELD_ERRORS, []) if generic not in str(e.message)
            ]
            errors[NON_FIELD_ERRORS].append(
                ValidationError(
                    _(
                        "This process already has a round with this number: “%(label)s” "
                        "(%(dates)s, %(publication)s). Choose another number or edit that round."
                    )
                    % {
                        "label": clash,
                        "dates": clash.dates or _("no dates"),
                        "publication": clash.get_publication_display().lower(),
                    }
                )
            )
            raise ValidationError(errors) from None

    def clean(self):
        super().clean()
        if self.track_id and self.process_id and self.track.process_id != self.process_id:
            raise ValidationError({"track": _("This track belongs to another process.")})
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A round cannot be its own side session.")})
            if self.parent.process_id != self.process_id:
                raise ValidationError(
                    {"parent": _("A side session belongs to a round of the same process.")}
                )
            if self.parent.parent_id:
                raise ValidationError(
                    {
                        "parent": _(
                            "Side sessions attach to a main round, not to another side session."
                        )
                    }
                )

    @property
    def dates(self) -> str:
        """The dates a reader should see: held or expected, then the status."""
        if self.start or self.end:
            text = fuzzydates.natural_range(self.start, self.end)
        else:
            text = fuzzydates.natural_range(self.announced_start, self.announced_end)
        suffix = {
            self.Status.PLANNED: _("planned"),
            self.Status.ANNOUNCED: _("planned"),
            self.Status.POSTPONED: _("postponed"),
            self.Status.CANCELLED: _("not held"),
        }.get(self.status)
        return f"{text} ({suffix})" if text and suffix else text

    def envoy_warnings(self) -> list[str]:
        """Convening envoys whose recorded terms for this process all lie outside
        the round's dates: a hint for editors, not an error (the record of terms
        may be incomplete). An envoy with no term recorded here is not flagged.

        The API prefetches roundenvoy_set -> person -> appointments -> processes,
        with only the terms the caller may see."""
        earliest = self.start_earliest or self.announced_start_earliest
        latest = (
            self.end_latest or self.start_latest
            if self.start
            else self.announced_end_latest or self.announced_start_latest
        )
        if earliest is None or latest is None:
            return []
        warnings = []
        for link in self.roundenvoy_set.all():
            terms = [
                term
                for term in link.person.appointments.all()
                if self.process_id in {p.pk for p in term.processes.all()}
            ]
            if terms and not any(t.in_office_during(earliest, latest) is not False for t in terms):
                warnings.append(
                    _(
                        "%(person)s was not in office as envoy for %(process)s on the "
                        "round's dates (%(dates)s)."
                    )
                    % {"person": link.person, "process": self.process, "dates": self.dates}
                )
        return warnings

    @property
    def announced_dates(self) -> str:
        """The dates first announced, when they differ from those held."""
        announced = (self.announced_start, self.announced_end)
        same_start = self.announced_start in ("", self.start)
        same_end = self.announced_end in ("", self.end)
        if not any(announced) or (same_start and same_end):
            return ""
        return fuzzydates.natural_range(*announced)


class RoundEnvoy(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("envoy")
    )
    role = models.CharField(_("role in this round"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("convening envoy")
        verbose_name_plural = _("convening envoys")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="round_envoy_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)


class RoundResolution(models.Model):
    """A resolution a round rests on; the resolution cannot be deleted under it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE)
    resolution = models.ForeignKey(
        "rounds.Resolution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("resolution"),
    )

    class Meta:
        verbose_name = _("mandating resolution")
        verbose_name_plural = _("mandating resolutions")
        constraints = [
            models.UniqueConstraint(fields=["round", "resolution"], name="round_resolution_unique")
        ]

    def __str__(self) -> str:
        return str(self.resolution)


class AgendaStatus(models.Model):
    """How one agenda item fared in one round."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DISCUSSED = "discussed", _("Discussed")
        NOT_DISCUSSED = "not_discussed", _("Not discussed")
        PROGRESS = "progress", _("Progress")
        AGREED = "agreed", _("Agreed")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="agenda")
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="statuses",
        verbose_name=_("agenda item"),
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["round", "item__order"]
        verbose_name = _("agenda item status")
        verbose_name_plural = _("agenda item statuses")
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="agenda_status_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.title}: {self.get_status_display()}"

    def clean(self):
        if self.item_id and self.round_id and self.item.process_id != self.round.process_id:
            raise ValidationError({"item": _("This agenda item belongs to another process.")})


class Delegation(models.Model):
    """Who took part in a round, in what capacity, and who headed the delegation."""

    class Capacity(models.TextChoices):
        NEGOTIATING = "negotiating", _("Negotiating party")
        MEDIATOR = "mediator", _("Mediator")
        GUARANTOR = "guarantor", _("Guarantor")
        OBSERVER = "observer", _("Observer")
        PARTICIPANT = "participant", _("Participant")
        ON_BEHALF = "on_behalf", _("Attending on another's behalf")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="delegations")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("party")
    )
    capacity = models.CharField(_("capacity"), max_length=12, choices=Capacity.choices)
    on_behalf_of = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_by",
        verbose_name=_("on behalf of"),
    )
    head = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_headed",
        verbose_name=_("head of delegation"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["round", "capacity", "party__name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(fields=["round", "party"], name="delegation_unique"),
            models.CheckConstraint(
                condition=Q(capacity="on_behalf", on_behalf_of__isnull=False)
                | (~Q(capacity="on_behalf") & Q(on_behalf_of__isnull=True)),
                name="delegation_on_behalf_of_iff_capacity",
                violation_error_message=_(
                    "Name whom the delegation represents exactly when it attends on "
                    "another's behalf."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_capacity_display()})"


class RoundCitation(Citation):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["round", "source"], name="round_citation_unique")
        ]
