"""factory_boy factories, one per model.

Records are published by default; add `draft=True` for a draft. Fuzzy dates are
EDTF strings: the model's save() fills their `_earliest`/`_latest` columns.
Translated fields are set through their base name, which writes the English column.
"""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from rounds import models


def cite(record, create, extracted, **kwargs):
    """`cited=True` (or a number) gives the record that many new sources: what
    publishing it in the admin, the API or an import asks for."""
    if create and extracted:
        for _ in range(int(extracted)):
            record.citations.create(source=SourceFactory())


class PublishedFactory(DjangoModelFactory):
    class Meta:
        abstract = True
        # `cited` adds rows after the record is saved: no second save (it would
        # move the record's version on).
        skip_postgeneration_save = True

    publication = models.Publication.PUBLISHED

    class Params:
        draft = factory.Trait(publication=models.Publication.DRAFT)


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Source

    publisher = "UN News"
    title = factory.Sequence(lambda n: f"Report {n}")
    url = factory.Sequence(lambda n: f"https://news.un.org/en/story/{n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Envoy {n}")
    nationality = "Swedish"


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = models.Party

    name = factory.Sequence(lambda n: f"Party {n}")
    kind = models.Party.Kind.GOVERNMENT


class ProcessFactory(PublishedFactory):
    class Meta:
        model = models.Process

    name = factory.Sequence(lambda n: f"Geneva talks {n}")
    slug = factory.Sequence(lambda n: f"geneva-{n}")
    conflict = "Syria"
    start = "2016-01"


class AppointmentFactory(PublishedFactory):
    class Meta:
        model = models.Appointment
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    role = "UN Special Envoy"
    start = "2014-07-10"
    cited = factory.PostGeneration(cite)

    @factory.post_generation
    def processes(self, create, extracted, **kwargs):
        if create and extracted:
            self.processes.add(*extracted)

    @factory.post_generation
    def process(self, create, extracted, **kwargs):
        """`process=` names the one process served; `processes=[...]` several;
        without either, a new process."""
        if not create:
            return
        if extracted is not None:
            self.processes.add(extracted)
        elif not self.processes.exists():
            self.processes.add(ProcessFactory(**kwargs))


class AppointmentOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = models.AppointmentOrganisation

    appointment = factory.SubFactory(AppointmentFactory)
    organisation = factory.SubFactory(PartyFactory, kind=models.Party.Kind.ORGANISATION)


class AppointmentCitationFactory(DjangoModelFactory):
    class Meta:
        model = models.AppointmentCitation

    appointment = factory.SubFactory(AppointmentFactory)
    source = factory.SubFactory(SourceFactory)


class TrackFactory(DjangoModelFactory):
    class Meta:
        model = models.Track

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")
    order = factory.Sequence(lambda n: n)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = models.AgendaItem

    process = factory.SubFactory(ProcessFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Basket {n}")


class RoundFactory(PublishedFactory):
    class Meta:
        model = models.Round

    process = factory.SubFactory(ProcessFactory)
    number = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda r: f"Geneva {r.number}")
    status = models.Round.Status.CONCLUDED
    format = models.Round.Format.INDIRECT
    city = "Geneva"
    start = "2017-07-10"
    end = "2017-07-14"

    cited = factory.PostGeneration(cite)

    class Params:
        side_session = factory.Trait(
            parent=factory.SubFactory(
                f"{__name__}.RoundFactory", process=factory.SelfAttribute("..process")
            ),
            number=None,
            label="Technical meeting",
        )


class RoundEnvoyFactory(DjangoModelFactory):
    class Meta:
        model = models.RoundEnvoy

    round = factory.SubFactory(RoundFactory)
    person = factory.SubFactory(PersonFactory)
    role = "Convener"


class RoundCitationFactory(DjangoModelFactory):
    class Meta:
        model = models.RoundCitation

    round = factory.SubFactory(RoundFactory)
    source = factory.SubFactory(SourceFactory)


class AgendaStatusFactory(DjangoModelFactory):
    class Meta:
        model = models.AgendaStatus

    round = factory.SubFactory(RoundFactory)
    item = factory.SubFactory(AgendaItemFactory, process=factory.SelfAttribute("..round.process"))
    status = models.AgendaStatus.Status.DISCUSSED


class DelegationFactory(DjangoModelFactory):
    class Meta:
        model = models.Delegation

    round = factory.SubFactory(RoundFactory)
    party = factory.SubFactory(PartyFactory)
    capacity = models.Delegation.Capacity.NEGOTIATING

    class Params:
        on_behalf = factory.Trait(
            capacity=models.Delegation.Capacity.ON_BEHALF,
            on_behalf_of=factory.SubFactory(PartyFactory),
        )


class ResolutionFactory(PublishedFactory):
    """An adopted Security Council resolution, S/RES/<n> (<year>), 15-0-0."""

    class Meta:
        model = models.Resolution

    body = models.Resolution.Body.SECURITY_COUNCIL
    status = models.Resolution.Status.ADOPTED
    adopted_on = date(2015, 12, 18)
    number = factory.Sequence(lambda n: 3000 + n)
    year = factory.LazyAttribute(lambda r: r.adopted_on.year if r.adopted_on else None)
    symbol = factory.LazyAttribute(lambda r: f"S/RES/{r.number} ({r.year})")
    subject = "The situation in the Middle East"
    votes_for = 15
    votes_against = 0
    abstentions = 0

    cited = factory.PostGeneration(cite)

    class Params:
        # A draft resolution the Council voted down with a veto: S/<year>/<n>.
        vetoed = factory.Trait(
            status=models.Resolution.Status.VETOED,
            number=None,
            symbol=factory.LazyAttributeSequence(lambda r, n: f"S/{r.year}/{n + 1}"),
            votes_for=11,
            votes_against=2,
            abstentions=2,
        )


class RoundResolutionFactory(DjangoModelFactory):
    class Meta:
        model = models.RoundResolution

    round = factory.SubFactory(RoundFactory)
    resolution = factory.SubFactory(ResolutionFactory)


class VetoFactory(DjangoModelFactory):
    class Meta:
        model = models.Veto

    resolution = factory.SubFactory(ResolutionFactory, vetoed=True)
    party = factory.SubFactory(PartyFactory, kind=models.Party.Kind.STATE)


class MemberVoteFactory(DjangoModelFactory):
    class Meta:
        model = models.MemberVote

    resolution = factory.SubFactory(ResolutionFactory)
    member = factory.SubFactory(PartyFactory, kind=models.Party.Kind.STATE)
    vote = models.MemberVote.Vote.IN_FAVOUR


class ResolutionCitationFactory(DjangoModelFactory):
    class Meta:
        model = models.ResolutionCitation

    resolution = factory.SubFactory(ResolutionFactory)
    source = factory.SubFactory(SourceFactory)


class DocumentFactory(PublishedFactory):
    class Meta:
        model = models.Document

    process = factory.SubFactory(ProcessFactory)
    kind = models.Document.Kind.COMMUNIQUE
    title = factory.Sequence(lambda n: f"Final communiqué {n}")
    date = "2017-07-14"
    cited = factory.PostGeneration(cite)


class DocumentCitationFactory(DjangoModelFactory):
    class Meta:
        model = models.DocumentCitation

    document = factory.SubFactory(DocumentFactory)
    source = factory.SubFactory(SourceFactory)


class SignatureFactory(DjangoModelFactory):
    class Meta:
        model = models.Signature

    document = factory.SubFactory(DocumentFactory, kind=models.Document.Kind.AGREEMENT)
    party = factory.SubFactory(PartyFactory)


class EventFactory(PublishedFactory):
    class Meta:
        model = models.Event

    process = factory.SubFactory(ProcessFactory)
    kind = models.Event.Kind.ANNOUNCEMENT
    title = factory.Sequence(lambda n: f"Envoy announces talks {n}")
    date = "2017-06-20"
    cited = factory.PostGeneration(cite)


class EventCitationFactory(DjangoModelFactory):
    class Meta:
        model = models.EventCitation

    event = factory.SubFactory(EventFactory)
    source = factory.SubFactory(SourceFactory)


class RoundStatusChangeFactory(DjangoModelFactory):
    """A step of a round's status log (rounds write their own as they change)."""

    class Meta:
        model = models.RoundStatusChange

    round = factory.SubFactory(RoundFactory)
    status = models.Round.Status.POSTPONED
    start = "2017-07-10"
    end = "2017-07-14"
    changed_on = date(2017, 7, 5)


class CorrectionFactory(DjangoModelFactory):
    """An entry of the corrections log about a round (saving a changed published
    record writes real ones)."""

    class Meta:
        model = models.Correction
        skip_postgeneration_save = True

    record = factory.SubFactory(RoundFactory)
    label = factory.LazyAttribute(lambda c: str(c.record))
    fields = factory.LazyFunction(lambda: ["start"])
    changes = factory.LazyFunction(lambda: {"start": ["2017-07-10", "2017-07-11"]})
    reason = "The envoy moved the opening by a day."

    @factory.post_generation
    def processes(self, create, extracted, **kwargs):
        if create:
            self.processes.set(extracted or [self.record.process])


# People, parties and sources are public only while a published record names them.


class PublicPersonFactory(PersonFactory):
    """A person the public may see: the envoy of a published appointment."""

    class Meta:
        skip_postgeneration_save = True

    appointment = factory.RelatedFactory(AppointmentFactory, factory_related_name="person")


class PublicPartyFactory(PartyFactory):
    """A party the public may see: a delegation to a published round."""

    class Meta:
        skip_postgeneration_save = True

    delegation = factory.RelatedFactory(DelegationFactory, factory_related_name="party")


class PublicSourceFactory(SourceFactory):
    """A source the public may see: cited by a published event."""

    class Meta:
        skip_postgeneration_save = True

    citation = factory.RelatedFactory(EventCitationFactory, factory_related_name="source")
