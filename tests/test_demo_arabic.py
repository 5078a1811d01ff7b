"""The demo record is complete for readers of both languages: every published demo
record has Arabic for each reader-facing text it has in English, and cites at least
one source; and the record reaches its latest sourced facts."""

import pytest

from rounds.demo import load_demo
from rounds.models import (
    AgendaItem,
    AgendaStatus,
    Appointment,
    Delegation,
    Document,
    Event,
    Party,
    Person,
    Process,
    Resolution,
    Round,
    Track,
)

pytestmark = pytest.mark.django_db

# Reader-facing text of each model (django-modeltranslation fields).
READER_TEXT = {
    Process: ("name", "conflict", "convener", "description", "state_note"),
    Round: ("label", "city", "venue", "summary", "outcome"),
    Resolution: ("subject",),
    Event: ("title", "description", "place"),
    Document: ("title", "summary"),
    Appointment: ("role", "note"),
    Party: ("name", "short_name"),
    Person: ("name", "nationality"),
    AgendaItem: ("title", "description"),
    AgendaStatus: ("note",),
    Delegation: ("note",),
    Track: ("name",),
}
PUBLISHABLE = (Round, Resolution, Event, Document, Appointment)


@pytest.fixture
def demo():
    load_demo()


def missing_arabic(model, fields) -> list[str]:
    rows = model.objects.all()
    if hasattr(model, "publication"):
        rows = rows.published()
    return [
        f"{model.__name__} {row.pk} ({row}): {field}"
        for row in rows
        for field in fields
        if getattr(row, f"{field}_en", None) and not getattr(row, f"{field}_ar", None)
    ]


def test_every_published_demo_record_has_arabic_for_its_reader_facing_text(demo):
    missing = [
        line for model, fields in READER_TEXT.items() for line in missing_arabic(model, fields)
    ]

    assert missing == []


def test_every_published_demo_record_cites_a_source(demo):
    uncited = [
        f"{model.__name__}: {row}"
        for model in PUBLISHABLE
        for row in model.objects.published().exclude(citations__isnull=False)
    ]

    assert uncited == []


def test_the_record_reaches_the_latest_sourced_meetings(demo):
    astana = Process.objects.get(slug="astana")
    numbers = set(Round.objects.filter(process=astana).values_list("number", flat=True))

    assert numbers >= set(range(1, 23))  # every Astana meeting up to the 22nd (November 2024)
    assert Round.objects.get(process=astana, number=22).start == "2024-11-11"
    assert all(p.recorded_up_to for p in Process.objects.published())


def test_dormant_processes_say_so(demo):
    states = dict(Process.objects.values_list("slug", "state"))

    assert states["constitutional-committee"] == Process.State.SUSPENDED
    assert states["geneva"] == Process.State.SUPERSEDED
    assert Process.objects.get(slug="geneva").superseded_by.slug == "constitutional-committee"
    assert states["sochi-congress"] == Process.State.ENDED


def test_the_demo_resolutions_use_the_uns_arabic_names(demo):
    resolution = Resolution.objects.get(symbol="S/RES/2254 (2015)")

    assert resolution.subject_ar
    assert "قرار مجلس الأمن 2254 (2015)" in Process.objects.get(slug="geneva").description_ar
