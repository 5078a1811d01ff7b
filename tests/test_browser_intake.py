"""An editor turns the seed story into drafts in Chromium: the admin page "New
from a story", the story pasted with its source, the proposals read, ticked and
confirmed. The drafts are in the database and on the admin's list of drafts,
each citing the story with its sentence; no published record changed
(tests/test_browser.py has the browser set-up)."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.db.models import Q

from rounds.demo import load_demo
from rounds.models import Event, Process, Publication, Round, Source

from .test_browser import (  # noqa: F401
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    SCREENSHOTS,
    log_in_to_admin,
    start_playwright,
)
from .test_intake import seed_text

pytestmark = pytest.mark.browser

STORY_DAY = date(2017, 6, 18)
# The seed story (AFP Arabic) as Elaph carried it (../shared/reference/syria.md,
# section 0): the demo records this source already, and the confirm reuses it.
SOURCE = SimpleNamespace(
    publisher="Elaph",
    url="http://elaphjournal.com/Web/News/2017/6/1153731.html",
    title="دي ميستورا: جولة سابعة من مفاوضات جنيف في 10 يوليو",
)


def published_state() -> dict:
    """Every published round and event, with its version and citations."""
    state = {}
    for model in (Round, Event):
        for record in model.objects.filter(publication=Publication.PUBLISHED):
            citations = sorted(record.citations.values_list("source_id", "quote"))
            state[(model.__name__, record.pk)] = (record.version, citations)
    return state


@pytest.fixture
def as_on_the_story_day(transactional_db):
    """The demo data as it stood when the story came in: the Geneva rounds from
    the seventh on, the rounds it announced and the Daraa truce are not recorded
    yet (the demo holds them all, so the story would find nothing new)."""
    load_demo()
    geneva = Process.objects.get(slug="geneva")
    later = Q(start_earliest__gt=STORY_DAY) | Q(announced_start__in=["2017-08", "2017-09"])
    later = Round.objects.filter(process=geneva).filter(
        later | Q(parent__start_earliest__gt=STORY_DAY)
    )
    Event.objects.filter(Q(round__in=later) | Q(process=geneva, date__gte="2017-06-17")).delete()
    later.filter(parent__isnull=False).delete()
    later.delete()
    return SimpleNamespace(
        geneva=geneva,
        before=published_state(),
        rounds=set(Round.objects.values_list("pk", flat=True)),
        events=set(Event.objects.values_list("pk", flat=True)),
    )


@pytest.fixture
def admin_page(start_playwright, live_server, as_on_the_story_day, editor, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with start_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=DESKTOP, locale="en-GB")
        context.set_default_timeout(20_000)
        page = context.new_page()
        log_in_to_admin(page, live_server, "editor", "editor-pass")
        yield page
        browser.close()


def test_an_editor_turns_the_seed_story_into_cited_drafts(
    admin_page, live_server, as_on_the_story_day
):
    page, geneva = admin_page, as_on_the_story_day.geneva
    story = seed_text()

    page.goto(f"{live_server.url}/admin/rounds/round/")
    page.click("text=New from a story")
    page.fill("#id_text", story)
    page.fill("#id_published_on", STORY_DAY.isoformat())
    page.select_option("#id_language", "ar")
    page.select_option("#id_process", str(geneva.pk))
    page.fill("#id_publisher", SOURCE.publisher)
    page.fill("#id_url", SOURCE.url)
    page.fill("#id_title", SOURCE.title)
    page.click("button[value=read]")

    proposals = page.locator("fieldset.proposal")
    proposals.first.wait_for()
    assert any("الجولة السابعة" in q for q in page.locator("blockquote.quote").all_inner_texts())
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "intake-proposals-desktop.png", full_page=True)
    # Tick every new record; leave what is already recorded (ticking it would cite
    # the story on a published record).
    new = page.locator("fieldset.proposal:has(small:text-matches('create')) input[name=chosen]")
    assert new.count() >= 5
    for box in new.all():
        box.check()
    ticked = new.count()
    for box in page.locator(
        "fieldset.proposal:has(small:text-matches('unchanged')) input[name=chosen]"
    ).all():
        box.uncheck()
    page.click("#confirm")

    stored = page.locator("#stored li")
    stored.first.wait_for()
    stored = stored.all_inner_texts()
    assert len(stored) == ticked
    page.screenshot(path=SCREENSHOTS / "intake-stored-desktop.png", full_page=True)
    page.click("#drafts")
    page.wait_for_url("**/admin/rounds/round/?*publication__exact=draft*")
    listed = page.locator("#result_list tbody tr").all_inner_texts()
    page.screenshot(path=SCREENSHOTS / "intake-drafts-desktop.png", full_page=True)

    source = Source.objects.get(url=SOURCE.url)
    assert (source.publisher, source.language) == ("Elaph", "ar")
    drafts = [
        *Round.objects.exclude(pk__in=as_on_the_story_day.rounds),
        *Event.objects.exclude(pk__in=as_on_the_story_day.events),
    ]
    assert len(drafts) == len(stored)
    assert {d.publication for d in drafts} == {Publication.DRAFT}
    seventh = Round.objects.get(process=geneva, number=7)
    assert (seventh.start, seventh.delegations_arrive_on) == ("2017-07-10", date(2017, 7, 9))
    planned = Round.objects.filter(process=geneva, announced_start__in=["2017-08", "2017-09"])
    assert planned.count() == 2
    assert Round.objects.filter(parent=seventh).exists()
    assert (
        Event.objects.get(process=geneva, date="2017-06-17").duration.total_seconds() == 48 * 3600
    )
    flat = " ".join(story.split())
    for draft in drafts:
        citation = draft.citations.get(source=source)
        assert citation.quote
        for sentence in citation.quote.split(" … "):
            assert " ".join(sentence.split()) in flat, (draft, sentence)
    rounds = [d for d in drafts if isinstance(d, Round)]
    assert len(listed) == len(rounds)
    for round_ in rounds:
        assert any(round_.label_en in row for row in listed), round_.label_en
    assert published_state() == as_on_the_story_day.before
