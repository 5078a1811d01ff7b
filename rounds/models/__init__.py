"""The domain model, split by role: shared pieces, actors, the talks themselves,
and the records around them."""

from .actors import Appointment, AppointmentCitation, AppointmentOrganisation, Party, Person
from .base import Citation, Publication, Source, StaleRecord
from .editorial import Correction, RoundStatusChange
from .previews import ImportPreview
from .records import (
    Document,
    Event,
    EventCitation,
    MemberVote,
    Resolution,
    ResolutionCitation,
    Signature,
    Veto,
)
from .talks import (
    AgendaItem,
    AgendaStatus,
    Delegation,
    Process,
    Round,
    RoundCitation,
    RoundEnvoy,
    RoundResolution,
    Track,
)

__all__ = [
    "AgendaItem",
    "AgendaStatus",
    "Appointment",
    "AppointmentCitation",
    "AppointmentOrganisation",
    "Citation",
    "Correction",
    "Delegation",
    "Document",
    "Event",
    "EventCitation",
    "ImportPreview",
    "MemberVote",
    "Party",
    "Person",
    "Process",
    "Publication",
    "Resolution",
    "ResolutionCitation",
    "Round",
    "RoundCitation",
    "RoundEnvoy",
    "RoundResolution",
    "RoundStatusChange",
    "Signature",
    "Source",
    "StaleRecord",
    "Track",
    "Veto",
]
