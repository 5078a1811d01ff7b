"""A process says what its record covers: "recorded up to" (the day its record was
last reviewed) and, when dormant, its real state (suspended, superseded by another
process, ended) instead of "Ongoing", on cards, pages and in the API."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rounds.models import Process
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_active_process_reads_ongoing_with_its_review_date(client):
    process = f.ProcessFactory(name="Astana talks", recorded_up_to=date(2026, 11, 30))

    card = client.get("/").content.decode()
    page = client.get(process.get_absolute_url()).content.decode()

    for html in (card, page):
        assert "Ongoing" in html
        assert 'Recorded up to <time datetime="2026-11-30">30 November 2026</time>' in html


def test_without_a_review_date_the_page_warns_that_later_events_may_be_missing(client):
    process = f.ProcessFactory()

    page = client.get(process.get_absolute_url()).content.decode()

    assert "No review date recorded: later events may be missing." in page


def test_a_suspended_process_says_so_and_offers_no_next_round(client):
    f.ProcessFactory(state=Process.State.SUSPENDED, state_note="No session since June 2022.")

    card = client.get("/").content.decode()

    assert "Suspended" in card and "Ongoing" not in card
    assert "None announced" not in card


def test_a_superseded_process_links_its_successor(client):
    successor = f.ProcessFactory(name="Constitutional Committee")
    process = f.ProcessFactory(state=Process.State.SUPERSEDED, superseded_by=successor)

    page = client.get(process.get_absolute_url()).content.decode()

    assert "Superseded" in page
    assert f'href="{successor.get_absolute_url()}' in page


def test_the_api_shows_state_successor_and_review_date(client):
    successor = f.ProcessFactory(slug="constitutional-committee")
    process = f.ProcessFactory(
        slug="geneva",
        state=Process.State.SUPERSEDED,
        superseded_by=successor,
        recorded_up_to=date(2026, 11, 30),
    )

    body = client.get(f"/api/v1/processes/{process.slug}/").json()

    assert body["state"] == "superseded"
    assert body["superseded_by"] == "constitutional-committee"
    assert body["recorded_up_to"] == "2026-11-30"


def test_the_api_does_not_name_a_draft_successor(client):
    successor = f.ProcessFactory(draft=True, slug="secret-track")
    process = f.ProcessFactory(state=Process.State.SUPERSEDED, superseded_by=successor)

    body = client.get(f"/api/v1/processes/{process.slug}/").json()

    assert body["superseded_by"] is None
    assert "secret-track" not in str(body)


def test_superseded_needs_a_successor_and_only_superseded_has_one():
    other = f.ProcessFactory()
    lone = Process(name="x", slug="x", conflict="Syria", state=Process.State.SUPERSEDED)
    with pytest.raises(ValidationError) as error:
        lone.full_clean()
    assert "superseded_by" in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        f.ProcessFactory(state=Process.State.ACTIVE, superseded_by=other)


def test_the_api_refuses_a_superseded_state_without_a_successor(client, editor):
    client.force_login(editor)
    process = f.ProcessFactory()

    response = client.patch(
        f"/api/v1/processes/{process.slug}/",
        {"state": "superseded", "correction_reason": "The talks moved."},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "superseded_by" in response.json()


@pytest.mark.parametrize("state", [Process.State.SUPERSEDED, Process.State.ENDED])
def test_an_ended_or_superseded_timeline_has_no_today_marker(client, state):
    successor = f.ProcessFactory() if state == Process.State.SUPERSEDED else None
    process = f.ProcessFactory(state=state, superseded_by=successor)
    f.RoundFactory(process=process)

    page = client.get(process.get_absolute_url()).content.decode()

    assert "Jump to today" not in page
    assert 'id="today"' not in page
    # Nor do the links to it (its own tab, the home page's card) point at a marker.
    assert f'href="{process.get_absolute_url()}#today"' not in page
    assert f'href="{process.get_absolute_url()}#today"' not in client.get("/").content.decode()


def test_an_active_timeline_offers_the_today_marker(client):
    process = f.ProcessFactory()
    f.RoundFactory(process=process)

    page = client.get(process.get_absolute_url()).content.decode()

    assert "Jump to today" in page
    assert 'id="today"' in page
