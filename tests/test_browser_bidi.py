"""Mixed-direction text as Chromium lays it out on Arabic pages, at phone (390 px)
and desktop (1280 px) widths: a UN symbol inside Arabic prose stays one
left-to-right run in its place, and a resolution's symbol keeps its colon and its
English subject after it (to its left), stray direction controls or not."""

from datetime import date

import pytest

from tests import factories as f

from .test_browser import CHROMIUM, CHROMIUM_ARGS, start_playwright  # noqa: F401

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
SYMBOL = "S/RES/2254 (2015)"
# "The envoy invited the parties under S/RES/2254 (2015) to Geneva": the symbol is
# followed by the Arabic word «إلى». A stray right-to-left override (U+202E) sits
# in the stored text, as pasted from a word processor.
SUMMARY = f"دعا المبعوث الطرفين بموجب {SYMBOL} إلى جنيف\u202e."


@pytest.fixture
def records(transactional_db):
    process = f.ProcessFactory(name="Geneva talks", name_ar="محادثات جنيف", slug="geneva")
    round_ = f.RoundFactory(
        process=process, label="Geneva VII", label_ar="جنيف 7", start="2017-07-10"
    )
    round_.summary_ar = SUMMARY
    round_.save()
    resolution = f.ResolutionFactory(
        number=2118,
        adopted_on=date(2013, 9, 27),
        subject="Destruction of Syria's chemical weapons",  # no Arabic: falls back
    )
    resolution.processes.add(process)
    return round_, resolution


@pytest.fixture
def browser_page(start_playwright, live_server, records, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with start_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ar")
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()


# The boxes of a text inside an element, found with a DOM Range.
TEXT_BOX = """([selector, needle]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const at = node.data.indexOf(needle);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const r = range.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    }
  }
  return null;
}"""


def box(page, selector: str, needle: str) -> dict:
    found = page.evaluate(TEXT_BOX, [selector, needle])
    assert found, f"{needle!r} not found in {selector}"
    return found


def same_line(a: dict, b: dict) -> bool:
    return abs(a["top"] - b["top"]) < 4


@pytest.mark.parametrize("width", WIDTHS)
def test_a_symbol_inside_arabic_prose_stays_in_reading_order(
    live_server, records, browser_page, width
):
    round_, _resolution = records
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/ar/rounds/{round_.pk}/")

    summary = "#summary-heading + p"
    symbol = page.locator(f"{summary} bdi")
    assert symbol.inner_text() == SYMBOL  # one isolated run, "(2015)" included
    assert symbol.get_attribute("dir") == "ltr"
    symbol_box = symbol.bounding_box()
    before, after = box(page, summary, "بموجب"), box(page, summary, "إلى")
    # Right to left: the word before the symbol is on its right, the one after on
    # its left (or, where the line wraps, on the next line).
    assert before["left"] >= symbol_box["x"] + symbol_box["width"] - 1
    if same_line(after, {"top": symbol_box["y"]}):
        assert after["right"] <= symbol_box["x"] + 1
    else:
        assert after["top"] > symbol_box["y"]
    # The stray override did not survive into the page.
    assert "\u202e" not in page.locator(summary).inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_resolution_title_keeps_symbol_colon_and_english_subject_in_order(
    live_server, records, browser_page, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/ar/processes/geneva/")

    title = page.locator("main .entry--resolution .entry__title").first
    symbol = title.locator("bdi[dir=ltr]")
    subject = title.locator("span[lang=en]")
    assert symbol.inner_text() == "S/RES/2118 (2013)"
    assert subject.inner_text() == "Destruction of Syria's chemical weapons"
    symbol_box = symbol.bounding_box()
    colon = box(page, "main .entry--resolution .entry__title a", ":")
    first_word = box(page, "main .entry--resolution .entry__title a", "Destruction")
    # The symbol starts the line on the right; the colon follows it (to its left),
    # then the English subject.
    assert colon["right"] <= symbol_box["x"] + 1
    if same_line(first_word, colon):
        assert first_word["right"] <= colon["left"] + 1
    else:
        assert first_word["top"] > colon["top"]
