"""The public corrections log for readers: the page /processes/<slug>/corrections/
(and /ar/...) and its Atom feed. Which record (linked to its page), which fields
(named as readers read them), the values before and after, when, and the reason;
never the editor; only records the public may see now."""

from datetime import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from rounds.models import Correction, Event, Process, Round
from rounds.views.corrections import CORRECTIONS_PER_PAGE

from . import factories as f
from .test_admin import post_form

pytestmark = pytest.mark.django_db

API = "/api/v1"


def html(response) -> str:
    return response.content.decode()


def page_url(process, lang="en") -> str:
    with translation.override(lang):
        return reverse("rounds:corrections", args=[process.slug])


def feed_url(process, lang="en") -> str:
    with translation.override(lang):
        return reverse("rounds:corrections-feed", args=[process.slug])


def get_page(client, process, lang="en", **query) -> str:
    response = client.get(page_url(process, lang), query)
    assert response.status_code == 200
    return html(response)


def get_feed(client, process, lang="en"):
    response = client.get(feed_url(process, lang))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def correct(record, reason="", **values) -> Correction:
    """Change a published record as an editor would, and return the log's entry."""
    record = type(record).objects.get(pk=record.pk)
    for name, value in values.items():
        setattr(record, name, value)
    record.correction_reason = reason
    record.save()
    return record.last_correction


@pytest.fixture
def process():
    return f.ProcessFactory(name="Geneva talks", slug="geneva")


@pytest.fixture
def geneva_vii(process):
    return f.RoundFactory(
        process=process, label="Geneva VII", status="announced", start="2017-07-10", end=""
    )


def entry_of(page: str, correction: Correction) -> str:
    start = page.index(f'id="correction-{correction.pk}"')
    return page[start : page.index("</article>", start)]


# --- The page ------------------------------------------------------------------------------


def test_page_lists_corrections_newest_first_with_fields_values_time_and_reason(
    client, process, geneva_vii
):
    moved = correct(
        geneva_vii, "The envoy moved the opening by a day.", start="2017-07-11", status="postponed"
    )
    event = f.EventFactory(process=process, title="Envoy briefs the Council", date="2017-06-17")
    redated = correct(event, "Wrong day in the first report.", date="2017-06-18")

    page = get_page(client, process)

    assert page.index("Envoy briefs the Council") < page.index("Geneva VII")
    entry = entry_of(page, moved)
    assert f'<a href="/rounds/{geneva_vii.pk}/">Geneva VII</a>' in entry
    assert '<span class="entry__kind">Round</span>' in entry
    assert "Start</span>: <del" in entry and "Status</span>: <del" in entry
    assert '>10 July 2017</del> → <ins dir="auto">11 July 2017</ins>' in entry
    assert '>Announced</del> → <ins dir="auto">Postponed</ins>' in entry
    assert "The envoy moved the opening by a day." in entry
    assert f'<time datetime="{moved.corrected_at.isoformat()}">' in entry
    assert f'<a href="/events/{event.pk}/">' in entry_of(page, redated)


def test_each_kind_of_record_links_to_the_page_that_tells_it(client, process, geneva_vii):
    resolution = f.ResolutionFactory()
    resolution.processes.add(process)
    appointment = f.AppointmentFactory(process=process, role="UN Special Envoy")
    with_round = f.DocumentFactory(process=process, round=geneva_vii, title="Communiqué")
    alone = f.DocumentFactory(process=process, title="Envoy's paper")
    logged = {
        "resolution": correct(resolution, meeting_number=7588),
        "appointment": correct(appointment, role="Special Envoy"),
        "round's document": correct(with_round, title="Final communiqué"),
        "process": correct(process, convener="United Nations"),
        "document alone": correct(alone, title="Envoy's working paper"),
    }

    page = get_page(client, process)

    links = {
        "resolution": f'href="/resolutions/{resolution.pk}/"',
        "appointment": f'href="/people/{appointment.person_id}/"',  # on the envoy's page
        "round's document": f'href="/documents/{with_round.pk}/"',  # its own page
        "process": 'href="/processes/geneva/"',
        "document alone": f'href="/documents/{alone.pk}/"',
    }
    for kind, link in links.items():
        assert link in entry_of(page, logged[kind]), kind
    assert "Envoy&#x27;s working paper" in entry_of(page, logged["document alone"])


def test_translated_and_row_fields_have_reader_names(client, process, geneva_vii):
    renamed = correct(geneva_vii, label_ar="جنيف ٧")
    sourced = Correction.log(Round.objects.get(pk=geneva_vii.pk), {}, "A better source.")
    sourced.add_fields(["citations"])

    page = get_page(client, process)

    assert 'Label (Arabic)</span>: <del dir="auto">(empty)</del>' in entry_of(page, renamed)
    assert '<span class="correction__field">Sources</span></li>' in entry_of(page, sourced)


def test_a_correction_without_a_reason_says_so(client, process, geneva_vii):
    correct(geneva_vii, venue="Palais des Nations")

    assert "No reason was given." in get_page(client, process)


def test_no_editor_is_named_in_the_page_or_the_feed(client, process, geneva_vii, editor):
    editor.username, editor.first_name, editor.last_name = "zquill", "Zenobia", "Quillfeather"
    editor.email = "zenobia@example.org"
    editor.save()
    f.RoundCitationFactory(round=geneva_vii)  # a published round needs a source
    client.force_login(editor)
    url = reverse("admin:rounds_round_change", args=[geneva_vii.pk])
    saved = post_form(client, url, start="2017-07-11", correction_reason="Opened a day late.")
    assert saved.status_code == 302
    client.logout()

    page = get_page(client, process)
    feed = client.get(feed_url(process)).content.decode()

    for text in (page, feed):
        assert "Opened a day late." in text
        for trace in ("zquill", "Zenobia", "Quillfeather", "zenobia@example.org"):
            assert trace not in text


def test_only_records_the_public_may_see_now_are_listed(client, process, geneva_vii):
    shown = correct(geneva_vii, "Shown.", start="2017-07-11")
    withdrawn = f.RoundFactory(process=process, label="Withdrawn round", end="")
    correct(withdrawn, "Hidden.", start="2017-08-01")
    Round.objects.filter(pk=withdrawn.pk).update(publication="draft")
    deleted = f.EventFactory(process=process, title="Deleted event")
    correct(deleted, "Gone.", date="2017-06-18")
    Event.objects.filter(pk=deleted.pk).delete()
    main = f.RoundFactory(process=process, label="Main round")
    side = f.RoundFactory(side_session=True, parent=main, process=process, label="Side session")
    correct(side, "Side.", start="2017-07-12")
    Round.objects.filter(pk=main.pk).update(publication="draft")  # its side session goes too
    elsewhere = f.RoundFactory(label="Elsewhere")
    correct(elsewhere, "Other process.", start="2017-07-09")

    page = get_page(client, process)
    feed = get_feed(client, process)

    assert f'id="correction-{shown.pk}"' in page
    for hidden in ("Withdrawn round", "Hidden.", "Deleted event", "Gone.", "Side", "Elsewhere"):
        assert hidden not in page
    assert [entry.id for entry in feed.entries] == [f"tag:localhost,2025:correction/{shown.pk}"]


def test_a_draft_or_unknown_process_has_no_log(client, editor):
    draft = f.ProcessFactory(draft=True, slug="secret")
    f.CorrectionFactory(record=f.RoundFactory(process=draft))

    for url in (page_url(draft), feed_url(draft), "/processes/nowhere/corrections/"):
        assert client.get(url).status_code == 404
    assert "Page not found" in html(client.get(page_url(draft)))
    client.force_login(editor)  # no preview of a log: it is made for readers
    assert client.get(page_url(draft)).status_code == 404


def test_an_empty_log_says_so(client, process):
    assert "No published record of this process has been corrected." in get_page(client, process)


def test_the_log_comes_in_pages_newest_first(client, process, geneva_vii):
    corrections = f.CorrectionFactory.create_batch(CORRECTIONS_PER_PAGE + 1, record=geneva_vii)

    first = get_page(client, process)
    second = get_page(client, process, page="2")

    assert first.count('class="correction"') == CORRECTIONS_PER_PAGE
    assert f'id="correction-{corrections[-1].pk}"' in first
    assert f'id="correction-{corrections[0].pk}"' in second
    assert second.count('class="correction"') == 1
    assert 'href="?page=2" rel="next"' in first and "Page 1 of 2" in first
    assert 'href="?page=1" rel="prev"' in second and "Page 2 of 2" in second


@pytest.mark.parametrize(
    ("value", "status", "message"),
    [
        ("abc", 400, "“abc” is not a page number; showing the first page."),
        ("٢", 400, "“٢” is not a page number"),
        ("-1", 400, "“-1” is not a page number"),
        ("1.5", 400, "“1.5” is not a page number"),
        ("0", 404, "There is no page 0; showing page 1."),
        ("99", 404, "There is no page 99; showing page 1."),
        ("9" * 40, 404, f"There is no page {'9' * 40}; showing page 1."),
    ],
)
def test_a_page_that_is_not_there_gets_a_friendly_message(
    client, process, geneva_vii, value, status, message
):
    correct(geneva_vii, "Still shown.", start="2017-07-11")

    response = client.get(page_url(process), {"page": value})

    assert response.status_code == status
    assert message in html(response)
    assert "Still shown." in html(response)


@pytest.mark.parametrize("size", [1, 6])
def test_the_page_runs_a_constant_number_of_queries(
    client, process, django_assert_max_num_queries, size
):
    resolution = f.ResolutionFactory()
    resolution.processes.add(process)
    for n in range(size):
        round_ = f.RoundFactory(process=process, start="2017-07-10")
        correct(round_, "Fix.", start="2017-07-11")
        correct(f.EventFactory(process=process), "Fix.", date="2017-06-18")
        correct(f.AppointmentFactory(process=process), role=f"Envoy {n}")
        correct(f.DocumentFactory(process=process, round=round_), title=f"Paper {n}")
        correct(resolution, meeting_number=7000 + n)
    # 1 the process, 2 the count of its public corrections, 3 a page of them with
    # their record types and the links to appointments' envoys,
    # 4 the appointments' names as they read now (rounds.corrections.NAMED_WITH).
    with django_assert_max_num_queries(4):
        page = get_page(client, process)
    assert page.count('class="correction"') == 5 * size


def test_the_process_tabs_lead_to_the_log_and_the_log_to_its_feed(client, process):
    timeline = html(client.get(process.get_absolute_url()))
    page = get_page(client, process)

    assert 'href="/processes/geneva/corrections/">Corrections</a>' in timeline
    assert 'href="/processes/geneva/corrections/" aria-current="page">Corrections' in page
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Geneva talks: corrections" '
        'href="/processes/geneva/corrections/feed/">'
    ) in page


def test_the_arabic_page_reads_right_to_left_with_arabic_names(client, process, geneva_vii):
    Process.objects.filter(pk=process.pk).update(name_ar="محادثات جنيف")
    Round.objects.filter(pk=geneva_vii.pk).update(label_ar="جنيف ٧")
    moved = correct(geneva_vii, "Moved by a day.", start="2017-07-11", status="postponed")

    page = get_page(client, process, "ar")

    assert page_url(process, "ar") == "/ar/processes/geneva/corrections/"
    assert '<html lang="ar" dir="rtl">' in page
    assert "تصحيحات السجل المنشور" in page
    entry = entry_of(page, moved)
    assert f'<a href="/ar/rounds/{geneva_vii.pk}/">جنيف ٧</a>' in entry
    assert "البداية" in entry and "الحالة" in entry  # start, status
    assert "يوليو" in entry and "مؤجَّلة" in entry  # July, Postponed
    assert "←" in entry and "→" not in entry  # the arrow points the way Arabic reads
    assert "Moved by a day." in entry
    assert 'href="/ar/processes/geneva/corrections/feed/"' in page


# --- The feed ------------------------------------------------------------------------------


def test_feed_lists_corrections_newest_first_with_stable_ids_and_times(client, process, geneva_vii):
    moved = correct(geneva_vii, "Opened a day late.", start="2017-07-11", status="postponed")
    event = f.EventFactory(process=process, title="Envoy briefs the Council")
    redated = correct(event, "Wrong day.", date="2017-06-18")

    feed = get_feed(client, process)

    assert feed.feed.title == "Geneva talks: corrections"
    assert feed.feed.link == "http://testserver/processes/geneva/corrections/"
    assert [entry.id for entry in feed.entries] == [
        f"tag:localhost,2025:correction/{redated.pk}",
        f"tag:localhost,2025:correction/{moved.pk}",
    ]
    entry = feed.entries[1]
    assert entry.title == "Geneva VII: start, status"
    assert entry.link == f"http://testserver/rounds/{geneva_vii.pk}/"
    assert datetime.fromisoformat(entry.updated) == moved.corrected_at
    assert "Opened a day late." in entry.summary
    assert "10 July 2017" in entry.summary and "11 July 2017" in entry.summary


def test_feed_entry_ids_survive_renaming_and_rewording(client, process, geneva_vii):
    correct(geneva_vii, "Typo", start="2017-07-11")
    before = [(entry.id, entry.updated) for entry in get_feed(client, process).entries]

    correct(geneva_vii, label="Geneva VII (resumed)")
    Correction.objects.filter(reason="Typo").update(reason="A typo in the opening date.")
    after = get_feed(client, process).entries

    assert [(entry.id, entry.updated) for entry in after[1:]] == before
    assert "A typo in the opening date." in after[1].summary


def test_feed_links_a_corrected_document_to_its_own_page(client, process):
    # Documents were the last records without a page of their own (they have one
    # since issue 8): the link to the entry in the log is now only a fallback.
    document = f.DocumentFactory(process=process)
    correction = correct(document, title="Envoy's working paper")

    entry = get_feed(client, process).entries[0]

    assert entry.link == f"http://testserver/documents/{document.pk}/"
    assert f"#correction-{correction.pk}" not in entry.link


def test_feed_of_a_draft_or_unknown_process_is_404(client):
    draft = f.ProcessFactory(draft=True)

    assert client.get(feed_url(draft)).status_code == 404
    assert client.get("/processes/nowhere/corrections/feed/").status_code == 404


def test_arabic_feed_names_the_fields_in_arabic(client, process, geneva_vii):
    Process.objects.filter(pk=process.pk).update(name_ar="محادثات جنيف")
    correct(geneva_vii, start="2017-07-11", status="postponed")

    feed = get_feed(client, process, "ar")

    assert feed.feed.language == "ar"
    assert feed.feed.title == "محادثات جنيف: التصحيحات"
    assert feed.entries[0].title == "Geneva VII: البداية، الحالة"


@pytest.mark.parametrize("size", [1, 6])
def test_feed_runs_a_constant_number_of_queries(
    client, process, django_assert_max_num_queries, size
):
    for n in range(size):
        correct(f.AppointmentFactory(process=process), role=f"Envoy {n}")
        correct(f.DocumentFactory(process=process), title=f"Paper {n}")
    # 1 the process, 2 its latest public corrections with their record types and links,
    # 3 the appointments' names as they read now (rounds.corrections.NAMED_WITH).
    with django_assert_max_num_queries(3):
        assert len(get_feed(client, process).entries) == 2 * size


# --- The API reads the same log ----------------------------------------------------------


def test_the_api_log_leaves_out_records_not_public_now_except_for_editors(
    client, editor, process, geneva_vii
):
    correct(geneva_vii, "Public.", start="2017-07-11")
    withdrawn = f.RoundFactory(process=process, end="")
    correct(withdrawn, "Withdrawn since.", start="2017-08-01")
    Round.objects.filter(pk=withdrawn.pk).update(publication="draft")
    url = f"{API}/processes/geneva/corrections/"

    public = [c["reason"] for c in client.get(url).json()["results"]]
    client.force_login(editor)
    editors = [c["reason"] for c in client.get(url).json()["results"]]

    assert public == ["Public."]
    assert editors == ["Withdrawn since.", "Public."]
