"""The demo record is complete for readers of both languages: every published demo
record has Arabic for each reader-facing text it has in English, and cites at least
one source; Arabic sources carry their Arabic title and every envoy's role reads in
Arabic; and the record reaches its latest sourced facts."""

import json
import re

import pytest

from rounds.demo import load_demo
from rounds.demo.loader import DATA_FILE
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


ARABIC_LETTERS = re.compile(r"[\u0621-\u064A]")

# Arabic sources whose original title is not in /work/shared/reference/ and could not
# be confirmed elsewhere: left untitled rather than guessed. The Elaph wire report
# differs in wording from the seed article, so the seed's headline is not its title.
TITLE_NOT_FOUND = {"elaph-1153731", "sputnik-arabic-1023851908", "albawabh-3380537"}


def demo_rows(kind: str) -> list[dict]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))[kind]


def test_every_arabic_source_carries_its_arabic_title():
    arabic = [row for row in demo_rows("sources") if row.get("language") == "ar"]
    untitled = {row["key"] for row in arabic if not ARABIC_LETTERS.search(row.get("title", ""))}

    assert arabic, "the demo cites Arabic sources"
    # A new Arabic source needs its title; a title found for a listed one shrinks the list.
    assert untitled == TITLE_NOT_FOUND


def test_every_appointment_role_reads_in_arabic(demo):
    roles = list(Appointment.objects.values_list("role_en", "role_ar"))

    assert roles
    assert [en for en, ar in roles if not (ar and ARABIC_LETTERS.search(ar))] == []


def test_the_un_envoy_role_uses_the_uns_arabic_title(demo):
    roles = set(
        Appointment.objects.filter(role_en="United Nations Special Envoy for Syria").values_list(
            "role_ar", flat=True
        )
    )

    assert roles == {"المبعوث الخاص للأمين العام إلى سوريا"}


def test_the_arabic_geneva_header_says_superseded_once(demo, client):
    body = client.get("/ar/processes/geneva/").content.decode()
    header = body[body.index('class="page-header"') : body.index('class="tabs"')]

    assert header.count("حلّ محله") == 1
    assert "اللجنة الدستورية" in header


def test_the_arabic_timeline_labels_appointments_in_arabic(demo, client):
    body = client.get("/ar/processes/geneva/").content.decode()

    assert "ترك المنصب" in body
    assert "Left office" not in body and "Appointed" not in body
