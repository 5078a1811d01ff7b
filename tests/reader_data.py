"""Records for the reader-page tests: a process with everything its pages show."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from rounds import models

from . import factories as f


@dataclass
class Talks:
    process: models.Process
    rounds: list[models.Round] = field(default_factory=list)
    items: list[models.AgendaItem] = field(default_factory=list)
    envoy: models.Person | None = None
    resolution: models.Resolution | None = None
    events: list[models.Event] = field(default_factory=list)

    @property
    def round(self) -> models.Round:
        return self.rounds[0]


def make_talks(size: int = 1, **process_fields) -> Talks:
    """A published process with `size` concluded rounds (one a year from 2016), each
    with an envoy, two delegations, statuses for two agenda items, a citation, a
    side session, a document and an event; one resolution; one appointment."""
    process = f.ProcessFactory(**process_fields)
    talks = Talks(process=process)
    talks.envoy = f.PersonFactory(name="Staffan de Mistura", name_ar="ستافان دي ميستورا")
    f.AppointmentFactory(person=talks.envoy, process=process, start="2014-07-10", end="2018-12")
    talks.resolution = f.ResolutionFactory(adopted_on=date(2015, 12, 18))
    talks.resolution.processes.add(process)
    talks.items = [f.AgendaItemFactory(process=process, order=n) for n in (1, 2)]
    for n in range(size):
        year = 2016 + n
        round_ = f.RoundFactory(
            process=process,
            label=f"Geneva {n + 1}",
            start=f"{year}-07-10",
            end=f"{year}-07-14",
            venue="Palais des Nations",
        )
        f.RoundEnvoyFactory(round=round_, person=talks.envoy)
        head = f.PersonFactory(name=f"Head {n}")
        f.DelegationFactory(round=round_, head=head)
        f.DelegationFactory(round=round_, on_behalf=True)
        f.AgendaStatusFactory(round=round_, item=talks.items[0], status="progress")
        f.AgendaStatusFactory(round=round_, item=talks.items[1], status="not_discussed")
        f.RoundResolutionFactory(round=round_, resolution=talks.resolution)
        f.RoundCitationFactory(round=round_, source__archived_url="https://archive.org/x")
        f.RoundFactory(
            side_session=True, parent=round_, process=process, start=f"{year}-07-11", end=""
        )
        f.DocumentFactory(process=process, round=round_, date=f"{year}-07-14")
        event = f.EventFactory(process=process, round=round_, date=f"{year}-06-20")
        f.EventCitationFactory(event=event)
        talks.rounds.append(round_)
        talks.events.append(event)
    return talks


def days_from_today(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()
