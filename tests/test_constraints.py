"""Integrity rules: each one refused by full_clean() on the right field, and again by
the database when validation is bypassed; protected deletes; published querysets."""

from contextlib import contextmanager
from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from rounds import fuzzydates
from rounds.models import (
    AgendaItem,
    AgendaStatus,
    Delegation,
    Event,
    Party,
    Person,
    Process,
    Resolution,
    Round,
    RoundCitation,
    RoundEnvoy,
    RoundResolution,
    Source,
)

from . import factories as f

pytestmark = pytest.mark.django_db


def errors_of(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


@contextmanager
def refused_by_database(*names: str):
    """The write fails in the database itself, naming the rule. PostgreSQL names the
    constraint; SQLite names CHECK constraints, and UNIQUE ones by their columns."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    assert not names or any(name in str(caught.value) for name in names), caught.value


def force(record, **values) -> None:
    """Write values straight to the row: no save(), no validation."""
    type(record).objects.filter(pk=record.pk).update(**values)


def fuzzy_columns(name: str, text: str) -> dict:
    value = fuzzydates.parse(text)
    return {name: text, f"{name}_earliest": value.earliest, f"{name}_latest": value.latest}


# The factories themselves make valid records, so every refusal below is the rule's.

FACTORIES = sorted(
    name
    for name, value in vars(f).items()
    if name.endswith("Factory") and getattr(value, "_meta", None) and value._meta.model
)


@pytest.mark.parametrize("name", FACTORIES)
def test_factory_makes_a_record_that_passes_full_clean(name):
    record = getattr(f, name)()

    record.full_clean()


# Fuzzy dates: an end before its start, and unparsable text

RANGES = [
    pytest.param(f.RoundFactory, "start", "end", "2017-07-10", "2017-07-09", id="round"),
    pytest.param(
        f.RoundFactory, "announced_start", "announced_end", "2017-06", "2017-05", id="announced"
    ),
    pytest.param(f.ProcessFactory, "start", "end", "2016-01", "2015", id="process"),
    pytest.param(f.AppointmentFactory, "start", "end", "2014-07-10", "2014-06", id="appointment"),
]


@pytest.mark.parametrize("factory, start, end, start_text, end_text", RANGES)
def test_end_before_start_is_rejected(factory, start, end, start_text, end_text):
    record = factory(**{start: start_text})
    setattr(record, end, end_text)

    assert errors_of(record)[end] == [f"The end ({end_text}) is before the start ({start_text})."]


@pytest.mark.parametrize("factory, start, end, start_text, end_text", RANGES)
def test_end_before_start_is_refused_by_the_database(factory, start, end, start_text, end_text):
    record = factory(**{start: start_text})

    with refused_by_database(f"_{end}_not_before_{start}"):
        force(record, **fuzzy_columns(end, end_text))


def test_end_that_may_overlap_the_start_is_accepted():
    # "July 2017" may end on the 10th or later: not before a start of 10 July.
    record = f.RoundFactory(start="2017-07-10", end="2017-07")

    record.full_clean()


def test_end_before_start_is_reported_once_on_the_end_field():
    record = f.RoundFactory(start="2017-07-10")
    record.end = "2017-07-09"

    assert list(errors_of(record)) == ["end"]


@pytest.mark.parametrize(
    "factory, field",
    [
        (f.RoundFactory, "start"),
        (f.RoundFactory, "announced_end"),
        (f.ProcessFactory, "end"),
        (f.AppointmentFactory, "start"),
        (f.EventFactory, "date"),
        (f.DocumentFactory, "date"),
    ],
)
def test_unparsable_fuzzy_date_is_rejected_on_its_field(factory, field):
    record = factory()
    setattr(record, field, "10/07/2017")

    assert "“10/07/2017” is not a date in EDTF form" in errors_of(record)[field][0]


def test_unparsable_fuzzy_date_is_reported_once():
    record = f.RoundFactory()
    record.start = "2017-13"

    assert len(errors_of(record)["start"]) == 1


def test_saving_an_unparsable_fuzzy_date_is_refused():
    record = f.RoundFactory.build(process=f.ProcessFactory(), start="garbage")

    with pytest.raises(ValidationError):
        record.save()
    assert not Round.objects.exists()


def test_save_fills_and_clears_the_bounds_of_fuzzy_dates():
    record = f.RoundFactory(start="2017-07", end="")
    assert (record.start_earliest, record.start_latest) == (date(2017, 7, 1), date(2017, 7, 31))
    assert (record.end_earliest, record.end_latest) == (None, None)

    record.start = ""
    record.save()
    record.refresh_from_db()
    assert (record.start_earliest, record.start_latest) == (None, None)


def test_fuzzy_date_without_its_bounds_is_refused_by_the_database():
    record = f.EventFactory.build(process=f.ProcessFactory(), date="2017-07")  # not saved

    with refused_by_database("event_date_bounds_filled"):
        Event.objects.bulk_create([record])


def test_fuzzy_date_bounds_out_of_order_are_refused_by_the_database():
    record = f.ProcessFactory()

    with refused_by_database("process_start_bounds_ordered"):
        force(record, start_earliest=date(2016, 2, 1), start_latest=date(2016, 1, 1))


# Round numbers


def test_duplicate_round_number_in_a_process_is_rejected():
    existing = f.RoundFactory(number=7)
    record = f.RoundFactory.build(process=existing.process, number=7)

    # The message names the clashing round, so the editor can find it (issue 13).
    [message] = errors_of(record)[NON_FIELD_ERRORS]
    assert message.startswith(
        f"This process already has a round with this number: “{existing.label}” ("
    )
    assert message.endswith("Choose another number or edit that round.")


def test_duplicate_round_number_in_a_process_is_refused_by_the_database():
    existing = f.RoundFactory(number=7)
    record = f.RoundFactory(process=existing.process, number=8)

    with refused_by_database(
        "round_number_unique_in_process", "rounds_round.process_id, rounds_round.number"
    ):
        force(record, number=7)


def test_same_round_number_in_another_process_is_accepted():
    f.RoundFactory(number=7)
    record = f.RoundFactory.build(process=f.ProcessFactory(), number=7)

    record.full_clean()
    record.save()


def test_several_unnumbered_rounds_in_a_process_are_accepted():
    first = f.RoundFactory(number=None)
    second = f.RoundFactory.build(process=first.process, number=None)

    second.full_clean()
    second.save()
    assert first.process.rounds.filter(number__isnull=True).count() == 2


# Side sessions


def test_side_session_of_a_round_of_another_process_is_rejected():
    record = f.RoundFactory.build(process=f.ProcessFactory(), parent=f.RoundFactory())

    assert errors_of(record)["parent"] == ["A side session belongs to a round of the same process."]


def test_side_session_of_a_side_session_is_rejected():
    side = f.RoundFactory(side_session=True)
    record = f.RoundFactory.build(process=side.process, parent=side, number=None)

    assert "parent" in errors_of(record)


def test_round_that_is_its_own_side_session_is_rejected():
    record = f.RoundFactory()
    record.parent = record

    assert errors_of(record)["parent"] == ["A round cannot be its own side session."]


def test_round_that_is_its_own_side_session_is_refused_by_the_database():
    record = f.RoundFactory()

    with refused_by_database("round_not_its_own_parent"):
        force(record, parent=record)


def test_side_session_saved_without_a_process_joins_its_parents():
    parent = f.RoundFactory()

    side = Round.objects.create(parent=parent, label="Technical meeting")

    assert side.process == parent.process


def test_side_session_without_a_process_passes_full_clean():
    record = Round(parent=f.RoundFactory(), label="Technical meeting")

    record.full_clean()


# Resolutions: symbol form and kind, number and year, vote tallies


@pytest.mark.parametrize("symbol", ["S/RES/12", "S/RES/2254(2015)", "RES/2254", "S/RES/0 (2015)"])
def test_malformed_resolution_symbol_is_rejected(symbol):
    record = f.ResolutionFactory.build(symbol=symbol, number=None, year=None)

    assert f"“{symbol}” is not a UN document symbol" in errors_of(record)["symbol"][0]


def test_malformed_resolution_symbol_is_refused_by_the_database():
    record = f.ResolutionFactory()

    # Both symbol constraints refuse it; which one the database names first varies.
    with refused_by_database("resolution_symbol_form", "resolution_symbol_fits_status"):
        force(record, symbol="S/RES/12")


WRONG_KIND = [
    pytest.param({"status": "vetoed"}, "S/RES/2254 (2015)", id="resolution-symbol-for-veto"),
    pytest.param({"status": "adopted"}, "S/2016/846", id="draft-symbol-for-adoption"),
    pytest.param({"body": "general_assembly"}, "S/RES/2254 (2015)", id="sc-symbol-for-ga"),
    pytest.param({"body": "human_rights_council"}, "A/RES/66/253", id="ga-symbol-for-hrc"),
]


@pytest.mark.parametrize("kind, symbol", WRONG_KIND)
def test_resolution_symbol_of_the_wrong_kind_is_rejected(kind, symbol):
    record = f.ResolutionFactory.build(symbol=symbol, number=None, year=None, **kind)

    assert "the symbol looks like" in errors_of(record)["symbol"][0]


def test_resolution_symbol_of_the_wrong_kind_is_refused_by_the_database():
    record = f.ResolutionFactory(vetoed=True)

    with refused_by_database():
        force(record, symbol="S/RES/9999 (2016)")


@pytest.mark.parametrize(
    "number, year, field", [(2253, 2015, "number"), (2254, 2016, "year")], ids=["number", "year"]
)
def test_resolution_number_or_year_unlike_its_symbol_is_rejected(number, year, field):
    record = f.ResolutionFactory.build(symbol="S/RES/2254 (2015)", number=number, year=year)

    assert list(errors_of(record)) == [field]


def test_adopted_resolution_takes_number_and_year_from_its_symbol():
    record = f.ResolutionFactory.build(symbol="S/RES/2254 (2015)", number=None, year=None)

    record.full_clean()

    assert (record.number, record.year) == (2254, 2015)


TALLIES = [
    pytest.param("security_council", "S/RES/2254 (2015)", (10, 3, 3), id="security-council-16"),
    pytest.param("general_assembly", "A/RES/66/253", (133, 12, 49), id="general-assembly-194"),
    pytest.param(
        "human_rights_council", "A/HRC/RES/19/22", (41, 3, 4), id="human-rights-council-48"
    ),
]


@pytest.mark.parametrize("body, symbol, votes", TALLIES)
def test_vote_tally_over_the_body_membership_is_rejected(body, symbol, votes):
    record = f.ResolutionFactory.build(body=body, symbol=symbol, number=None, year=None)
    record.votes_for, record.votes_against, record.abstentions = votes

    assert "votes recorded, but the" in errors_of(record)["votes_for"][0]


@pytest.mark.parametrize("body, symbol, votes", TALLIES)
def test_vote_tally_over_the_body_membership_is_refused_by_the_database(body, symbol, votes):
    record = f.ResolutionFactory(body=body, symbol=symbol, number=None, year=None)

    with refused_by_database(f"resolution_votes_fit_{body}"):
        force(record, votes_for=votes[0], votes_against=votes[1], abstentions=votes[2])


@pytest.mark.parametrize(
    "body, symbol, votes",
    [
        ("security_council", "S/RES/2254 (2015)", (15, 0, 0)),
        ("general_assembly", "A/RES/66/253", (193, 0, 0)),
    ],
)
def test_vote_tally_of_the_full_membership_is_accepted(body, symbol, votes):
    record = f.ResolutionFactory.build(body=body, symbol=symbol, number=None, year=None)
    record.votes_for, record.votes_against, record.abstentions = votes

    record.full_clean()
    record.save()


def test_security_council_adoption_with_fewer_than_nine_votes_is_rejected():
    record = f.ResolutionFactory.build(votes_for=8, votes_against=0, abstentions=7)

    assert errors_of(record)["votes_for"] == [
        "Adoption by the Security Council needs 9 votes in favour."
    ]


def test_security_council_adoption_with_fewer_than_nine_votes_is_refused_by_the_database():
    record = f.ResolutionFactory()

    with refused_by_database("resolution_sc_adoption_needs_nine"):
        force(record, votes_for=8)


def test_vetoed_draft_with_fewer_than_nine_votes_is_accepted():
    record = f.ResolutionFactory.build(vetoed=True, votes_for=7, votes_against=4, abstentions=4)

    record.full_clean()
    record.save()


# Delegations, events, agenda statuses, records tied to a round


def test_delegation_on_behalf_without_on_behalf_of_is_rejected():
    record = f.DelegationFactory.build(round=f.RoundFactory(), party=f.PartyFactory())
    record.capacity = Delegation.Capacity.ON_BEHALF

    assert errors_of(record)[NON_FIELD_ERRORS] == [
        "Name whom the delegation represents exactly when it attends on another's behalf."
    ]


def test_delegation_naming_on_behalf_of_without_that_capacity_is_rejected():
    record = f.DelegationFactory.build(round=f.RoundFactory(), party=f.PartyFactory())
    record.on_behalf_of = f.PartyFactory()

    assert NON_FIELD_ERRORS in errors_of(record)


def test_delegation_on_behalf_without_on_behalf_of_is_refused_by_the_database():
    record = f.DelegationFactory(on_behalf=True)

    with refused_by_database("delegation_on_behalf_of_iff_capacity"):
        force(record, on_behalf_of=None)


def test_event_without_a_date_is_rejected():
    record = f.EventFactory()
    record.date = ""

    assert errors_of(record)["date"] == ["This field cannot be blank."]


def test_event_without_a_date_is_refused_by_the_database():
    record = f.EventFactory()

    with refused_by_database("event_date_required"):
        force(record, date="", date_earliest=None, date_latest=None)


def test_agenda_status_for_an_item_of_another_process_is_rejected():
    record = f.AgendaStatusFactory.build(round=f.RoundFactory(), item=f.AgendaItemFactory())

    assert errors_of(record)["item"] == ["This agenda item belongs to another process."]


@pytest.mark.parametrize("factory", [f.DocumentFactory, f.EventFactory])
def test_record_tied_to_a_round_of_another_process_is_rejected(factory):
    record = factory.build(process=f.ProcessFactory(), round=f.RoundFactory())

    assert errors_of(record)["round"] == ["This round belongs to another process."]


# Deleting what others refer to


def assert_delete_refused(record) -> None:
    with pytest.raises(ProtectedError):
        record.delete()
    assert type(record).objects.filter(pk=record.pk).exists()


def test_deleting_a_resolution_cited_by_a_round_is_refused():
    assert_delete_refused(f.RoundResolutionFactory().resolution)


def test_deleting_a_person_with_appointments_is_refused():
    assert_delete_refused(f.AppointmentFactory().person)


def test_deleting_a_person_who_convened_a_round_is_refused():
    assert_delete_refused(f.RoundEnvoyFactory().person)


def test_deleting_a_party_that_vetoed_a_resolution_is_refused():
    assert_delete_refused(f.VetoFactory().party)


def test_deleting_a_source_cited_by_a_round_is_refused():
    assert_delete_refused(f.RoundCitationFactory().source)


def test_deleting_a_process_with_rounds_is_refused():
    assert_delete_refused(f.RoundFactory().process)


def test_deleting_an_agenda_item_with_statuses_is_refused():
    assert_delete_refused(f.AgendaStatusFactory().item)


def test_deleting_a_round_with_side_sessions_is_refused():
    assert_delete_refused(f.RoundFactory(side_session=True).parent)


def test_deleting_a_round_removes_its_own_parts_only():
    status = f.AgendaStatusFactory()
    round_ = status.round
    delegation = f.DelegationFactory(round=round_, head=f.PersonFactory())
    citation = f.RoundCitationFactory(round=round_)
    envoy = f.RoundEnvoyFactory(round=round_)
    mandate = f.RoundResolutionFactory(round=round_)

    round_.delete()

    assert not AgendaStatus.objects.exists()
    assert not Delegation.objects.exists()
    assert not RoundCitation.objects.exists()
    assert not RoundEnvoy.objects.exists()
    assert not RoundResolution.objects.exists()
    assert Process.objects.filter(pk=round_.process_id).exists()
    assert AgendaItem.objects.filter(pk=status.item_id).exists()
    assert Party.objects.filter(pk=delegation.party_id).exists()
    assert Person.objects.filter(pk__in=[delegation.head_id, envoy.person_id]).count() == 2
    assert Source.objects.filter(pk=citation.source_id).exists()
    assert Resolution.objects.filter(pk=mandate.resolution_id).exists()


def test_deleting_a_side_session_keeps_its_main_round():
    side = f.RoundFactory(side_session=True)

    side.delete()

    assert Round.objects.filter(pk=side.parent_id).exists()


# What the public may see

PUBLISHABLE = [
    f.ProcessFactory,
    f.RoundFactory,
    f.AppointmentFactory,
    f.ResolutionFactory,
    f.DocumentFactory,
    f.EventFactory,
]
PROCESS_CHILDREN = [f.RoundFactory, f.AppointmentFactory, f.DocumentFactory, f.EventFactory]


@pytest.mark.parametrize("factory", PUBLISHABLE, ids=lambda factory: factory._meta.model.__name__)
def test_drafts_never_appear_in_published(factory):
    published, draft = factory(), factory(draft=True)
    objects = factory._meta.model.objects

    assert list(objects.published()) == [published]
    assert list(objects.drafts()) == [draft]


@pytest.mark.parametrize(
    "factory", PROCESS_CHILDREN, ids=lambda factory: factory._meta.model.__name__
)
def test_published_record_of_a_draft_process_is_not_published(factory):
    visible = factory()
    factory(process=f.ProcessFactory(draft=True))

    assert list(factory._meta.model.objects.published()) == [visible]


def test_published_round_of_a_draft_process_is_not_published():
    record = f.RoundFactory(process=f.ProcessFactory(draft=True))

    assert record.is_published
    assert not Round.objects.published().filter(pk=record.pk).exists()
