"""What a reader sees: the reader pages in headless Chromium, on the demo data.

Playwright drives Debian's Chromium (/usr/bin/chromium; `.ci/run` installs it), not
a browser of Playwright's own. Without it these tests are skipped on a developer's
machine and fail in CI (CI=true). Each page is also saved as a full-page screenshot
at desktop and phone widths under `screenshots/` for a person to look at."""

import os
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation

from rounds import timeline
from rounds.demo import load_demo
from rounds.feeds import record_url
from rounds.models import Process, Round

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"


def missing_browser(reason: str):
    """Skip on a developer's machine; in CI a missing browser is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: the browser tests must run in CI", pytrace=False)
    pytest.skip(reason)


def timeline_seen(process: Process) -> SimpleNamespace:
    """What a reader of the process's timeline should see, in the active language:
    where each entry links to, in order, and the rounds' titles."""
    entries = timeline.build(process)
    return SimpleNamespace(
        links=[record_url(entry, process) for entry in entries],
        rounds=[entry.title for entry in entries if entry.kind == timeline.ROUND],
    )


@pytest.fixture
def demo(transactional_db):
    """The Syrian demo data, and what the pages should show of it, worked out
    before the browser starts (the ORM refuses to run beside Playwright's loop)."""
    load_demo()
    geneva = Process.objects.get(slug="geneva")
    geneva_vii = Round.objects.get(process=geneva, label_en="Geneva VII")
    cancelled = Round.objects.filter(process=geneva, status=Round.Status.CANCELLED).first()
    with translation.override("en"):
        en = SimpleNamespace(
            geneva=geneva.name,
            round=geneva_vii.label,
            cancelled=cancelled.label,
            processes=[p.name for p in Process.objects.published()],
            timeline=timeline_seen(geneva),
        )
    with translation.override("ar"):
        ar = SimpleNamespace(
            geneva=geneva.name, round=geneva_vii.label, timeline=timeline_seen(geneva)
        )
    return SimpleNamespace(geneva=geneva, round=geneva_vii, en=en, ar=ar)


@pytest.fixture(scope="session")
def start_playwright():
    """Playwright's entry point, once Chromium is known to be there."""
    if not Path(CHROMIUM).exists():
        missing_browser(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("playwright is not installed")
    return sync_playwright


@pytest.fixture
def page(start_playwright, live_server, demo, monkeypatch):
    """A Chromium page at desktop width. Requests `demo` so that the data is there
    before the browser starts, and the browser is gone before the data is flushed."""
    # Playwright's sync API runs an asyncio loop in this thread: let Django's
    # teardown queries through while it lives.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with start_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=DESKTOP, locale="en-GB")
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()


def log_in_to_admin(page, live_server, username: str, password: str) -> None:
    """Through the admin's own login form, as an editor would."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def screenshot(page, name: str) -> None:
    """Full-page screenshots at desktop and phone widths; at phone width the page
    must not scroll sideways."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    try:
        page.screenshot(path=SCREENSHOTS / f"{name}-phone.png", full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
    finally:
        page.set_viewport_size(DESKTOP)


def direction(page) -> tuple[str, str]:
    html = page.locator("html")
    return html.get_attribute("lang"), html.get_attribute("dir")


def timeline_shown(page) -> SimpleNamespace:
    """Where the timeline's entries link to, in order, and the rounds' titles."""
    links = page.locator("main .entry__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    rounds = page.locator("main .entry--round .entry__title").all_inner_texts()
    return SimpleNamespace(links=links, rounds=[title.strip() for title in rounds])


def entry(page, title: str):
    """One timeline entry, found by the link that names it."""
    link = page.get_by_role("link", name=title, exact=True)
    return page.locator("main .entry").filter(has=link)


def as_day(machine_date: str) -> date:
    """An HTML date string (2017, 2017-07 or 2017-07-10) as its first day."""
    parts = [int(part) for part in machine_date.split("-")]
    return date(*parts, *[1] * (3 - len(parts)))


def test_home_page_lists_the_processes_and_leads_to_a_timeline(live_server, demo, page):
    page.goto(url(live_server, "/"))

    assert direction(page) == ("en", "ltr")
    assert page.get_by_role("heading", level=1).inner_text() == "Where the peace talks stand"
    cards = page.locator("main .card__title").all_inner_texts()
    assert sorted(cards) == sorted(demo.en.processes)
    screenshot(page, "home")

    page.get_by_role("link", name=demo.en.geneva, exact=True).click()

    page.wait_for_url(f"**/processes/{demo.geneva.slug}/**")
    assert page.get_by_role("heading", level=1).inner_text() == demo.en.geneva


def test_timeline_shows_entries_in_date_order_with_status_badges(live_server, demo, page):
    page.goto(url(live_server, f"/processes/{demo.geneva.slug}/"))

    assert timeline_shown(page) == demo.en.timeline
    days = [
        as_day(value)
        for value in page.locator("main .entry__dates time").evaluate_all(
            "times => times.map(t => t.getAttribute('datetime'))"
        )
    ]
    assert len(days) > 20 and days == sorted(days)
    assert entry(page, demo.en.round).locator(".badge").inner_text() == "Concluded"
    assert entry(page, demo.en.cancelled).locator(".badge").inner_text() == "Cancelled"
    screenshot(page, "timeline")


def test_timeline_offers_its_atom_and_calendar_feeds(live_server, demo, page):
    page.goto(url(live_server, f"/processes/{demo.geneva.slug}/"))

    for name, content_type in (
        ("Atom feed", "application/atom+xml"),
        ("Calendar (.ics)", "text/calendar"),
    ):
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(url(live_server, href))
        assert response.ok, href
        assert response.headers["content-type"].startswith(content_type)


def test_round_page_shows_its_dates_and_status_and_leads_back(live_server, demo, page):
    page.goto(url(live_server, f"/processes/{demo.geneva.slug}/"))
    page.get_by_role("link", name=demo.en.round, exact=True).click()

    page.wait_for_url(f"**/rounds/{demo.round.pk}/")
    header = page.locator("main header")
    assert header.get_by_role("heading", level=1).inner_text() == demo.en.round
    assert "10–14 July 2017" in header.inner_text()
    assert header.locator(".badge").inner_text() == "Concluded"
    screenshot(page, "round")

    page.locator("nav.breadcrumbs").get_by_role("link", name=demo.en.geneva).click()

    page.wait_for_url(f"**/processes/{demo.geneva.slug}/**")
    assert timeline_shown(page) == demo.en.timeline


def test_arabic_timeline_reads_right_to_left_and_switches_to_the_same_record(
    live_server, demo, page
):
    page.goto(url(live_server, f"/ar/processes/{demo.geneva.slug}/"))

    assert direction(page) == ("ar", "rtl")
    assert page.get_by_role("heading", level=1).inner_text() == demo.ar.geneva
    assert timeline_shown(page) == demo.ar.timeline
    assert demo.ar.round in demo.ar.timeline.rounds and demo.ar.round != demo.en.round
    screenshot(page, "timeline-ar")

    page.get_by_role("link", name=demo.ar.round, exact=True).click()
    page.wait_for_url(f"**/ar/rounds/{demo.round.pk}/")
    assert direction(page) == ("ar", "rtl")
    screenshot(page, "round-ar")

    page.locator("header a[hreflang=en]").click()

    page.wait_for_url(url(live_server, f"/rounds/{demo.round.pk}/"))
    assert direction(page) == ("en", "ltr")
    assert page.get_by_role("heading", level=1).inner_text() == demo.en.round
