"""Our timeline embedded in another site, in headless Chromium: a newsroom's page,
served from a second local origin, frames our embed (English and Arabic) and runs
the real Knight Lab TimelineJS against our TimelineJS endpoint.

TimelineJS comes from npm (@knight-lab/timelinejs 3.9.x), installed at test time
into `.ci/work/timelinejs/` (git-ignored), never committed. Without npm, Chromium
or the registry these tests are skipped on a developer's machine and fail in CI
(CI=true), like the other browser tests. Screenshots go to `screenshots/`."""

import functools
import json
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from tests import factories as f

from .test_browser import CHROMIUM, CHROMIUM_ARGS, missing_browser, start_playwright  # noqa: F401

pytestmark = pytest.mark.browser

TIMELINEJS = "@knight-lab/timelinejs@3.9.11"
TIMELINEJS_DIR = Path(settings.BASE_DIR) / ".ci" / "work" / "timelinejs"
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
WIDTHS = (320, 1280)


@pytest.fixture(scope="session")
def timelinejs_dist() -> Path:
    """TimelineJS's built files, installed from npm on first use."""
    dist = TIMELINEJS_DIR / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
    if not (dist / "js" / "timeline.js").exists():
        npm = shutil.which("npm")
        if npm is None:
            missing_browser("npm is not installed (needed for TimelineJS)")
        TIMELINEJS_DIR.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(TIMELINEJS_DIR),
                "--no-audit",
                "--no-fund",
                "--no-save",
                TIMELINEJS,
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            missing_browser(f"npm install {TIMELINEJS} failed: {result.stderr[-500:]}")
    return dist


@pytest.fixture
def records(transactional_db):
    process = f.ProcessFactory(
        slug="geneva", name="Geneva talks", name_ar="محادثات جنيف", description="UN-led talks."
    )
    for n in range(1, 7):
        round_ = f.RoundFactory(
            process=process,
            label=f"Geneva {n}",
            label_ar=f"جنيف {n}",
            start=f"{2015 + n}-07-10",
            end=f"{2015 + n}-07-14",
            summary=f"Round {n} summary <script>alert({n})</script>",
            venue="Palais des Nations",
        )
        f.RoundCitationFactory(round=round_, source__publisher=f"UN News {n}")
    f.EventFactory(process=process, title="Ceasefire announced", date="2016-02-22")
    f.AppointmentFactory(
        process=process, person__name="Staffan de Mistura", start="2014-07-10", end="2018-12"
    )
    f.RoundFactory(process=process, label="Next round", status="planned", start="", end="")
    return process


@pytest.fixture
def other_origin(tmp_path):
    """A second local web server (port 0): the newsroom's site."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def browser(start_playwright, live_server, records, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with start_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    return page, problems


HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A newsroom's article</title>
<link rel="icon" href="data:,">
<style>body {{ margin: 0; font-family: sans-serif; }} iframe {{ width: 100%; }}</style>
<script>
  window.heights = [];
  window.addEventListener("message", (event) => {{
    window.heights.push({{ origin: event.origin, data: event.data }});
  }});
</script>
</head><body>
<p>Our reporting, with the tracker's timeline below.</p>
<iframe id="tracker" src="{embed}" title="Timeline" height="150" style="border:0"></iframe>
<script src="{tracker}/static/rounds/embed-host.js" async></script>
</body></html>
"""


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_page_on_another_site_embeds_our_timeline_and_sizes_it(
    browser, live_server, other_origin, language, width
):
    folder, origin = other_origin
    prefix = "/ar" if language == "ar" else ""
    embed = f"{live_server.url}{prefix}/embed/processes/geneva/"
    (folder / "article.html").write_text(HOST_PAGE.format(embed=embed, tracker=live_server.url))
    page, problems = open_page(browser, width)
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{origin}/article.html")
    frame = page.frame_locator("#tracker")
    frame.locator(".embed-entry").first.wait_for()
    page.wait_for_function(
        "() => parseFloat(document.getElementById('tracker').style.height) > 150"
    )

    messages = page.evaluate("window.heights")
    ours = [m for m in messages if m["data"].get("type") == "peace-tracker:embed-height"]
    assert ours and all(m["origin"] == live_server.url for m in ours)
    content = frame.locator("html").evaluate("html => html.getBoundingClientRect().height")
    framed = page.evaluate("parseFloat(document.getElementById('tracker').style.height)")
    assert abs(framed - content) <= 2
    assert ours[-1]["data"]["height"] == framed
    html = frame.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (
        language,
        "rtl" if language == "ar" else "ltr",
    )
    first_title = "جنيف 1" if language == "ar" else "Geneva 1"
    assert first_title in frame.locator(".embed-entry__title").all_inner_texts()
    overflow = frame.locator("html").evaluate("h => h.scrollWidth - h.clientWidth")
    assert overflow <= 0, f"the embed scrolls sideways by {overflow}px at {width}px"
    opens = frame.locator(".embed-entry__open a").evaluate_all("as => as.map(a => a.href)")
    assert all(href.startswith(f"{live_server.url}{prefix}/") for href in opens)
    # The embed asks nothing of any third party: only the tracker and the article.
    assert all(url.startswith((live_server.url, origin)) for url in requests), requests
    assert problems == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"embed-host-{language}-{width}.png")
    page.goto(embed)  # the embed itself, whole, for a person to look at
    page.screenshot(path=SCREENSHOTS / f"embed-{language}-{width}.png", full_page=True)


TIMELINEJS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>A newsroom's TimelineJS</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dist/css/timeline.css">
<script src="/dist/js/timeline.js"></script>
</head><body>
<div id="timeline-embed" style="width: 100%; height: 600px"></div>
<script>
  // Self-hosted, as a newsroom would: locales from its own copy, its own fonts
  // (TimelineJS's default font CSS asks Google Fonts), no CDN.
  window.timeline = new TL.Timeline("timeline-embed", {source}, {{
    script_path: new URL("/dist/js/", window.location.href).href,
    font: false,
  }});
</script>
</body></html>
"""


def test_the_real_timelinejs_on_another_site_renders_our_slides(
    browser, live_server, other_origin, timelinejs_dist, records
):
    folder, origin = other_origin
    shutil.copytree(timelinejs_dist, folder / "dist")
    source = json.dumps(f"{live_server.url}/api/v1/processes/geneva/timelinejs/")
    (folder / "timeline.html").write_text(TIMELINEJS_PAGE.format(source=source))
    page, problems = open_page(browser, 1280)

    page.goto(f"{origin}/timeline.html")
    page.locator(".tl-slide-titleslide").wait_for()
    page.wait_for_function("() => document.querySelectorAll('.tl-slide').length > 1")

    headlines = page.locator(".tl-slide .tl-headline").evaluate_all(
        "els => els.map(e => e.textContent.trim())"  # as written, not as styled
    )
    # The title slide and one slide per dated entry: 6 rounds, the event, the term.
    assert len(headlines) == 1 + 6 + 1 + 1
    assert headlines[0] == "Geneva talks"
    assert "Geneva 3" in headlines and "Ceasefire announced" in headlines
    texts = " ".join(
        page.locator(".tl-slide .tl-text-content").evaluate_all(
            "els => els.map(e => e.textContent)"
        )
    )
    assert "Round 3 summary <script>alert(3)</script>" in texts  # shown as text
    assert "UN News 3" in texts and "Open on the tracker" in texts
    assert "Not yet dated:" in texts and "Next round" in texts
    assert page.evaluate("typeof window.alerted") == "undefined"
    groups = page.locator(".tl-timegroup-message").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert {"Rounds", "Events", "Appointments"} <= {g.strip() for g in groups}
    links = page.locator(".tl-slide .tl-text-content a").evaluate_all("as => as.map(a => a.href)")
    assert f"{live_server.url}/rounds/{records.rounds.first().pk}/" in links
    assert problems == [], problems
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "timelinejs-other-origin.png")
    page.evaluate("window.timeline.goTo(3)")  # a round's slide, for a person to look at
    page.wait_for_timeout(2000)  # the slide's animation
    page.screenshot(path=SCREENSHOTS / "timelinejs-other-origin-round.png")
