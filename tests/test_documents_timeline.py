"""Documents on the timeline: agreements, communiqués and declarations as timeline
entries (process page, API timeline, TimelineJS, Atom, embed, home), their own
reader page, search in both languages, the sitemap, and drafts kept out of all."""

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from rounds import timeline
from rounds.models import Document

from . import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def process():
    return f.ProcessFactory(
        slug="libya", name="Libyan talks", name_ar="المحادثات الليبية", end="2021"
    )


@pytest.fixture
def agreement(process):
    round_ = f.RoundFactory(process=process, label="Geneva 5+5", start="2020-10-19", end="")
    document = f.DocumentFactory(
        process=process,
        round=round_,
        kind=Document.Kind.CEASEFIRE,
        title="Agreement for a complete and permanent ceasefire",
        title_ar="اتفاق وقف إطلاق النار الدائم",
        summary="Signed by the 5+5 Joint Military Commission.",
        summary_ar="وقعته اللجنة العسكرية المشتركة ٥+٥.",
        date="2020-10-23",
        url="https://example.org/ceasefire.pdf",
        pax_id="2232",
        ucdp_id="55",
        cited=False,
    )
    for name in ("Government of National Accord", "Libyan National Army"):
        f.SignatureFactory(document=document, party=f.PartyFactory(name=name))
    f.DocumentCitationFactory(document=document, source__publisher="UNSMIL")
    return document


# --- The reader page --------------------------------------------------------------------


def test_document_page_tells_the_document(client, agreement):
    page = html(client.get(agreement.get_absolute_url()))

    assert "<h1>Agreement for a complete and permanent ceasefire</h1>" in page
    assert "Ceasefire agreement" in page
    assert '<time datetime="2020-10-23">23 October 2020</time>' in page
    assert "Signed by the 5+5 Joint Military Commission." in page
    assert "Government of National Accord" in page and "Libyan National Army" in page
    assert f'href="{agreement.round.get_absolute_url()}"' in page
    assert 'href="/processes/libya/"' in page
    assert 'href="https://example.org/ceasefire.pdf"' in page
    assert 'href="https://www.peaceagreements.org/view/2232"' in page
    assert "UCDP" in page and '<bdi dir="ltr">55</bdi>' in page
    assert "UNSMIL" in page  # its sources


def test_arabic_document_page_reads_in_arabic_with_latin_runs_isolated(client, agreement):
    page = html(client.get(f"/ar{agreement.get_absolute_url()}"))

    assert "<h1>اتفاق وقف إطلاق النار الدائم</h1>" in page
    assert "وقعته اللجنة العسكرية المشتركة" in page
    assert '<bdi dir="ltr">2232</bdi>' in page
    assert "الموقّعون" in page and "النص الرسمي" in page
    # Parties without an Arabic name fall back to English, marked as such.
    assert '<span lang="en" dir="ltr">Libyan National Army</span>' in page


def test_draft_document_is_not_found_but_editors_preview_it(client, editor):
    draft = f.DocumentFactory(draft=True, title="Secret draft agreement")

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert "Secret draft agreement" in html(response)
    assert response["Cache-Control"] == "private, no-store"


def test_published_document_of_a_draft_process_is_not_found(client):
    document = f.DocumentFactory(process=f.ProcessFactory(draft=True))

    assert client.get(document.get_absolute_url()).status_code == 404


def test_unknown_document_is_not_found(client):
    assert client.get("/documents/987654/").status_code == 404


def test_document_page_does_not_link_a_draft_round(client):
    draft_round = f.RoundFactory(draft=True, label="Draft round")
    document = f.DocumentFactory(process=draft_round.process, round=draft_round)

    assert "Draft round" not in html(client.get(document.get_absolute_url()))


@pytest.mark.parametrize("size", [1, 5])
def test_document_page_runs_a_constant_number_of_queries(
    client, agreement, django_assert_max_num_queries, size
):
    for _ in range(size):
        f.SignatureFactory(document=agreement)
        f.DocumentCitationFactory(document=agreement)
    # 1 the document with its process and round (and whether the round is public),
    # 2 signatories, 3 sources.
    with django_assert_max_num_queries(3):
        client.get(agreement.get_absolute_url())


# --- The timeline -----------------------------------------------------------------------


def test_build_has_a_document_entry_with_its_signatories(process, agreement):
    entries = [e for e in timeline.build(process) if e.kind == timeline.DOCUMENT]

    assert len(entries) == 1
    entry = entries[0]
    assert entry.record == agreement and entry.status == "ceasefire"
    assert entry.dates == "23 October 2020"
    assert [p.name for p in entry.record.signed_by] == [
        "Government of National Accord",
        "Libyan National Army",
    ]


def test_build_leaves_out_drafts_and_undated_documents(process):
    f.DocumentFactory(process=process, draft=True, title="Draft")
    f.DocumentFactory(process=process, date="", title="Undated paper")

    assert not [e for e in timeline.build(process) if e.kind == timeline.DOCUMENT]
    drafts = timeline.build(process, drafts=True)
    assert [e.title for e in drafts if e.kind == timeline.DOCUMENT] == ["Draft"]


@pytest.mark.parametrize("size", [1, 8])
def test_build_costs_six_queries_whatever_its_length(process, django_assert_max_num_queries, size):
    for n in range(size):
        f.SignatureFactory(document__process=process, document__date=f"2020-{n + 1:02d}")
        f.EventFactory(process=process)
    # rounds, events, resolutions, appointments with people, documents, signatories
    with django_assert_max_num_queries(6):
        entries = timeline.build(process)
        assert sum(len(e.record.signed_by) for e in entries if e.kind == "document") == size


def test_process_page_shows_the_document_and_a_filter_for_documents(client, agreement):
    page = html(client.get("/processes/libya/"))

    assert f'href="{agreement.get_absolute_url()}"' in page
    assert "entry--document" in page
    assert "Signed by" in page and "Libyan National Army" in page
    assert "?kind=document" in page and "Documents" in page

    only = html(client.get("/processes/libya/?kind=document"))
    assert "entry--document" in only and "entry--round" not in only


@pytest.mark.parametrize("size", [1, 6])
def test_process_page_queries_do_not_grow_with_documents(
    client, process, django_assert_max_num_queries, size
):
    for n in range(size):
        f.SignatureFactory(document__process=process, document__date=f"2020-{n + 1:02d}")
    # 1 the process with its timeline version, 2-7 the timeline (see above).
    with django_assert_max_num_queries(7):
        page = html(client.get("/processes/libya/"))
    assert page.count("entry--document") == size


def test_embed_lists_the_document(client, agreement):
    page = html(client.get("/embed/processes/libya/"))

    assert "embed-entry--document" in page
    assert "Agreement for a complete and permanent ceasefire" in page


def test_home_lists_a_recent_document(client, agreement):
    page = html(client.get("/"))

    assert f'href="{agreement.get_absolute_url()}"' in page


def test_an_edited_document_shows_at_once_on_the_cached_timeline(client, agreement):
    html(client.get("/processes/libya/"))  # cached
    agreement.title_en = "Permanent ceasefire agreement"
    agreement.save()

    assert "Permanent ceasefire agreement" in html(client.get("/processes/libya/"))


# --- The API ----------------------------------------------------------------------------


def test_api_timeline_has_the_document(client, agreement):
    entries = client.get(f"{API}/processes/libya/timeline/").json()

    document = next(e for e in entries if e["kind"] == "document")
    assert document["id"] == agreement.pk
    assert document["status"] == "ceasefire"
    assert document["dates"] == "23 October 2020"
    assert document["url"].endswith(f"/api/v1/documents/{agreement.pk}/")
    assert client.get(document["url"]).json()["title"] == agreement.title


def test_api_document_links_its_page_and_pax(client, agreement):
    data = client.get(f"{API}/documents/{agreement.pk}/").json()

    assert data["page_url"] == f"http://testserver/documents/{agreement.pk}/"
    assert data["pax_url"] == "https://www.peaceagreements.org/view/2232"
    assert data["pax_id"] == "2232" and data["ucdp_id"] == "55"
    assert {p["name"] for p in data["signatories"]} == {
        "Government of National Accord",
        "Libyan National Army",
    }
    assert data["url"] == "https://example.org/ceasefire.pdf"  # the text itself


def test_timelinejs_has_a_document_slide(client, agreement):
    response = client.get(f"{API}/processes/libya/timelinejs/?lang=ar")
    assert response.status_code == 200
    slides = {s["unique_id"]: s for s in response.json()["events"]}

    slide = slides[f"document-{agreement.pk}"]
    assert slide["group"] == "الوثائق"
    assert slide["start_date"] == {"year": 2020, "month": 10, "day": 23}
    assert slide["page_url"] == f"http://testserver/ar/documents/{agreement.pk}/"
    assert "Libyan National Army" in slide["text"]["text"]
    assert "UNSMIL" in slide["media"]["credit"]  # a PDF: TimelineJS shows it


def test_api_timelines_hide_draft_documents_from_all_but_editors(client, editor, process):
    f.DocumentFactory(process=process, draft=True, title="Secret draft agreement")

    for path in ("timeline", "timelinejs"):
        body = client.get(f"{API}/processes/libya/{path}/").content.decode()
        assert "Secret" not in body, path
    client.force_login(editor)
    assert (
        "Secret draft agreement" in client.get(f"{API}/processes/libya/timeline/").content.decode()
    )


# --- Atom -------------------------------------------------------------------------------


def test_feed_has_a_document_entry(client, agreement):
    response = client.get(reverse("rounds:process-feed", args=["libya"]))
    feed = feedparser.parse(response.content)

    entry = next(e for e in feed.entries if e.id.endswith(f":document/{agreement.pk}"))
    assert entry.title == agreement.title
    assert entry.link == f"http://testserver{agreement.get_absolute_url()}"
    assert entry.tags[0].term == "document"
    assert "23 October 2020" in entry.content[0].value
    assert "Signed by" in entry.content[0].value
    assert "Signed by the 5+5 Joint Military Commission." in entry.summary


def test_feed_hides_draft_documents(client, process):
    f.DocumentFactory(process=process, draft=True, title="Secret draft agreement")

    body = client.get(reverse("rounds:process-feed", args=["libya"])).content.decode()
    assert "Secret" not in body


# --- Search -----------------------------------------------------------------------------


def test_search_finds_documents_by_title_and_summary_in_english(client, agreement):
    by_title = html(client.get("/search/", {"q": "permanent ceasefire"}))
    by_summary = html(client.get("/search/", {"q": "joint military"}))

    for page in (by_title, by_summary):
        assert f'href="{agreement.get_absolute_url()}"' in page
        assert "Documents" in page


def test_search_finds_documents_in_arabic_however_spelt(client, agreement):
    with translation.override("ar"):
        page = html(client.get("/ar/search/", {"q": "اتفاق وقف اطلاق"}))  # bare alef
        summary = html(client.get("/ar/search/", {"q": "العسكريه المشتركه"}))  # ha for ta

    assert f'href="/ar/documents/{agreement.pk}/"' in page
    assert f'href="/ar/documents/{agreement.pk}/"' in summary


def test_api_search_finds_documents_by_words_and_by_pax_id(client, agreement):
    f.DocumentFactory(title="Another communiqué")

    for query in ("2232", "وقف اطلاق", "permanent"):
        found = client.get(f"{API}/documents/", {"search": query}).json()["results"]
        assert [d["id"] for d in found] == [agreement.pk], query


def test_search_never_finds_draft_documents(client, process):
    f.DocumentFactory(process=process, draft=True, title="Secret draft agreement")
    f.DocumentFactory(process=f.ProcessFactory(draft=True), title="Secret other agreement")

    assert "Secret" not in html(client.get("/search/", {"q": "secret agreement"}))


# --- Sitemap ----------------------------------------------------------------------------


def test_sitemap_lists_published_documents_in_both_languages(client, agreement):
    draft = f.DocumentFactory(draft=True)
    hidden = f.DocumentFactory(process=f.ProcessFactory(draft=True))

    body = client.get("/sitemap.xml").content.decode()

    assert f"http://testserver/documents/{agreement.pk}/" in body
    assert f"http://testserver/ar/documents/{agreement.pk}/" in body
    assert f"/documents/{draft.pk}/" not in body
    assert f"/documents/{hidden.pk}/" not in body


# --- Calendar ---------------------------------------------------------------------------


def test_calendar_stays_rounds_only(client, agreement):
    body = client.get(reverse("rounds:process-calendar", args=["libya"])).content.decode()

    assert "ceasefire" not in body.lower()
