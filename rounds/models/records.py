"""What the talks rest on and produce, and what happens around them: UN
resolutions (adopted or vetoed), documents, and other dated events."""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from .. import fuzzydates
from ..validators import (
    ANY_SYMBOL,
    DRAFT_SYMBOL,
    EXAMPLES,
    RESOLUTION_SYMBOL,
    symbol_matches,
    validate_pax_id,
    validate_symbol_form,
    validate_ucdp_id,
)
from .actors import Party, Person
from .base import (
    Citation,
    FuzzyDateField,
    FuzzyDatesMixin,
    ProcessChildQuerySet,
    Publishable,
    PublishableQuerySet,
    bound_fields,
    fuzzy_constraints,
)
from .talks import Process, Round

# Members of each body: no vote tally can exceed these.
SEATS = {"security_council": 15, "general_assembly": 193, "human_rights_council": 47}


def undocs_url(symbol: str) -> str:
    """The UN Official Document System's address for a document symbol; it opens
    the document in the UN's languages."""
    return f"https://undocs.org/{symbol}"


class Resolution(Publishable):
    class Body(models.TextChoices):
        SECURITY_COUNCIL = "security_council", _("Security Council")
        GENERAL_ASSEMBLY = "general_assembly", _("General Assembly")
        HUMAN_RIGHTS_COUNCIL = "human_rights_council", _("Human Rights Council")

    class Status(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        VETOED = "vetoed", _("Vetoed draft")
        FAILED = "failed", _("Failed draft")

    SEATS = SEATS

    body = models.CharField(_("body"), max_length=24, choices=Body.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    symbol = models.CharField(
        _("symbol"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_symbol_form],
        help_text=_("UN form: S/RES/2254 (2015) if adopted, S/2011/612 for a draft."),
    )
    number = models.PositiveIntegerField(
        _("number"), null=True, blank=True, help_text=_("Resolution number, if adopted.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    adopted_on = models.DateField(
        _("adopted or voted on"),
        null=True,
        blank=True,
        help_text=_("For a draft that failed: the day of the vote."),
    )
    meeting_number = models.PositiveIntegerField(_("meeting number"), null=True, blank=True)
    subject = models.TextField(_("subject"))
    votes_for = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    vetoed_by = models.ManyToManyField(
        Party, through="Veto", blank=True, related_name="vetoes", verbose_name=_("vetoed by")
    )
    document_url = models.URLField(_("official document"), max_length=500, blank=True)
    processes = models.ManyToManyField(
        Process, blank=True, related_name="resolutions", verbose_name=_("processes")
    )
    sources = models.ManyToManyField(
        "rounds.Source", through="ResolutionCitation", blank=True, related_name="+"
    )

    objects = PublishableQuerySet.as_manager()

    reason_required_fields = ("status", "adopted_on", "votes_for", "votes_against", "abstentions")

    class Meta:
        # Undated records last (SQLite would put NULL first).
        ordering = [F("adopted_on").asc(nulls_last=True), "symbol"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        indexes = [
            # Resolution filters: by body and year, and adoption date ranges.
            models.Index(fields=["body", "year"], name="resolution_body_year"),
            models.Index(fields=["adopted_on"], name="resolution_adopted_on"),
            # The public resolutions list: published, by date, symbol and id.
            models.Index(
                fields=["publication", "adopted_on", "symbol", "id"],
                name="resolution_public_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(symbol__isnull=True) | Q(symbol__regex=ANY_SYMBOL),
                name="resolution_symbol_form",
                violation_error_message=_("The symbol is not in UN form."),
            ),
            *[
                models.CheckConstraint(
                    condition=~Q(body=body)
                    | Q(
                        LessThanOrEqual(
                            Coalesce(F("votes_for"), Value(0))
                            + Coalesce(F("votes_against"), Value(0))
                            + Coalesce(F("abstentions"), Value(0)),
                            seats,
                        )
                    ),
                    name=f"resolution_votes_fit_{body}",
                    violation_error_message=_("More votes than the body has members."),
                )
                for body, seats in SEATS.items()
            ],
            models.CheckConstraint(
                condition=Q(symbol__isnull=True)
                | Q(status="adopted", symbol__regex=RESOLUTION_SYMBOL)
                | (~Q(status="adopted") & Q(symbol__regex=DRAFT_SYMBOL)),
                name="resolution_symbol_fits_status",
                violation_error_message=_(
                    "An adopted resolution has a symbol like S/RES/2254 (2015); a draft "
                    "one like S/2011/612."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted", body="security_council")
                | Q(votes_for__isnull=True)
                | Q(votes_for__gte=9),
                name="resolution_sc_adoption_needs_nine",
                violation_error_message=_(
                    "A Security Council resolution needs at least 9 votes in favour."
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.symbol:
            return self.symbol
        when = self.adopted_on.isoformat() if self.adopted_on else _("undated")
        return f"{self.get_status_display()} ({self.get_body_display()}, {when})"

    def get_absolute_url(self) -> str:
        return reverse("rounds:resolution", args=[self.pk])

    def correction_process_ids(self) -> list[int]:
        return list(self.processes.values_list("pk", flat=True)) if self.pk else []

    @property
    def vote_text(self) -> str:
        """'14 in favour, 0 against, 1 abstention', with each language's plurals."""
        if self.votes_for is None:
            return ""
        yes, no = self.votes_for, self.votes_against or 0
        abstain = self.abstentions or 0
        parts = [
            ngettext("%(n)d in favour", "%(n)d in favour", yes) % {"n": yes},
            ngettext("%(n)d against", "%(n)d against", no) % {"n": no},
            ngettext("%(n)d abstention", "%(n)d abstentions", abstain) % {"n": abstain},
        ]
        return f"{pgettext('punctuation', ',')} ".join(parts)

    @property
    def official_url(self) -> str:
        """The UN's own text: the stored link, else the Official Document System
        address derived from the symbol (undocs.org/S/RES/2254(2015))."""
        if self.document_url:
            return self.document_url
        return undocs_url(self.symbol.replace(" (", "(")) if self.symbol else ""

    @property
    def vote_record_url(self) -> str:
        """The verbatim record of the Security Council meeting that voted (S/PV.<n>)."""
        if self.body != self.Body.SECURITY_COUNCIL or not self.meeting_number:
            return ""
        return undocs_url(f"S/PV.{self.meeting_number}")

    @property
    def tally(self) -> str:
        votes = (self.votes_for, self.votes_against, self.abstentions)
        return "" if None in votes else "–".join(str(v) for v in votes)

    def clean(self):
        super().clean()
        errors = {}
        if self.symbol and re.match(ANY_SYMBOL, self.symbol.strip()):
            self.symbol = self.symbol.strip()
            kind = "resolution" if self.status == self.Status.ADOPTED else "draft"
            if self.body and self.status and not symbol_matches(self.symbol, self.body, kind):
                errors["symbol"] = _(
                    "For a %(kind)s of the %(body)s the symbol looks like %(example)s."
                ) % {
                    "kind": _("resolution") if kind == "resolution" else _("draft"),
                    "body": self.get_body_display(),
                    "example": EXAMPLES[(self.body, kind)],
                }
            else:
                errors.update(self._clean_number_and_year())
        seats = self.SEATS.get(self.body)
        total = sum(v or 0 for v in (self.votes_for, self.votes_against, self.abstentions))
        if seats and total > seats:
            errors["votes_for"] = _(
                "%(total)s votes recorded, but the %(body)s has %(seats)s members."
            ) % {"total": total, "body": self.get_body_display(), "seats": seats}
        elif (
            self.body == self.Body.SECURITY_COUNCIL
            and self.status == self.Status.ADOPTED
            and self.votes_for is not None
            and self.votes_for < 9
        ):
            errors["votes_for"] = _("Adoption by the Security Council needs 9 votes in favour.")
        if errors:
            raise ValidationError(errors)

    def _clean_number_and_year(self) -> dict:
        """Fill number and year from an adopted resolution's symbol, or check them."""
        match = re.fullmatch(r"S/RES/(\d+) \((\d{4})\)", self.symbol)
        if not match or self.status != self.Status.ADOPTED:
            return {}
        number, year = int(match[1]), int(match[2])
        errors = {}
        if self.number is None:
            self.number = number
        elif self.number != number:
            errors["number"] = _("The symbol says number %(n)s.") % {"n": number}
        if self.year is None:
            self.year = year
        elif self.year != year:
            errors["year"] = _("The symbol says year %(y)s.") % {"y": year}
        return errors


class Veto(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("vetoing member")
    )

    class Meta:
        verbose_name = _("veto")
        verbose_name_plural = _("vetoes")
        constraints = [models.UniqueConstraint(fields=["resolution", "party"], name="veto_unique")]

    def __str__(self) -> str:
        return str(self.party)


class MemberVote(models.Model):
    """How one member voted on a decision, where the record says so. The rows may be
    partial (often only the members against and abstaining are named); they must
    agree with the tallies and vetoes (see rounds/votes.py)."""

    class Vote(models.TextChoices):
        IN_FAVOUR = "in_favour", _("In favour")
        AGAINST = "against", _("Against")
        ABSTENTION = "abstention", _("Abstention")
        NOT_PARTICIPATING = "not_participating", _("Not participating")

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="member_votes"
    )
    member = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("member state")
    )
    vote = models.CharField(_("vote"), max_length=17, choices=Vote.choices)

    class Meta:
        ordering = ["resolution", "vote", "member__name"]
        verbose_name = _("member's vote")
        verbose_name_plural = _("members' votes")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "member"],
                name="member_vote_unique",
                violation_error_message=_("This member's vote is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(vote__in=["in_favour", "against", "abstention", "not_participating"]),
                name="member_vote_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_vote_display()}"

    def clean(self):
        if self.member_id and self.member.kind != Party.Kind.STATE:
            raise ValidationError(
                {
                    "member": _("Only member states vote: %(party)s is not a state.")
                    % {"party": self.member}
                }
            )


class ResolutionCitation(Citation):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "source"], name="resolution_citation_unique"
            )
        ]


class Document(FuzzyDatesMixin, Publishable):
    """What a process or round produced or rests on: communiqués, agreements..."""

    class Kind(models.TextChoices):
        COMMUNIQUE = "communique", _("Communiqué")
        AGREEMENT = "agreement", _("Agreement")
        MEMORANDUM = "memorandum", _("Memorandum")
        STATEMENT = "statement", _("Statement")
        ENVOY_PAPER = "envoy_paper", _("Envoy's paper")
        TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
        DECLARATION = "declaration", _("Declaration")
        CEASEFIRE = "ceasefire", _("Ceasefire agreement")
        OTHER = "other", _("Other")

    fuzzy_fields = ("date",)

    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="documents", verbose_name=_("process")
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("round"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    date = FuzzyDateField(_("date"))
    date_earliest, date_latest = bound_fields("date", "date")
    signatories = models.ManyToManyField(
        Party, through="Signature", blank=True, related_name="+", verbose_name=_("signatories")
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    sources = models.ManyToManyField(
        "rounds.Source", through="DocumentCitation", blank=True, related_name="+"
    )
    pax_id = models.CharField(
        _("PA-X agreement ID"), max_length=10, blank=True, validators=[validate_pax_id]
    )
    ucdp_id = models.CharField(
        _("UCDP agreement ID"), max_length=10, blank=True, validators=[validate_ucdp_id]
    )

    objects = ProcessChildQuerySet.as_manager()

    reason_required_fields = ("date",)

    class Meta:
        ordering = [F("date_earliest").asc(nulls_last=True), "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [*fuzzy_constraints("document", "date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rounds:document", args=[self.pk])

    @property
    def dates(self) -> str:
        return fuzzydates.natural(self.date)

    @property
    def pax_url(self) -> str:
        """The agreement in the PA-X Peace Agreements Database (University of
        Edinburgh). UCDP has no stable page per agreement, so its id is shown alone."""
        return f"https://www.peaceagreements.org/view/{self.pax_id}" if self.pax_id else ""

    def clean(self):
        super().clean()
        if self.round_id and self.round.process_id != self.process_id:
            raise ValidationError({"round": _("This round belongs to another process.")})


class DocumentCitation(Citation):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["document", "source"], name="document_citation_unique")
        ]


class Signature(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("signatory")
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(fields=["document", "party"], name="signature_unique")
        ]

    def __str__(self) -> str:
        return str(self.party)


class EventQuerySet(ProcessChildQuerySet):
    def published_by_date(self):
        """published() for the public events list: the process test as
        `process_id IN (published processes)` rather than a join, so that the list
        is read in the order of event_public_date, 50 rows at a time, instead of
        sorting every published event. Not for a round's, person's or resolution's
        events: their own foreign-key index serves those better."""
        return PublishableQuerySet.published(self).filter(
            process__in=Process.objects.published().values("pk")
        )

    def between(self, after, before):
        """Events that may have happened within [after, before]."""
        return self.filter(date_latest__gte=after, date_earliest__lte=before)


class Event(FuzzyDatesMixin, Publishable):
    """Any other dated fact on a process's timeline."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement")
        CEASEFIRE = "ceasefire", _("Ceasefire or truce")
        STATEMENT = "statement", _("Statement")
        POSTPONEMENT = "postponement", _("Postponement")
        MILITARY = "military", _("Military development")
        HUMANITARIAN = "humanitarian", _("Humanitarian development")
        OTHER = "other", _("Other")

    fuzzy_fields = ("date",)

    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="events", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    date = FuzzyDateField(_("date"), blank=False)
    date_earliest, date_latest = bound_fields("date", "date")
    duration = models.DurationField(
        _("duration"), null=True, blank=True, help_text=_("e.g. 48:00:00 for a 48-hour truce")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("round"),
    )
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("resolution"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("person"),
    )
    sources = models.ManyToManyField(
        "rounds.Source", through="EventCitation", blank=True, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    reason_required_fields = ("date", "duration")

    class Meta:
        ordering = [F("date_earliest").asc(nulls_last=True), "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *fuzzy_constraints("event", "date"),
            models.CheckConstraint(condition=~Q(date=""), name="event_date_required"),
            models.CheckConstraint(
                condition=Q(duration__isnull=True) | Q(duration__gt=timedelta(0)),
                name="event_duration_positive",
            ),
        ]
        indexes = [
            # Timeline and event filters: a process's events in date order.
            models.Index(fields=["process", "date_earliest"], name="event_process_date"),
            models.Index(fields=["date_latest"], name="event_date_latest"),
            models.Index(fields=["kind", "date_earliest"], name="event_kind_date"),
            # A round's, a person's and a resolution's events in date order (their
            # pages): without these SQLite reads event_public_date instead, since
            # most events have no round, person or resolution.
            models.Index(fields=["round", "date_earliest"], name="event_round_date"),
            models.Index(fields=["person", "date_earliest"], name="event_person_date"),
            models.Index(fields=["resolution", "date_earliest"], name="event_resolution_date"),
            # The public events list (and its cursor): published, by date then id.
            models.Index(fields=["publication", "date_earliest", "id"], name="event_public_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("rounds:event", args=[self.pk])

    @property
    def dates(self) -> str:
        return fuzzydates.natural(self.date)

    def clean(self):
        super().clean()
        if self.round_id and self.round.process_id != self.process_id:
            raise ValidationError({"round": _("This round belongs to another process.")})


class EventCitation(Citation):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["event", "source"], name="event_citation_unique")
        ]
