"""The demo dataset: what load_demo() writes, that a second run changes nothing, and
that the seed article's statements can be read back."""

import json
from datetime import date, timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from rounds import votes
from rounds.demo import DATA_FILE, load_demo
from rounds.models import (
    AgendaItem,
    AgendaStatus,
    Appointment,
    Delegation,
    Document,
    Event,
    MemberVote,
    Party,
    Person,
    Process,
    Resolution,
    Round,
    RoundEnvoy,
    Source,
    Track,
    Veto,
)

pytestmark = pytest.mark.django_db

# Wiki mirrors, document-sharing and republishing sites: never cited.
FORBIDDEN_DOMAINS = {
    "askwikinow.com",
    "wikimili.com",
    "vdocuments.net",
    "paperzz.com",
    "visionprepaidmastercard.com",
    "sauress.com",
    "masress.com",
}
# The reference's only sources for S/RES/2235 (2015) are a wiki mirror and a
# document-sharing copy, so it is the one record left without a citation.
# Every resolution cites a source (S/RES/2235 (2015) cites the UN document itself).
UNCITED_RESOLUTIONS: set[str] = set()


def clear_demo_tables() -> None:
    """Empty every table of the rounds app (TRUNCATE on PostgreSQL, DELETE on SQLite)."""
    models = apps.get_app_config("rounds").get_models(include_auto_created=True)
    tables = [model._meta.db_table for model in models]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    )


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """The demo data, loaded and committed once for this module (a load takes a few
    seconds). Each test still runs in its own rolled-back transaction; the tables are
    emptied again afterwards so that other modules start from an empty database."""
    with django_db_blocker.unblock():
        try:
            yield load_demo()
        finally:
            clear_demo_tables()


@pytest.fixture
def empty_database(db):
    """No demo data, whether or not this module's data is loaded. Rolled back with the
    test's transaction."""
    clear_demo_tables()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model of the app, as plain values."""
    models = apps.get_app_config("rounds").get_models(include_auto_created=True)
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in models}


def created(counts, model) -> int:
    return counts[model.__name__]["created"]


def test_load_demo_counts_match_the_reference(counts):
    # Reference tables: 1 (Geneva I .. Vienna: 12 rounds, plus the Sochi congress),
    # 1b (9 CC sessions), 4 (8 Astana rounds) and Astana meetings 9 to 22 (sourced in
    # rounds/demo/SOURCES.md); plus the two planned rounds of Aug/Sept 2017 and the
    # expert meetings side session of Geneva VII; and the sittings of the Large and
    # the Small Body in the first Constitutional Committee session (side sessions).
    rounds_per_process = {p.slug: p.rounds.count() for p in Process.objects.all()}
    assert rounds_per_process == {
        "geneva": 12 + 2 + 1,
        "constitutional-committee": 9 + 2,
        "astana": 8 + 14,
        "sochi-congress": 1,
    }
    assert created(counts, Round) == 33 + 2 + 14
    # Table 3: 15 adopted resolutions; table 3b: 18 vetoed drafts.
    assert Resolution.objects.filter(status="adopted").count() == 15
    assert Resolution.objects.filter(status="vetoed").count() == 18
    # Table 3b's vetoing members: Russia on all 18 drafts, China on 10 of them.
    assert Veto.objects.filter(party__name_en="Russia").count() == 18
    assert Veto.objects.filter(party__name_en="China").count() == 10
    # Table 2: four envoys, each with one appointment.
    assert Appointment.objects.count() == 4
    assert set(Appointment.objects.values_list("person__name_en", flat=True)) == {
        "Kofi Annan",
        "Lakhdar Brahimi",
        "Staffan de Mistura",
        "Geir O. Pedersen",
    }
    # The four envoys and the two Constitutional Committee co-chairs.
    assert Person.objects.count() == 6
    # The four agenda topics, in the order governance, constitution, elections,
    # counter-terrorism.
    assert list(AgendaItem.objects.values_list("order", "title_ar")) == [
        (1, "الحوكمة"),
        (2, "صياغة دستور جديد"),
        (3, "تنظيم انتخابات"),
        (4, "مكافحة الإرهاب"),
    ]
    # IV, V and VI: all four topics; VII, VIII and Vienna: one each.
    assert AgendaStatus.objects.count() == 4 * 3 + 3
    # The seed article's four statements, and four context events of section 5.
    assert Event.objects.filter(date="2017-06-17").count() == 4
    assert Event.objects.count() == 8
    assert Document.objects.count() == 5
    assert Process.objects.published().count() == 4


def test_load_demo_is_idempotent(counts):
    before = snapshot()

    again = load_demo()

    assert {model: c["created"] for model, c in again.items() if c["created"]} == {}
    assert {model: c["updated"] for model, c in again.items() if c["updated"]} == {}
    assert {model: c["unchanged"] for model, c in again.items()} == {
        model: c["created"] for model, c in counts.items()
    }
    assert snapshot() == before


def test_a_changed_value_is_updated_and_nothing_else(counts, tmp_path):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    geneva_vi = next(r for r in data["rounds"] if r["label_en"] == "Geneva VI")
    geneva_vi["outcome_en"] = "Edited outcome."
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    again = load_demo(path)

    assert again["Round"] == {"created": 0, "updated": 1, "unchanged": 32 + 2 + 14}
    assert sum(c["updated"] for c in again.values()) == 1
    assert Round.objects.get(label_en="Geneva VI").outcome_en == "Edited outcome."


def test_invalid_data_is_refused_and_nothing_is_written(empty_database, tmp_path):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    # An impossible date in the last record, so that much is written before it fails.
    data["events"][-1]["date"] = "2025-02-30"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(ValidationError):
        load_demo(path)

    assert Source.objects.count() == 0
    assert Round.objects.count() == 0


def test_load_demo_command_prints_a_summary(empty_database):
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert out.getvalue().startswith("Demo data: ")
    assert " 0 updated, 0 unchanged" in out.getvalue()
    assert len(out.getvalue().strip().splitlines()) == 1
    assert Round.objects.count() == 33 + 2 + 14


def test_if_empty_loads_an_empty_database(empty_database):
    call_command("load_demo", "--if-empty", stdout=StringIO())

    assert Process.objects.count() == 4


def test_if_empty_does_nothing_on_a_non_empty_database(counts):
    Round.objects.filter(label_en="Geneva VI").update(outcome_en="Edited by an editor.")
    before = snapshot()
    out = StringIO()

    call_command("load_demo", "--if-empty", stdout=out)

    assert "not loaded" in out.getvalue()
    assert snapshot() == before


def test_geneva_seven_starts_10_july_with_delegations_arriving_the_day_before(counts):
    geneva_vii = Round.objects.get(process__slug="geneva", label_en="Geneva VII")

    assert geneva_vii.number == 7
    assert geneva_vii.status == Round.Status.CONCLUDED
    assert geneva_vii.start == "2017-07-10"
    assert geneva_vii.start_earliest == date(2017, 7, 10)
    assert geneva_vii.delegations_arrive_on == date(2017, 7, 9)
    assert list(geneva_vii.envoys.values_list("name_ar", flat=True)) == ["ستافان دي ميستورا"]
    announcement = Event.objects.get(round=geneva_vii, kind="announcement")
    assert announcement.date == "2017-06-17"
    assert announcement.person.name_en == "Staffan de Mistura"


def test_geneva_six_lasted_four_days_without_discussing_the_agenda(counts):
    geneva_vi = Round.objects.get(process__slug="geneva", label_en="Geneva VI")

    assert (geneva_vi.start, geneva_vi.end) == ("2017-05-16", "2017-05-19")
    assert (geneva_vi.end_latest - geneva_vi.start_earliest).days + 1 == 4
    assert list(geneva_vi.agenda.values_list("item__order", "status")) == [
        (1, "not_discussed"),
        (2, "not_discussed"),
        (3, "not_discussed"),
        (4, "not_discussed"),
    ]


def test_daraa_halt_lasts_48_hours(counts):
    daraa = Event.objects.get(place_ar="درعا")

    assert daraa.kind == Event.Kind.CEASEFIRE
    assert daraa.date == "2017-06-17"
    assert daraa.duration == timedelta(hours=48)
    assert daraa.place_en == "Daraa"


def test_geneva_seven_rests_on_resolution_2254(counts):
    resolution = Resolution.objects.get(symbol="S/RES/2254 (2015)")

    assert (resolution.number, resolution.year) == (2254, 2015)
    assert resolution.adopted_on == date(2015, 12, 18)
    assert resolution.tally == "15–0–0"
    assert list(resolution.rounds.values_list("label_en", flat=True)) == ["Geneva VII"]
    assert list(resolution.processes.values_list("slug", flat=True)) == ["geneva"]
    assert resolution.events.get().kind == Event.Kind.STATEMENT


def test_expert_meetings_are_a_side_session_of_geneva_seven(counts):
    side = Round.objects.get(label_en="Expert meetings on legal and constitutional issues")

    assert side.parent.label_en == "Geneva VII"
    assert side.process.slug == "geneva"
    assert (side.start, side.end, side.number) == ("", "", None)
    assert Round.objects.main().filter(pk=side.pk).exists() is False


def test_august_and_september_2017_rounds_were_announced_but_not_held(counts):
    planned = Round.objects.filter(process__slug="geneva", status=Round.Status.CANCELLED)

    assert sorted(planned.values_list("announced_start", "start", "number")) == [
        ("2017-08", "", None),
        ("2017-09", "", None),
    ]
    assert Event.objects.get(round__announced_start="2017-08").date == "2017-06-17"


def test_ninth_constitutional_session_is_postponed_with_its_planned_dates(counts):
    ninth = Round.objects.get(process__slug="constitutional-committee", number=9)

    assert ninth.status == Round.Status.POSTPONED
    assert (ninth.announced_start, ninth.announced_end) == ("2022-07-25", "2022-07-29")
    assert (ninth.start, ninth.end) == ("", "")


def test_sochi_lists_no_un_envoy(counts):
    sochi = Round.objects.get(process__slug="sochi-congress")

    assert not sochi.envoys.exists()
    assert "de Mistura" in sochi.summary_en


def test_each_round_event_resolution_and_appointment_cites_a_source(counts):
    assert not Round.objects.filter(citations__isnull=True).exists()
    assert not Event.objects.filter(citations__isnull=True).exists()
    assert not Appointment.objects.filter(citations__isnull=True).exists()
    uncited = Resolution.objects.filter(citations__isnull=True)
    assert set(uncited.values_list("symbol", flat=True)) == UNCITED_RESOLUTIONS


def test_no_source_is_a_mirror(counts):
    hosts = {urlsplit(url).hostname for url in Source.objects.values_list("url", flat=True)}

    mirrored = {h for h in hosts if any(h == d or h.endswith("." + d) for d in FORBIDDEN_DOMAINS)}
    assert mirrored == set()


def test_delegations_and_envoys_follow_the_reference(counts):
    geneva_i = Delegation.objects.filter(round__label_en="Geneva I")
    assert geneva_i.count() == 12
    assert set(geneva_i.values_list("capacity", flat=True)) == {"participant"}
    guarantors = Delegation.objects.filter(round__process__slug="astana", capacity="guarantor")
    assert guarantors.count() == (8 + 14) * 3
    observers = Delegation.objects.filter(capacity="observer")
    assert set(observers.values_list("party__name_en", flat=True)) == {
        "United Nations",
        "United States",
        "Jordan",
    }
    heads = Delegation.objects.filter(head__isnull=False)
    assert sorted(heads.values_list("round__number", "head__name_en")) == [
        (1, "Ahmad Kuzbari"),
        (1, "Hadi al-Bahra"),
        (2, "Ahmad Kuzbari"),
        (2, "Hadi al-Bahra"),
    ]
    assert not RoundEnvoy.objects.filter(round__process__slug__in=["astana", "sochi-congress"])


def test_constitutional_committee_sessions_are_in_the_bodies_the_reference_names(counts):
    tracks = Track.objects.filter(process__slug="constitutional-committee")
    assert list(tracks.values_list("slug", "name_en", "name_ar")) == [
        ("large-body", "Large Body", "الهيئة الموسعة"),
        ("small-body", "Small Body", "الهيئة المصغرة"),
    ]
    # Sessions 2 to 8: the Small Body. The first is both bodies (one side session
    # each); the ninth, never held, names no body.
    sessions = Round.objects.main().filter(process__slug="constitutional-committee")
    assert dict(sessions.values_list("number", "track__slug")) == {
        1: None,
        **{n: "small-body" for n in range(2, 9)},
        9: None,
    }
    first = sessions.get(number=1)
    assert sorted(first.side_sessions.values_list("track__slug", "start", "end")) == [
        ("large-body", "2019-10-30", "2019-11-01"),
        ("small-body", "2019-11-04", "2019-11-08"),
    ]


def test_member_votes_name_the_vetoing_members_and_those_the_reference_lists(counts):
    draft = Resolution.objects.get(status="vetoed", adopted_on=date(2017, 2, 28))
    assert sorted(draft.member_votes.values_list("vote", "member__name_en")) == [
        ("abstention", "Egypt"),
        ("abstention", "Ethiopia"),
        ("abstention", "Kazakhstan"),
        ("against", "Bolivia"),
        ("against", "China"),
        ("against", "Russia"),
    ]
    abstaining = MemberVote.objects.filter(resolution__symbol="S/RES/2642 (2022)")
    assert sorted(abstaining.values_list("member__name_en", "vote")) == [
        ("France", "abstention"),
        ("United Kingdom", "abstention"),
        ("United States", "abstention"),
    ]
    # Every vetoed draft names its vetoing members as voting against.
    assert not Veto.objects.exclude(
        party__in=MemberVote.objects.filter(vote="against").values("member")
    ).exists()
    assert MemberVote.objects.values("resolution").distinct().count() == 18 + 2


def test_demo_member_votes_agree_with_the_tallies_and_vetoes(counts):
    for resolution in Resolution.objects.filter(member_votes__isnull=False).distinct():
        rows = [(row.member, row.vote) for row in resolution.member_votes.all()]
        vetoing = [veto.party for veto in Veto.objects.filter(resolution=resolution)]
        assert votes.vote_errors(resolution, rows, vetoing) == [], str(resolution)
        # The reference names every member against and abstaining: rows and tallies meet.
        assert sum(vote == "against" for _member, vote in rows) == resolution.votes_against
        assert sum(vote == "abstention" for _member, vote in rows) == resolution.abstentions
    assert not Party.objects.filter(
        pk__in=MemberVote.objects.values("member"), name_ar__isnull=True
    ).exists()


def test_member_votes_that_contradict_the_tally_are_refused(empty_database, tmp_path):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    draft = next(r for r in data["resolutions"] if r.get("symbol") == "S/2012/77")
    draft["member_votes"]["abstention"] = ["india"]  # the tally has no abstention
    path = tmp_path / "contradicted.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(ValidationError, match="1 member is recorded as abstaining"):
        load_demo(path)

    assert not MemberVote.objects.exists()
