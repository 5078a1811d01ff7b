"""The merged process timeline shared by the API and the reader pages."""

import datetime

import pytest

from rounds import timeline

from . import factories as f

pytestmark = pytest.mark.django_db


def make_process_with_everything(process=None):
    process = process or f.ProcessFactory()
    f.RoundFactory(process=process, label="Geneva VII", start="2017-07-10", end="2017-07-14")
    f.EventFactory(process=process, title="Envoy announces round", date="2017-06-16")
    resolution = f.ResolutionFactory(adopted_on=datetime.date(2015, 12, 18))
    resolution.processes.add(process)
    f.AppointmentFactory(process=process, start="2014-07-10", end="2018-12")
    return process


def test_timeline_merges_the_four_kinds_in_date_order():
    process = make_process_with_everything()
    entries = timeline.build(process)
    assert [e.kind for e in entries] == ["appointment", "resolution", "event", "round"]
    assert entries[-1].dates == "10–14 July 2017"
    assert [year for year, _ in timeline.by_year(entries)] == [2014, 2015, 2017]


def test_timeline_leaves_out_drafts_and_other_processes():
    process = make_process_with_everything()
    f.RoundFactory(process=process, draft=True, start="2017-08", end="")
    f.EventFactory(process=process, draft=True)
    make_process_with_everything()  # another process
    assert len(timeline.build(process)) == 4
    assert len(timeline.build(process, drafts=True)) == 6


def test_postponed_round_without_dates_sits_at_its_announced_dates():
    process = f.ProcessFactory()
    f.RoundFactory(
        process=process,
        status="postponed",
        start="",
        end="",
        announced_start="2022-07-25",
        announced_end="2022-07-29",
    )
    (entry,) = timeline.build(process)
    assert entry.earliest == datetime.date(2022, 7, 25)
    assert entry.dates == "25–29 July 2022 (postponed)"


def test_timeline_costs_five_queries_whatever_its_length(django_assert_num_queries):
    process = make_process_with_everything()
    # rounds, events, resolutions, appointments (with their person joined), documents
    # (their signatories are a sixth query when there are documents: see
    # test_documents_timeline.py)
    with django_assert_num_queries(5):
        timeline.build(process)
    for _ in range(10):
        make_process_with_everything(process)
    with django_assert_num_queries(5):
        assert len(timeline.build(process)) == 44
