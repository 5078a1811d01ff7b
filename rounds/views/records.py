"""One page per record: a round, a person, a resolution, an event, a document. Each shows only
published records (an editor may preview a draft: see preview.py), and loads what
it shows in a fixed number of queries."""

from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import Coalesce

from .. import timeline, votes
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
    Resolution,
    ResolutionCitation,
    Round,
    RoundCitation,
    RoundEnvoy,
    Veto,
)
from ..search import public_people
from .preview import render_shown, visible_or_preview


def round_detail(request, pk: int):
    # Queries: 1 the round with its process and main round, 2 envoys, 3 delegations
    # (party, head, on behalf of), 4 agenda items, 5 their status in this round,
    # 6 resolutions, 7 side sessions, 8 documents, 9 events, 10 sources.
    round_, preview = visible_or_preview(
        request, Round.objects.select_related("process", "parent"), pk=pk
    )
    here = AgendaStatus.objects.filter(round=round_)
    context = {
        "round": round_,
        "envoys": RoundEnvoy.objects.filter(round=round_).select_related("person"),
        "delegations": Delegation.objects.filter(round=round_).select_related(
            "party", "head", "on_behalf_of"
        ),
        "agenda": AgendaItem.objects.filter(process=round_.process_id).prefetch_related(
            Prefetch("statuses", queryset=here, to_attr="here")
        ),
        "resolutions": Resolution.objects.published().filter(rounds=round_),
        "side_sessions": Round.objects.published().filter(parent=round_).chronological(),
        "documents": Document.objects.published().filter(round=round_),
        "events": Event.objects.published().filter(round=round_),
        "citations": RoundCitation.objects.filter(round=round_).select_related("source"),
    }
    return render_shown(request, "rounds/round.html", context, preview=preview)


# A person's rounds in date order, rounds not yet dated last.
UNDATED_ROUNDS_LAST = Coalesce("round__start_earliest", "round__announced_start_earliest").asc(
    nulls_last=True
)


def person_detail(request, pk: int):
    # Queries: 1 the person (if a published record names them), 2 appointments,
    # 3 their published processes, 4 their organisations, 5 their sources (with the
    # source), 6 rounds convened, 7 delegations headed, 8 events.
    person, preview = visible_or_preview(request, Person, public=public_people(), pk=pk)
    published_rounds = Round.objects.published()
    context = {
        "person": person,
        "appointments": Appointment.objects.published()
        .filter(person=person)
        .prefetch_related(
            Prefetch("processes", queryset=Process.objects.published()),
            Prefetch("organisations", queryset=Party.objects.all()),
            Prefetch("citations", queryset=AppointmentCitation.objects.select_related("source")),
        ),
        "convened": RoundEnvoy.objects.filter(person=person, round__in=published_rounds)
        .select_related("round__process")
        .order_by(UNDATED_ROUNDS_LAST, "round__pk"),
        "headed": Delegation.objects.filter(head=person, round__in=published_rounds)
        .select_related("round__process", "party")
        .order_by(UNDATED_ROUNDS_LAST, "round__pk"),
        "events": Event.objects.published().filter(person=person).select_related("process"),
    }
    return render_shown(request, "rounds/person.html", context, preview=preview)


def resolution_detail(request, pk: int):
    # Queries: 1 the resolution, 2 vetoing members, 3 members' votes, 4 processes,
    # 5 rounds resting on it, 6 sources, 7 events.
    resolution, preview = visible_or_preview(request, Resolution, pk=pk)
    context = {
        "resolution": resolution,
        "member_votes": votes.labelled_members(
            MemberVote.objects.filter(resolution=resolution).select_related("member")
        ),
        "vetoes": Veto.objects.filter(resolution=resolution).select_related("party"),
        "processes": Process.objects.published().filter(resolutions=resolution),
        "rounds": Round.objects.published()
        .filter(resolutions=resolution)
        .select_related("process")
        .chronological(),
        "citations": ResolutionCitation.objects.filter(resolution=resolution).select_related(
            "source"
        ),
        "events": Event.objects.published().filter(resolution=resolution),
    }
    return render_shown(request, "rounds/resolution.html", context, preview=preview)


def event_detail(request, pk: int):
    # Queries: 1 the event with its process, round, resolution and person (and
    # whether the round and resolution are public), 2 sources.
    events = Event.objects.select_related("process", "round", "resolution", "person").annotate(
        round_public=Exists(Round.objects.published().filter(pk=OuterRef("round_id"))),
        resolution_public=Exists(
            Resolution.objects.published().filter(pk=OuterRef("resolution_id"))
        ),
    )
    event, preview = visible_or_preview(request, events, pk=pk)
    context = {
        "event": event,
        "citations": EventCitation.objects.filter(event=event).select_related("source"),
    }
    return render_shown(request, "rounds/event.html", context, preview=preview)


def document_detail(request, pk: int):
    # Queries: 1 the document with its process and round (and whether the round is
    # public), 2 signatories, 3 sources.
    documents = Document.objects.select_related("process", "round").annotate(
        round_public=Exists(Round.objects.published().filter(pk=OuterRef("round_id")))
    )
    document, preview = visible_or_preview(request, timeline.with_signatories(documents), pk=pk)
    context = {
        "document": document,
        "citations": DocumentCitation.objects.filter(document=document).select_related("source"),
    }
    return render_shown(request, "rounds/document.html", context, preview=preview)
