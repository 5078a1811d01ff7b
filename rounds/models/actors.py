"""Who takes part: people (envoys, mediators, heads of delegation), parties and
organisations, and envoys' appointments."""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import fuzzydates
from ..validators import validate_wikidata_id
from .base import (
    Citation,
    FuzzyDateField,
    FuzzyDatesMixin,
    Publication,
    Publishable,
    PublishableQuerySet,
    TimeStamped,
    any_of,
    bound_fields,
    fuzzy_constraints,
    named_by,
    range_constraint,
)


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People a published record names (a person has no publication state of
        their own: one named by drafts only stays hidden)."""
        from .records import Event
        from .talks import Delegation, RoundEnvoy

        return self.filter(
            any_of(
                named_by(Appointment, "", "person"),
                named_by(RoundEnvoy, "round", "person"),
                named_by(Delegation, "round", "head"),
                named_by(Event, "", "person"),
            )
        )


class PartyQuerySet(models.QuerySet):
    def public(self):
        """Parties a published record names (as for people)."""
        from .records import MemberVote, Signature, Veto
        from .talks import Delegation

        return self.filter(
            any_of(
                named_by(AppointmentOrganisation, "appointment", "organisation"),
                named_by(Delegation, "round", "party"),
                named_by(Delegation, "round", "on_behalf_of"),
                named_by(Veto, "resolution", "party"),
                named_by(MemberVote, "resolution", "member"),
                named_by(Signature, "document", "party"),
            )
        )


class Person(TimeStamped):
    name = models.CharField(_("name"), max_length=200)
    nationality = models.CharField(_("nationality"), max_length=200, blank=True)
    wikidata_id = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        validators=[validate_wikidata_id],
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="person_wikidata_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rounds:person", args=[self.pk])


class Party(TimeStamped):
    """A state, government, opposition body, organisation or group that takes part
    in talks, mediates, guarantees, observes, signs or vetoes."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        GOVERNMENT = "government", _("Government delegation")
        OPPOSITION = "opposition", _("Political opposition")
        ARMED_GROUP = "armed_group", _("Armed group")
        ORGANISATION = "organisation", _("International organisation")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    wikidata_id = models.CharField(
        _("Wikidata ID"), max_length=20, blank=True, validators=[validate_wikidata_id]
    )

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class AppointmentQuerySet(PublishableQuerySet):
    def published(self):
        # Public once published and serving at least one published process.
        served = self.model.processes.through.objects.filter(
            appointment=OuterRef("pk"), process__publication=Publication.PUBLISHED
        )
        return super().published().filter(Exists(served))

    def for_process(self, process):
        return self.filter(processes=process)

    def current(self):
        return self.filter(end="")

    def in_office_between(self, earliest, latest):
        """Appointments whose tenure may overlap [earliest, latest] (fuzzy-aware):
        started (or announced) by `latest`, not ended before `earliest`."""
        return self.filter(
            Q(start_latest__isnull=True, appointed_on__isnull=True)
            | Q(start_earliest__lte=latest)
            | Q(start_earliest__isnull=True, appointed_on__lte=latest),
            Q(end="") | Q(end_latest__gte=earliest),
        )


class Appointment(FuzzyDatesMixin, Publishable):
    """An envoy's or mediator's mandate, for one process or several (an envoy for
    a whole file serves each of its processes)."""

    fuzzy_fields = ("start", "end")
    fuzzy_ranges = (("start", "end"),)

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    processes = models.ManyToManyField(
        "rounds.Process", related_name="appointments", verbose_name=_("processes")
    )
    role = models.CharField(_("role title"), max_length=300)
    acting = models.BooleanField(
        _("acting or interim"),
        default=False,
        help_text=_("Serving in an acting or interim capacity."),
    )
    organisations = models.ManyToManyField(
        Party, through="AppointmentOrganisation", blank=True, verbose_name=_("organisations")
    )
    appointed_on = models.DateField(_("appointment announced on"), null=True, blank=True)
    start = FuzzyDateField(_("took office"))
    start_earliest, start_latest = bound_fields("start", "took office")
    end = FuzzyDateField(_("left office"), help_text=_("Empty while in office."))
    end_earliest, end_latest = bound_fields("end", "left office")
    note = models.TextField(_("note"), blank=True)
    sources = models.ManyToManyField(
        "rounds.Source", through="AppointmentCitation", blank=True, related_name="+"
    )

    objects = AppointmentQuerySet.as_manager()

    reason_required_fields = ("appointed_on", "start", "end", "acting")

    class Meta:
        # Undated appointments last (SQLite would put NULL first).
        ordering = [
            F("appointed_on").asc(nulls_last=True),
            F("start_earliest").asc(nulls_last=True),
            "pk",
        ]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            *fuzzy_constraints("appointment", "start"),
            *fuzzy_constraints("appointment", "end"),
            range_constraint("appointment", "start", "end"),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.role}"

    def correction_process_ids(self) -> list[int]:
        return list(self.processes.values_list("pk", flat=True)) if self.pk else []

    @property
    def tenure(self) -> str:
        start = self.start or (self.appointed_on.isoformat() if self.appointed_on else "")
        return fuzzydates.natural_range(start, self.end) or ""

    def in_office_during(self, earliest, latest) -> bool | None:
        """Whether the term may overlap [earliest, latest]; None when its start is
        unknown (nothing to say then)."""
        began = self.start_earliest or self.appointed_on
        if began is None:
            return None
        return began <= latest and (not self.end or self.end_latest >= earliest)


class AppointmentOrganisation(models.Model):
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        Party, on_delete=models.PROTECT, verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "organisation"], name="appointment_organisation_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class AppointmentCitation(Citation):
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "source"], name="appointment_citation_unique"
            )
        ]
