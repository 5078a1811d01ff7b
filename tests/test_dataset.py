"""Backup round-trip: export_dataset writes the whole database to one versioned
JSON file; import_dataset loads it into an empty database; export, import and
export again give byte-identical files (the demo data, and generated data with
every model and edge case). Bad files and non-empty databases are refused, and a
refused import stores nothing."""

import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from rounds import dataset
from rounds.demo import load_demo
from rounds.models import Correction, Event, Resolution, Round, RoundStatusChange, Source

from . import factories as f
from .test_admin import post_form

ROUND_TRIP = pytest.mark.django_db(transaction=True)  # import commits, like the command


def export(path) -> bytes:
    call_command("export_dataset", str(path), verbosity=0)
    return path.read_bytes()


def empty_database() -> None:
    """A database with nothing in it but what `migrate` makes (content types,
    permissions); flush drops even the Editors group, which the file brings back."""
    call_command("flush", interactive=False, verbosity=0)


def round_trip(tmp_path) -> tuple[bytes, bytes]:
    first = export(tmp_path / "first.json")
    empty_database()
    call_command("import_dataset", str(tmp_path / "first.json"), verbosity=0)
    return first, export(tmp_path / "second.json")


def generate_every_kind_of_record(client, superuser) -> None:
    """Every model, with the edge cases: fuzzy and uncertain dates, side sessions,
    vetoes, a draft without a symbol, empty and Arabic text, durations, history
    (changes, a deletion, a revert), corrections, status log, users and the admin log."""
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    process = f.ProcessFactory(
        name="Geneva talks", name_ar="محادثات جنيف", start="2016-01~", end="2017?"
    )
    f.ProcessFactory(draft=True, name_ar=None, description="", start="201X")
    source = f.SourceFactory(language="ar", title="جنيف ٤", published_on="2017-02-23")
    person = f.PersonFactory(name="Staffan de Mistura", wikidata_id="Q311164")
    party = f.PartyFactory(name="Syrian government", name_ar="الحكومة السورية")
    behalf = f.PartyFactory(name="Russia", short_name="RU", name_ar=None, kind="state")
    main = f.RoundFactory(
        process=process,
        label="Geneva IV",
        label_ar="جنيف ٤",
        status="announced",
        start="2017-02-20",
        end="2017-03~",
        announced_start="2017-02-08",
        announced_end="2017-02",
    )
    f.RoundFactory(process=process, parent=main, number=None, label="Technical meeting")
    item = f.AgendaItemFactory(process=process, title="Governance", title_ar="الحكم")
    f.AgendaStatusFactory(round=main, item=item, note="قراءة أولى")
    f.DelegationFactory(round=main, party=party, head=person, note="")
    f.DelegationFactory(round=main, on_behalf=True, on_behalf_of=behalf)
    f.RoundEnvoyFactory(round=main, person=person, role="")
    f.RoundCitationFactory(round=main, source=source, quote="انطلقت المحادثات")
    adopted = f.ResolutionFactory(symbol="S/RES/2254 (2015)", number=2254, year=2015)
    adopted.processes.add(process)
    f.RoundResolutionFactory(round=main, resolution=adopted)
    f.ResolutionCitationFactory(resolution=adopted, source=source)
    f.VetoFactory(party=behalf)
    f.MemberVoteFactory(resolution=adopted, vote="abstention")
    f.RoundFactory(process=process, track=f.TrackFactory(process=process), number=1)
    f.ResolutionFactory(
        symbol=None,
        number=None,
        status="failed",
        body="general_assembly",
        votes_for=None,
        votes_against=None,
        abstentions=None,
        adopted_on=None,
        year=None,
    )
    appointment = f.AppointmentFactory(person=person, process=process, end="2018-11~")
    f.AppointmentOrganisationFactory(appointment=appointment)
    f.AppointmentCitationFactory(appointment=appointment, source=source)
    event = f.EventFactory(
        process=process,
        round=main,
        person=person,
        date="2017-06-17",
        duration=timedelta(hours=48),
        place="درعا",
    )
    f.EventCitationFactory(event=event, source=source)
    signature = f.SignatureFactory(document__process=process, document__round=main, party=party)
    f.DocumentCitationFactory(document=signature.document, source=source)
    f.EventFactory(process=process, title="Withdrawn", draft=True).delete()  # history "-"
    # Corrections and the status log, through the admin (history with the editor,
    # the admin log).
    client.force_login(superuser)
    post_form(
        client,
        reverse("admin:rounds_round_change", args=[main.pk]),
        status="postponed",
        correction_reason="أعلن المبعوث التأجيل",
    )
    status = RoundStatusChange.objects.filter(round=main).latest("pk")
    status.source, status.changed_on = source, "2017-02-10"
    status.save()


def test_the_file_is_versioned_sorted_and_keeps_arabic_as_is(db, tmp_path):
    load_demo()

    text = export(tmp_path / "backup.json").decode("utf-8")

    data = json.loads(text)
    assert (data["format"], data["format_version"]) == (dataset.FORMAT, dataset.FORMAT_VERSION)
    latest = MigrationLoader(None).graph.leaf_nodes("rounds")[0][1]
    assert data["migrations"]["rounds"] == latest
    assert "محادثات" in text and "\\u0645" not in text
    assert data["counts"]["rounds.round"] == Round.objects.count()
    labels = [row["model"] for row in data["objects"]]
    assert labels.index("auth.group") < labels.index("rounds.round")
    rounds = [row["pk"] for row in data["objects"] if row["model"] == "rounds.round"]
    assert rounds == sorted(rounds)


@ROUND_TRIP
def test_the_demo_data_round_trips_byte_for_byte(tmp_path):
    load_demo()
    before = Round.objects.count()

    first, second = round_trip(tmp_path)

    assert first == second
    assert Round.objects.count() == before


@ROUND_TRIP
def test_every_model_and_edge_case_round_trips_byte_for_byte(client, tmp_path):
    superuser = User.objects.create_superuser("admin", password="x")
    generate_every_kind_of_record(client, superuser)

    first, second = round_trip(tmp_path)

    assert first == second
    counts = json.loads(first)["counts"]
    missing = {m._meta.label_lower for m in dataset.exported_models()} - set(counts)
    assert not missing  # every table had rows to carry
    main = Round.objects.get(label_en="Geneva IV")
    assert (main.label_ar, main.start, main.status, main.version) == (
        "جنيف ٤",
        "2017-02-20",
        "postponed",
        2,
    )
    assert main.history.latest().history_user.username == "admin"
    assert Correction.objects.get().reason == "أعلن المبعوث التأجيل"
    assert Event.history.filter(history_type="-").exists()
    assert Resolution.objects.get(symbol=None).status == "failed"
    assert User.objects.get(username="editor").groups.get().name == "Editors"
    assert LogEntry.objects.exists()


@ROUND_TRIP
def test_after_an_import_new_records_get_new_ids(client, tmp_path):
    load_demo()
    round_trip(tmp_path)
    highest = Source.objects.order_by("-pk").first().pk

    source = f.SourceFactory()
    round_ = f.RoundFactory()

    assert source.pk > highest
    assert round_.history.get().history_id > 0


# --- Refusals -------------------------------------------------------------------------


def write(tmp_path, data) -> str:
    path = tmp_path / "dataset.json"
    path.write_text(data if isinstance(data, str) else dataset.dumps(data), encoding="utf-8")
    return str(path)


def small_file(**changes) -> dict:
    source = {
        "model": "rounds.source",
        "pk": 7,
        "fields": {
            "publisher": "UN News",
            "title": "",
            "url": "https://news.un.org/7",
            "archived_url": "",
            "language": "en",
            "published_on": None,
            "created_at": "2017-01-01T00:00:00+00:00",
            "updated_at": "2017-01-01T00:00:00+00:00",
        },
    }
    return {
        "format": dataset.FORMAT,
        "format_version": dataset.FORMAT_VERSION,
        "migrations": {},
        "objects": [source],
        **changes,
    }


def test_a_small_file_imports_into_an_empty_database(db, tmp_path):
    call_command("import_dataset", write(tmp_path, small_file()), verbosity=0)

    assert Source.objects.get().pk == 7


def test_a_non_empty_database_is_refused(db, tmp_path):
    f.SourceFactory()

    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("import_dataset", write(tmp_path, small_file()), verbosity=0)

    assert Source.objects.count() == 1


def test_a_file_from_a_newer_tracker_is_refused(db, tmp_path):
    newer = small_file(format_version=dataset.FORMAT_VERSION + 1)

    with pytest.raises(CommandError, match="newer version of the tracker"):
        call_command("import_dataset", write(tmp_path, newer), verbosity=0)

    assert not Source.objects.exists()


def test_a_file_needing_migrations_this_database_lacks_is_refused(db, tmp_path):
    ahead = small_file(migrations={"rounds": "0099_from_the_future"})

    with pytest.raises(CommandError, match="rounds.0099_from_the_future"):
        call_command("import_dataset", write(tmp_path, ahead), verbosity=0)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "Cannot read"),
        (json.dumps({"format": "something else"}), "not a tracker dataset"),
        (json.dumps({"format": dataset.FORMAT, "format_version": "1"}), "format_version"),
        (json.dumps({"format": dataset.FORMAT, "format_version": 1}), "no list of objects"),
    ],
)
def test_malformed_files_are_refused_with_a_reason(db, tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_dataset", write(tmp_path, content), verbosity=0)


def test_a_refused_import_stores_nothing(db, tmp_path):
    dangling = {
        "model": "rounds.roundenvoy",
        "pk": 1,
        "fields": {"round": 404, "person": 404, "role": ""},
    }
    data = small_file()
    data["objects"].append(dangling)

    with pytest.raises(CommandError, match="does not hold|cannot be loaded"):
        call_command("import_dataset", write(tmp_path, data), verbosity=0)

    assert not Source.objects.exists()


def test_an_unknown_model_is_refused(db, tmp_path):
    data = small_file()
    data["objects"].append({"model": "rounds.nothing", "pk": 1, "fields": {}})

    with pytest.raises(CommandError, match="cannot be loaded"):
        call_command("import_dataset", write(tmp_path, data), verbosity=0)

    assert not Source.objects.exists()
