"""The pages readers rely on most, in Chromium at phone (390 px) and desktop (1280 px)
widths, in English and Arabic, on the demo data: the timeline, a round page, a
resolution page and the agenda matrix. Each is saved as a screenshot under
`screenshots/` for a person to look at; the wide agenda table says that it scrolls."""

import pytest

from rounds.demo import load_demo
from rounds.models import Resolution, Round

from .test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, start_playwright  # noqa: F401

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture
def pages(transactional_db):
    load_demo()
    round_ = Round.objects.get(process__slug="geneva", label_en="Geneva VII")
    resolution = Resolution.objects.get(symbol="S/RES/2254 (2015)")
    return {
        "timeline": "/processes/geneva/",
        "round": round_.get_absolute_url(),
        "resolution": resolution.get_absolute_url(),
        "agenda": "/processes/geneva/agenda/",
    }


@pytest.fixture
def browser(start_playwright, live_server, pages, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with start_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", WIDTHS)
def test_key_pages_render_in_both_languages_and_widths(
    live_server, pages, browser, language, width
):
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    prefix = "/ar" if language == "ar" else ""
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{prefix}{path}")
        assert response.ok, path
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        page.screenshot(path=SCREENSHOTS / f"pages-{name}-{language}-{width}.png", full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_agenda_matrix_scrolls_in_its_own_box_and_says_so_only_when_it_overflows(
    live_server, pages, browser, language, width
):
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    prefix = "/ar" if language == "ar" else ""
    page.goto(f"{live_server.url}{prefix}{pages['agenda']}")
    box = page.locator(".table-scroll")
    hint = page.locator("#agenda-scroll-hint")
    box_overflow = box.evaluate("box => box.scrollWidth - box.clientWidth")
    page_overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )

    assert page_overflow <= 0, f"the page scrolls sideways by {page_overflow}px"
    if width == "phone":
        assert box_overflow > 0, "the matrix should be wider than a phone"
        hint.wait_for(state="visible")
        expected = "لرؤية كل الأعمدة" if language == "ar" else "see all columns"
        assert expected in hint.inner_text()
        assert box.get_attribute("aria-describedby") == "agenda-scroll-hint"
        # The box scrolls towards the end of the line: left in Arabic, right in English.
        box.evaluate(
            "box => box.scrollBy({left: (box.dir || document.dir) === 'rtl' ? -200 : 200})"
        )
        scrolled = box.evaluate("box => box.scrollLeft")
        assert (scrolled < 0) if language == "ar" else (scrolled > 0)
        assert page.evaluate("window.scrollX") == 0
    else:
        assert box_overflow <= 0, "the matrix fits a desktop window"
        assert hint.is_hidden()
    context.close()
