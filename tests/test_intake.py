"""Story intake (rounds/desk/intake/): a news story in, proposed draft records out.

The fixture stories of tests/intake_stories/ (written for these tests, in Arabic
and English, with Levantine and Maghrebi month names, relative dates, spelling
variants and words run together) measure precision and recall; the seed story
of ../shared/reference/ must yield its records. Nothing is stored until an
editor confirms, and a confirm over a record changed meanwhile is refused."""

import json
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from rounds.desk.intake import StoryRefused, propose
from rounds.desk.intake.confirm import ConfirmRefused, confirm
from rounds.models import Event, Publication, Resolution, Round, RoundCitation, Source

from . import factories as f
from .intake_stories.expected import SEED, STORIES

pytestmark = pytest.mark.django_db

STORIES_DIR = Path(__file__).parent / "intake_stories"
REPO = Path(__file__).resolve().parents[1]
# CI puts shared/ beside the clone; a helper's work tree sits one level further down.
SEED_CANDIDATES = [
    base / "shared" / "reference" / "seed-article-ar.txt"
    for base in (REPO.parent, REPO.parent.parent)
]
SEED_PATH = next((path for path in SEED_CANDIDATES if path.exists()), SEED_CANDIDATES[0])
SOURCE = {
    "publisher": "AFP",
    "title": "De Mistura: seventh Geneva round on 10 July",
    "url": "https://example.org/afp/2017-06-18-geneva",
    "language": "ar",
    "published_on": date(2017, 6, 18),
}


def seed_text() -> str:
    if not SEED_PATH.exists():
        pytest.fail(
            f"The seed story is missing: expected {SEED_PATH} (CI puts a copy of shared/ "
            "beside the clone)."
        )
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture
def geneva(db):
    """Rounds IV to VI (VI announced, no dates yet), the envoy, two resolutions,
    the four agenda items and three parties (the HNC's delegation at V)."""
    process = f.ProcessFactory(slug="geneva", name_en="Geneva talks", name_ar="محادثات جنيف")
    envoy = f.PersonFactory(name_en="Staffan de Mistura", name_ar="ستافان دي ميستورا")
    f.AppointmentFactory(person=envoy, process=process)
    for number, label, start, end in [
        (4, "Geneva IV", "2017-02-23", "2017-03-03"),
        (5, "Geneva V", "2017-03-23", "2017-03-31"),
    ]:
        fifth = f.RoundFactory(
            process=process, number=number, label_en=label, status="concluded",
            start=start, end=end, city_en="Geneva", city_ar="جنيف",
        )  # fmt: skip
    f.PartyFactory(name_en="Government of Syria", name_ar="الحكومة السورية", kind="government")
    hnc = f.PartyFactory(
        name_en="High Negotiations Committee", name_ar="الهيئة العليا للمفاوضات",
        short_name_en="HNC", kind="opposition",
    )  # fmt: skip
    f.PartyFactory(
        name_en="Syrian Negotiation Commission", name_ar="هيئة التفاوض السورية",
        short_name_en="SNC", kind="opposition",
    )  # fmt: skip
    f.DelegationFactory(round=fifth, party=hnc)
    f.RoundFactory(
        process=process, number=6, label_en="Geneva VI", label_ar="جنيف 6", status="announced",
        start="", end="", city_en="Geneva",
    )  # fmt: skip
    f.ResolutionFactory(
        symbol="S/RES/2254 (2015)", number=2254, year=2015, body="security_council",
        status="adopted", adopted_on=date(2015, 12, 18),
    )  # fmt: skip
    f.ResolutionFactory(
        symbol="S/RES/2118 (2013)", number=2118, year=2013, body="security_council",
        status="adopted", adopted_on=date(2013, 9, 27),
    )  # fmt: skip
    for order, en, ar in [
        (1, "Governance", "الحوكمة"),
        (2, "Drafting a new constitution", "صياغة دستور جديد"),
        (3, "Holding elections", "تنظيم انتخابات"),
        (4, "Counter-terrorism", "مكافحة الإرهاب"),
    ]:
        f.AgendaItemFactory(process=process, order=order, title_en=en, title_ar=ar)
    return process


# --- Measuring ------------------------------------------------------------------


def round_key(values: dict, record: dict | None) -> str:
    if record:
        found = Round.objects.get(pk=record["id"])
        number, parent = found.number, found.parent
        month = (found.announced_start or found.start)[:7]
    else:
        number = values.get("number")
        parent = values.get("parent")
        month = (values.get("announced_start") or "")[:7]
    if number:
        return f"round {number}"
    if parent:
        parent_number = parent.number if hasattr(parent, "number") else parent.get("name", "")
        if isinstance(parent_number, str) and parent_number.startswith("round "):
            return f"side {parent_number.split()[-1]}"
        if isinstance(parent, dict) and parent.get("id"):
            parent_number = Round.objects.get(pk=parent["id"]).number
        return f"side {parent_number}"
    return f"planned {month}"


def facts_of(result) -> set[tuple]:
    """The proposals as (record, field, value) facts, comparable with expected.py."""
    facts = set()
    keys = {}  # round proposal id -> its key
    for p in result.as_json()["proposals"]:
        values = p["values"]
        if p["kind"] == "round":
            key = keys[p["id"]] = round_key(values, p["record"])
            for name, value in values.items():
                if name == "parent":
                    facts.add((key, "parent", "round " + key.split()[-1]))
                elif name not in ("label_en", "label_ar", "number", "city_ar"):
                    facts.add((key, name, str(value)))
            facts |= {(key, "envoy", e["name"]) for e in p["envoys"]}
            facts |= {(key, "resolution", r["name"]) for r in p["resolutions"]}
            facts |= {(key, f"agenda {a['item']['name']}", a["status"]) for a in p["agenda"]}
        elif p["kind"] == "event":
            day = values.get("date") or Event.objects.get(pk=p["record"]["id"]).date
            key = f"ceasefire {day}"
            if values.get("place_en"):
                facts.add((key, "place_en", values["place_en"]))
            if values.get("duration"):
                hours = int(_duration(values["duration"]).total_seconds() // 3600)
                facts.add((key, "hours", str(hours)))
        elif p["kind"] == "delegation":
            target = values["round"]
            key = keys.get(target.get("proposal")) or round_key({}, {"id": target.get("id")})
            facts.add((key, "delegation", values["party"]["name"]))
            if values.get("head"):
                facts.add((key, "delegation head", values["head"]["name"]))
        elif p["kind"] == "count":
            facts.add(("count", "count", str(values["count"])))
        elif p["kind"] == "resolution":
            facts.add(("resolution", "named", p["resolutions"][0]["name"]))
    return facts


def _duration(text: str) -> timedelta:
    from django.utils.dateparse import parse_duration

    return parse_duration(text)


def score(found: set, expected: set) -> tuple[int, int, int]:
    return len(found & expected), len(found), len(expected)


def test_precision_and_recall_on_the_fixture_stories(geneva, capsys):
    totals = [0, 0, 0]
    lines = []
    for name, story in STORIES.items():
        text = (STORIES_DIR / name).read_text(encoding="utf-8")
        result = propose(text, date.fromisoformat(story["published_on"]), geneva)
        found = facts_of(result)
        right, proposed, expected = score(found, story["facts"])
        totals = [t + n for t, n in zip(totals, (right, proposed, expected), strict=True)]
        lines.append(
            f"  {name:28} {right:2}/{proposed:2} proposed right, {right:2}/{expected:2} found"
            + "".join(f"\n      missed {fact}" for fact in sorted(story["facts"] - found))
            + "".join(f"\n      extra  {fact}" for fact in sorted(found - story["facts"]))
        )
    precision, recall = totals[0] / totals[1], totals[0] / totals[2]
    with capsys.disabled():
        print("\nIntake on tests/intake_stories/:")
        print("\n".join(lines))
        print(f"  precision {precision:.2f}, recall {recall:.2f} ({totals[0]} facts right)")
    assert precision >= 0.85
    assert recall >= 0.8


def test_the_seed_story_yields_its_records(geneva, capsys):
    result = propose(seed_text(), date(2017, 6, 18), geneva)
    found = facts_of(result)
    right, proposed, expected = score(found, SEED["facts"])
    with capsys.disabled():
        print(f"\nSeed story: precision {right / proposed:.2f}, recall {right / expected:.2f}")
        for fact in sorted(SEED["facts"] - found):
            print("  missed", fact)
        for fact in sorted(found - SEED["facts"]):
            print("  extra ", fact)
    assert right / expected >= 0.9
    assert right / proposed >= 0.85
    assert ("round 7", "start", "2017-07-10") in found
    assert ("planned 2017-08", "status", "planned") in found
    assert ("planned 2017-09", "status", "planned") in found
    assert ("round 7", "resolution", "S/RES/2254 (2015)") in found


def test_every_proposal_quotes_the_sentence_it_came_from(geneva):
    text = seed_text()
    result = propose(text, date(2017, 6, 18), geneva)
    for proposal in result.proposals:
        for part in proposal.quote.split(" … "):
            assert part and part in text.replace("\n", " ") or part in text


def test_people_are_found_by_any_spelling(geneva):
    for spelling in ("ستيفان دي مستورا", "ستافان دي ميستورا", "Stefan de Mistoura", "DE MISTURA"):
        result = propose(f"{spelling} said talks would resume.", date(2017, 6, 18), geneva)
        assert [p["name"] for p in result.people] == ["Staffan de Mistura"], spelling


def test_a_lake_is_not_a_person(geneva):
    f.PersonFactory(name_en="Hadi al-Bahra", name_ar="هادي البحرة")
    result = propose("على ضفاف بحيرة جنيف", date(2017, 6, 18), geneva)
    assert result.people == []


# --- Matches become updates, never duplicates ------------------------------------


def test_a_known_round_is_proposed_as_an_update_with_a_diff(geneva):
    result = propose("The sixth round ended on May 19.", date(2017, 5, 20), geneva)
    (proposal,) = result.proposals
    assert proposal.action == "update"
    assert proposal.record["label"] == "Geneva VI"
    assert proposal.diff == {"status": ["announced", "concluded"], "end": ["", "2017-05-19"]}


def test_a_story_older_than_the_record_does_not_move_it_back(geneva):
    result = propose("The fifth round will start on March 23.", date(2017, 3, 1), geneva)
    (proposal,) = result.proposals
    assert proposal.diff == {"announced_start": ["", "2017-03-23"]}  # news, but no step back
    assert "concluded" in proposal.notes[0]


def test_the_demo_data_gets_no_duplicates_from_the_seed():
    from rounds.demo.loader import load_demo
    from rounds.models import Process

    load_demo()
    result = propose(seed_text(), date(2017, 6, 18), Process.objects.get(slug="geneva"))
    actions = {p.action for p in result.proposals}
    assert "create" not in actions, [p.summary for p in result.proposals]


# --- Bad input --------------------------------------------------------------------


def test_a_story_with_no_facts_says_nothing_found_and_what_was_looked_for(geneva):
    result = propose("Markets rallied on Tuesday as oil prices rose.", date(2017, 6, 18), geneva)
    assert result.proposals == []
    assert "Nothing found" in result.nothing_found
    assert "resolutions" in result.nothing_found


@pytest.mark.parametrize(
    "text, reason",
    [("", "empty"), ("x" * 1_000_001, "characters long"), ("round 7\x00 starts", "NUL")],
)
def test_hostile_text_is_refused(geneva, text, reason):
    with pytest.raises(StoryRefused, match=reason):
        propose(text, date(2017, 6, 18), geneva)


def test_markup_and_mixed_scripts_are_inert(geneva):
    text = (
        "<script>alert(1)</script> The seventh\u202e round <b>will start</b> on July 10. "
        "الجولة\u200fالسابعة ستبدأ في 10 تموز. ١٠ 𝕏 🙂"
    )
    result = propose(text, date(2017, 6, 18), geneva)
    (proposal,) = result.proposals
    assert proposal.values["start"] == "2017-07-10"
    assert "<script>" not in json.dumps(result.as_json())
    assert Round.objects.count() == 3  # nothing stored


# --- Confirm -----------------------------------------------------------------------


def test_confirm_creates_drafts_citing_the_story_in_one_go(geneva, editor):
    result = propose(seed_text(), date(2017, 6, 18), geneva)
    proposals = result.as_json()["proposals"]
    chosen = [p["id"] for p in proposals if p["action"] != "note"]
    with pytest.raises(ConfirmRefused, match="say why you changed status"):
        confirm(proposals, chosen, process=geneva, source=SOURCE, user=editor)
    assert not Round.objects.filter(number=7).exists()  # all or nothing
    reason = "The sixth round ended on 19 May."
    stored = confirm(proposals, chosen, process=geneva, source=SOURCE, user=editor, reason=reason)
    source = Source.objects.get(url=SOURCE["url"])
    created = [s.record for s in stored if s.action == "created"]
    assert {r.publication for r in created} == {Publication.DRAFT}
    seventh = Round.objects.get(process=geneva, number=7)
    assert seventh.start == "2017-07-10"
    assert seventh.delegations_arrive_on == date(2017, 7, 9)
    assert list(seventh.resolutions.values_list("symbol", flat=True)) == ["S/RES/2254 (2015)"]
    citation = RoundCitation.objects.get(round=seventh, source=source)
    assert "الجولة السابعة" in citation.quote
    first = seventh.status_log.get()
    assert (first.changed_on, first.source) == (date(2017, 6, 18), source)
    assert Round.objects.get(process=geneva, announced_start="2017-08").publication == "draft"
    side = Round.objects.get(parent=seventh)
    assert side.label_en == "Expert meetings alongside Geneva VII"
    truce = Event.objects.get(kind="ceasefire")
    assert (truce.date, truce.duration, truce.place_en) == (
        "2017-06-17",
        timedelta(hours=48),
        "Daraa",
    )
    assert truce.citations.get().source == source


def test_confirm_refuses_a_record_changed_since_the_proposal(geneva, editor):
    result = propose("The sixth round ended on May 19.", date(2017, 5, 20), geneva)
    proposals = result.as_json()["proposals"]
    sixth = Round.objects.get(number=6)
    sixth.city_en = "Lausanne"
    sixth.save()
    with pytest.raises(ConfirmRefused, match="Lausanne"):
        confirm(proposals, ["p1"], process=geneva, source=SOURCE, user=editor)
    sixth.refresh_from_db()
    assert sixth.status == "announced"
    assert not Source.objects.filter(url=SOURCE["url"]).exists()  # all or nothing


def test_confirm_of_an_unknown_resolution_creates_a_draft(geneva, editor):
    result = propose("Security Council resolution 2401 was cited.", date(2018, 3, 1), geneva)
    proposals = result.as_json()["proposals"]
    (proposal,) = proposals
    assert proposal["action"] == "create"
    confirm(proposals, [proposal["id"]], process=geneva, source=SOURCE, user=editor)
    resolution = Resolution.objects.get(number=2401)
    assert resolution.publication == "draft"
    assert list(resolution.processes.all()) == [geneva]


# --- API and command ----------------------------------------------------------------


def test_api_returns_proposals_and_stores_nothing(
    client, editor, geneva, django_assert_max_num_queries
):
    client.force_login(editor)
    body = {
        "text": seed_text(),
        "published_on": "2017-06-18",
        "language": "ar",
        "process": "geneva",
    }
    before = Round.objects.count()
    with django_assert_max_num_queries(20):
        response = client.post(reverse("api:intake"), body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["stored"] is False
    kinds = {p["kind"] for p in data["proposals"]}
    assert {"round", "event", "count"} <= kinds
    seventh = next(p for p in data["proposals"] if p["values"].get("number") == 7)
    assert seventh["action"] == "create"
    assert seventh["resolutions"][0]["name"] == "S/RES/2254 (2015)"
    assert seventh["envoys"][0]["name"] == "Staffan de Mistura"
    assert Round.objects.count() == before


def test_api_is_for_editors_only(client, plain_user, geneva):
    body = {"text": "x", "published_on": "2017-06-18", "language": "ar", "process": "geneva"}
    url = reverse("api:intake")
    assert client.post(url, body, content_type="application/json").status_code in (401, 403)
    client.force_login(plain_user)
    assert client.post(url, body, content_type="application/json").status_code == 403


def test_api_bad_input_is_400_with_field_messages(client, editor, geneva):
    client.force_login(editor)
    url = reverse("api:intake")
    response = client.post(
        url,
        {"text": "a", "published_on": "yesterday", "language": "fr", "process": "nowhere"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"published_on", "language", "process"} <= set(response.json())
    response = client.post(
        url,
        {
            "text": "round 7\x00",
            "published_on": "2017-06-18",
            "language": "en",
            "process": "geneva",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    # Refused by the JSON parser ("detail") or by the field ("text"): never stored.
    assert {"text", "detail"} & set(response.json())
    assert not Round.objects.filter(number=7).exists()


def test_the_command_prints_the_same_proposals(geneva, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text((STORIES_DIR / "en-seventh-round.txt").read_text(), encoding="utf-8")
    out = StringIO()
    call_command(
        "intake", str(story), "--published-on", "2017-06-18", "--process", "geneva", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["stored"] is False
    assert any(p["values"].get("start") == "2017-07-10" for p in data["proposals"])


# --- The admin page -------------------------------------------------------------------


def story_form(text: str, **extra) -> dict:
    return {
        "text": text,
        "published_on": "2017-06-18",
        "language": "ar",
        "publisher": SOURCE["publisher"],
        "url": SOURCE["url"],
        "title": SOURCE["title"],
        **extra,
    }


def test_the_rounds_list_links_to_the_intake_page(client, editor, geneva):
    client.force_login(editor)
    page = client.get(reverse("admin:rounds_round_changelist")).content.decode()
    assert reverse("admin:rounds_round_intake") in page
    assert "New from a story" in page


def test_the_intake_page_proposes_then_stores_drafts_on_confirm(client, editor, geneva):
    client.force_login(editor)
    url = reverse("admin:rounds_round_intake")
    assert client.get(url).status_code == 200
    form = story_form(seed_text(), process=geneva.pk, action="read")
    page = client.post(url, form)
    assert page.status_code == 200
    rows = page.context["rows"]
    assert Round.objects.count() == 3  # nothing stored yet
    chosen = [row["proposal"]["id"] for row in rows if row["ticked"]]
    seventh = next(r["proposal"] for r in rows if r["proposal"]["values"].get("number") == 7)
    confirm_form = {
        **form,
        "action": "confirm",
        "proposals": page.context["signed"],
        "chosen": chosen,
        "reason": "The sixth round ended on 19 May.",
        f"{seventh['id']}-label_en": "Geneva VII",
    }
    done = client.post(url, confirm_form)
    assert done.status_code == 200, done.context.get("refused")
    assert "stored" in done.context
    seventh = Round.objects.get(number=7)
    assert (seventh.label_en, seventh.publication) == ("Geneva VII", "draft")
    assert reverse("admin:rounds_round_change", args=[seventh.pk]) in done.content.decode()


def test_the_intake_page_says_nothing_found(client, editor, geneva):
    client.force_login(editor)
    page = client.post(
        reverse("admin:rounds_round_intake"),
        story_form("Markets rallied on Tuesday.", process=geneva.pk, action="read"),
    )
    assert "Nothing found" in page.content.decode()


def test_the_intake_page_refuses_altered_proposals(client, editor, geneva):
    client.force_login(editor)
    form = story_form("x", process=geneva.pk, action="confirm", proposals="forged", chosen=["p1"])
    page = client.post(reverse("admin:rounds_round_intake"), form)
    assert "altered" in page.content.decode()
    assert Round.objects.count() == 3


def test_the_intake_page_is_for_editors(client, plain_user, geneva):
    client.force_login(plain_user)
    assert client.get(reverse("admin:rounds_round_intake")).status_code in (302, 403)


# --- Dates: dateparser for day offsets and numeric dates, our rules for the rest --------


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("two days ago", "2017-06-16"),
        ("in two weeks", "2017-07-02"),
        ("the day after tomorrow", "2017-06-20"),
        ("قبل يومين", "2017-06-16"),
        ("منذ يومين", "2017-06-16"),
        ("10/7/2017", "2017-07-10"),  # day first, as Arabic and European copy writes it
        ("28 تشرين الثاني/نوفمبر", "2017-11-28"),  # dateparser reads nothing here
        ("25 و26 جانفي", "2017-01-25"),
        ("الأربعاء المقبل", "2017-06-21"),
        ("في العاشر منه", "2017-06-10"),
    ],
)
def test_dates_are_read_against_the_story_day(phrase, expected):
    from rounds.desk.intake import dates, text

    (mention,) = dates.find(text.fold(phrase), date(2017, 6, 18), "2017-06")
    assert mention.value == expected


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_day_offsets_do_not_depend_on_the_machine_zone(monkeypatch, zone):
    import time

    from rounds.desk.intake import dates

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        (mention,) = dates.find("two days ago", date(2017, 6, 18))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert mention.value == "2017-06-16"


def test_a_round_said_to_open_in_two_weeks_gets_its_day(geneva):
    result = propose(
        "The seventh round will open in two weeks, de Mistura said.", date(2017, 6, 26), geneva
    )
    (proposal,) = result.proposals
    assert proposal.values["start"] == "2017-07-10"


# --- Delegations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "وصل وفد الهيئة العليا للمفاوضات إلى جنيف للمشاركة في الجولة السادسة.",
        "The HNC delegation arrived in Geneva for the sixth round.",
        "The delegation of the High Negotiations Committee arrived for the sixth round.",
        "وصل وفد المعارضة إلى جنيف للمشاركة في الجولة السادسة.",
    ],
)
def test_a_party_delegation_is_found_by_any_spelling(geneva, sentence):
    result = propose(sentence, date(2017, 5, 15), geneva)
    (delegation,) = [p for p in result.proposals if p.kind == "delegation"]
    assert delegation.values["party"]["name"] == "High Negotiations Committee"
    assert delegation.values["round"]["name"] == "Geneva VI"


def test_the_opposition_is_the_one_that_came_to_the_rounds_of_the_time():
    from rounds.demo.loader import load_demo
    from rounds.models import Process

    load_demo()
    geneva = Process.objects.get(slug="geneva")
    story = "The opposition delegation will attend the fifth round."
    seen = {}
    for day in (date(2017, 3, 20), date(2018, 1, 20)):
        result = propose(story, day, geneva)
        (delegation,) = [p for p in result.proposals if p.kind == "delegation"]
        seen[day.year] = delegation.values["party"]["name"]
    assert seen == {2017: "High Negotiations Committee", 2018: "Syrian Negotiation Commission"}


def test_a_delegation_already_recorded_is_unchanged(geneva):
    result = propose("وصل وفد المعارضة للمشاركة في الجولة الخامسة.", date(2017, 3, 22), geneva)
    (delegation,) = [p for p in result.proposals if p.kind == "delegation"]
    assert delegation.action == "unchanged"


def test_confirm_adds_a_delegation_with_its_head_to_a_new_draft_round(geneva, editor):
    f.PersonFactory(name_en="Bashar al-Jaafari", name_ar="بشار الجعفري")
    story = (
        "A new round of talks will open in Geneva on 10 July. "
        "The government delegation, headed by Bashar Jaafari, will attend."
    )
    result = propose(story, date(2017, 6, 18), geneva)
    proposals = result.as_json()["proposals"]
    chosen = [p["id"] for p in proposals]
    delegation = next(p for p in proposals if p["kind"] == "delegation")
    assert delegation["values"]["head"]["name"] == "Bashar al-Jaafari"
    with pytest.raises(ConfirmRefused, match="Tick the proposal"):
        confirm(proposals, [delegation["id"]], process=geneva, source=SOURCE, user=editor)
    confirm(proposals, chosen, process=geneva, source=SOURCE, user=editor)
    new_round = Round.objects.get(process=geneva, start="2017-07-10")
    assert (new_round.number, new_round.publication) == (None, "draft")
    (stored,) = new_round.delegations.all()
    assert (stored.party.name_en, stored.head.name_en) == (
        "Government of Syria",
        "Bashar al-Jaafari",
    )
    assert "headed by" in new_round.citations.get().quote


def test_the_intake_page_stores_a_delegation_on_its_round(client, editor, geneva):
    client.force_login(editor)
    url = reverse("admin:rounds_round_intake")
    form = story_form(
        "وصل وفد الحكومة السورية إلى جنيف للمشاركة في الجولة السادسة.",
        process=geneva.pk,
        action="read",
    )
    page = client.post(url, form)
    rows = page.context["rows"]
    (delegation,) = [r["proposal"] for r in rows if r["proposal"]["kind"] == "delegation"]
    assert "Delegation of Government of Syria at Geneva VI" in page.content.decode()
    done = client.post(
        url,
        {
            **form,
            "action": "confirm",
            "proposals": page.context["signed"],
            "chosen": [delegation["id"]],
        },
    )
    assert done.status_code == 200, done.context.get("refused")
    sixth = Round.objects.get(number=6)
    assert [d.party.name_en for d in sixth.delegations.all()] == ["Government of Syria"]
    body = done.content.decode()
    assert reverse("admin:rounds_round_change", args=[sixth.pk]) in body
    assert "publication__exact=draft" in body
    assert sixth.citations.get().source.url == SOURCE["url"]


@pytest.mark.parametrize(
    "hours, text", [(48, "PT48H"), (1.5, "PT1H30M"), (72, "PT72H"), (0.25, "PT15M")]
)
def test_a_truce_duration_reads_at_a_glance_and_round_trips(hours, text):
    from django.utils.dateparse import parse_duration

    from rounds.desk.intake.proposals import compact_duration

    assert compact_duration(timedelta(hours=hours)) == text
    assert parse_duration(text) == timedelta(hours=hours)
