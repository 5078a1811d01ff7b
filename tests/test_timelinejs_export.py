"""processes/{slug}/timelinejs/: what a TimelineJS embed shows of a process.

The real TimelineJS renders this JSON in tests/test_browser_embeds.py; here, each
slide's content, escaping, groups, eras, spans and undated entries."""

import datetime
import re

import pytest

from . import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def process():
    process = f.ProcessFactory(slug="geneva", name="Geneva talks", description="UN-led talks.")
    process.name_ar = "محادثات جنيف"
    process.save()
    return process


def timelinejs(client, lang: str = "en") -> dict:
    response = client.get(f"{API}/processes/geneva/timelinejs/?lang={lang}")
    assert response.status_code == 200
    return response.json()


def slides_by_id(data: dict) -> dict:
    return {slide["unique_id"]: slide for slide in data["events"]}


def test_a_round_slide_has_its_summary_status_place_sources_and_page(client, process):
    round_ = f.RoundFactory(
        process=process,
        label="Geneva VII",
        summary="Indirect talks on the four baskets.",
        venue="Palais des Nations",
        start="2017-07-10",
        end="2017-07-14",
    )
    f.RoundCitationFactory(
        round=round_, source__publisher="UN News", source__url="https://news.un.org/x"
    )

    slide = slides_by_id(timelinejs(client))[f"round-{round_.pk}"]

    assert slide["text"]["headline"] == "Geneva VII"
    text = slide["text"]["text"]
    assert "<p>Indirect talks on the four baskets.</p>" in text
    assert "Concluded · Palais des Nations, Geneva" in text
    assert '<a href="https://news.un.org/x">UN News</a>' in text
    assert f'<a href="http://testserver/rounds/{round_.pk}/" target="_blank"' in text
    assert slide["page_url"] == f"http://testserver/rounds/{round_.pk}/"
    assert slide["start_date"] == {"year": 2017, "month": 7, "day": 10}
    assert slide["end_date"] == {"year": 2017, "month": 7, "day": 14}
    assert slide["display_date"] == "10–14 July 2017"


def test_groups_are_readable_kinds_in_the_requested_language(client, process):
    f.RoundFactory(process=process)
    f.EventFactory(process=process)
    resolution = f.ResolutionFactory()
    resolution.processes.add(process)
    f.AppointmentFactory(process=process)

    english = {slide["group"] for slide in timelinejs(client)["events"]}
    arabic = {slide["group"] for slide in timelinejs(client, "ar")["events"]}

    assert english == {"Rounds", "Events", "Resolutions", "Appointments"}
    assert len(arabic) == 4 and not arabic & english
    assert all(re.search("[\u0600-\u06ff]", group) for group in arabic)


def test_arabic_slides_link_to_arabic_pages_and_mark_english_fallbacks(client, process):
    round_ = f.RoundFactory(process=process, summary="Only in English.")

    data = timelinejs(client, "ar")

    assert data["title"]["text"]["headline"] == "محادثات جنيف"
    slide = slides_by_id(data)[f"round-{round_.pk}"]
    assert slide["page_url"] == f"http://testserver/ar/rounds/{round_.pk}/"
    assert '<span lang="en" dir="ltr">Only in English.</span>' in slide["text"]["text"]


def test_a_resolution_symbol_stays_left_to_right(client, process):
    resolution = f.ResolutionFactory(symbol="S/RES/2254 (2015)", number=2254, year=2015)
    resolution.processes.add(process)

    slide = slides_by_id(timelinejs(client, "ar"))[f"resolution-{resolution.pk}"]

    # rounds/bidi.py: isolated left to right (LRI ... PDI) in plain text
    assert slide["text"]["headline"].startswith("\u2066S/RES/2254 (2015)\u2069")


def test_an_envoys_term_is_a_span_and_an_era(client, process):
    ended = f.AppointmentFactory(
        process=process, person__name="Staffan de Mistura", start="2014-07-10", end="2018-12"
    )
    current = f.AppointmentFactory(process=process, person__name="Geir Pedersen", start="2019-01")

    data = timelinejs(client)

    slide = slides_by_id(data)[f"appointment-{ended.pk}"]
    assert slide["start_date"] == {"year": 2014, "month": 7, "day": 10}
    assert slide["end_date"] == {"year": 2018, "month": 12}
    assert slide["display_date"] == ended.tenure
    eras = {era["text"]["headline"]: era for era in data["eras"]}
    assert eras["Staffan de Mistura"]["end_date"] == {"year": 2018, "month": 12}
    today = datetime.date.today()
    assert eras["Geir Pedersen"]["end_date"]["year"] == today.year
    assert f"appointment-{current.pk}" in slides_by_id(data)
    assert "end_date" not in slides_by_id(data)[f"appointment-{current.pk}"]


def test_undated_entries_are_listed_not_dropped(client, process):
    dated = f.RoundFactory(process=process, label="Geneva VII")
    undated = f.RoundFactory(
        process=process,
        label="Next round",
        status="announced",
        start="",
        end="",
        announced_start="",
    )

    data = timelinejs(client)

    assert f"round-{dated.pk}" in slides_by_id(data)
    assert f"round-{undated.pk}" not in slides_by_id(data)
    assert [item["unique_id"] for item in data["undated"]] == [f"round-{undated.pk}"]
    assert data["undated"][0]["page_url"] == f"http://testserver/rounds/{undated.pk}/"
    title = data["title"]["text"]["text"]
    assert "Not yet dated:" in title and "Next round" in title


def test_a_document_link_to_a_pdf_becomes_media_credited_to_the_sources(client, process):
    resolution = f.ResolutionFactory(document_url="https://undocs.org/S/RES/2254.pdf")
    resolution.processes.add(process)
    f.ResolutionCitationFactory(resolution=resolution, source__publisher="UN Press")
    other = f.ResolutionFactory(document_url="https://undocs.org/S/RES/2118(2013)")
    other.processes.add(process)

    slides = slides_by_id(timelinejs(client))

    media = slides[f"resolution-{resolution.pk}"]["media"]
    assert media["url"] == "https://undocs.org/S/RES/2254.pdf"
    assert "UN Press" in media["credit"]
    assert "media" not in slides[f"resolution-{other.pk}"]  # TimelineJS cannot show it


HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_stored_markup_goes_out_escaped_never_raw(client):
    process = f.ProcessFactory(slug="geneva", name=HOSTILE, description=HOSTILE)
    round_ = f.RoundFactory(process=process, label=HOSTILE, summary=HOSTILE, venue=HOSTILE)
    f.RoundCitationFactory(round=round_, source__publisher=HOSTILE)
    f.EventFactory(process=process, title=HOSTILE, place=HOSTILE)
    f.AppointmentFactory(process=process, person__name=HOSTILE, role=HOSTILE)
    f.RoundFactory(process=process, label=HOSTILE, start="", end="", announced_start="")

    body = client.get(f"{API}/processes/geneva/timelinejs/").content.decode()

    assert "<img" not in body and "<script" not in body
    assert "&lt;img src=x onerror=" in body
    tags = set(re.findall(r"<([a-z]+)", body))
    assert tags <= {"p", "a", "ul", "li", "bdi", "span"}


def test_drafts_never_appear(client, process):
    f.RoundFactory(process=process, draft=True, label="Secret round")
    f.EventFactory(process=process, draft=True, title="Secret event")
    body = client.get(f"{API}/processes/geneva/timelinejs/").content.decode()
    assert "Secret" not in body


def test_timelinejs_costs_a_fixed_number_of_queries(client, process, django_assert_num_queries):
    def grow():
        round_ = f.RoundFactory(process=process)
        f.RoundCitationFactory(round=round_)
        f.EventCitationFactory(event__process=process)
        f.AppointmentCitationFactory(appointment__process=process)
        resolution = f.ResolutionFactory()
        resolution.processes.add(process)
        f.ResolutionCitationFactory(resolution=resolution)
        f.SignatureFactory(document__process=process)
        f.DocumentCitationFactory(document__process=process)

    grow()
    client.get(f"{API}/processes/geneva/timelinejs/")
    # 1 process, 2-6 rounds, events, resolutions, appointments (+ person), documents,
    # 7 the documents' signatories, 8-12 the citations (with their sources) of each
    # of the five kinds
    with django_assert_num_queries(12):
        client.get(f"{API}/processes/geneva/timelinejs/")
    for _ in range(5):
        grow()
    with django_assert_num_queries(12):
        assert client.get(f"{API}/processes/geneva/timelinejs/").status_code == 200


def test_the_schema_types_the_timelinejs_document(client):
    schema = client.get(f"{API}/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/processes/{slug}/timelinejs/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"title", "events", "eras", "undated"} <= set(component["properties"])
    assert set(component["required"]) == {"title", "events", "eras", "undated"}


def test_a_rounds_track_is_its_group_in_the_requested_language(client, process):
    track = f.TrackFactory(process=process, name="Drafting body", slug="drafting")
    track.name_ar = "هيئة الصياغة"
    track.save()
    in_track = f.RoundFactory(process=process, track=track)
    outside = f.RoundFactory(process=process)

    english = slides_by_id(timelinejs(client))
    arabic = slides_by_id(timelinejs(client, "ar"))

    assert english[f"round-{in_track.pk}"]["group"] == "Drafting body"
    assert english[f"round-{outside.pk}"]["group"] == "Rounds"
    assert arabic[f"round-{in_track.pk}"]["group"] == "هيئة الصياغة"
