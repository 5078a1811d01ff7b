"""The editors' admin fits a 1280 px screen: the list, add and change pages of every
model registered in the admin (ours, and auth's users and groups), on the demo data,
never scroll sideways, in English, and the round's list and change form in Arabic too.
Each page is saved as a screenshot under `screenshots/admin-<model>-<view>.png` for a
person to look at (tests/test_browser.py has the browser set-up)."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from rounds.demo import load_demo
from rounds.models import Correction, Process, Resolution, Round

from .test_browser import (  # noqa: F401
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    log_in_to_admin,
    start_playwright,
)

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 900}
APPS = ("rounds", "auth")
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
ROUND_COLUMNS = ("__str__", "process", "dates", "city", "status", "publication")
# The list's columns within its box (which scrolls sideways, hiding the others).
KEY_COLUMNS_SEEN = """() => {
  const box = document.querySelector("#changelist .results").getBoundingClientRect();
  const seen = (th) => {
    const cell = th.getBoundingClientRect();
    return cell.left >= box.left - 1 && cell.right <= box.right + 1;
  };
  return [...document.querySelectorAll("#result_list thead th[class*='column-']")]
    .filter(seen)
    .map((th) => [...th.classList].find((c) => c.startsWith("column-")).slice(7));
}"""
RESULTS_OVERFLOW = """() => {
  const results = document.querySelector("#changelist .results");
  return results ? results.scrollWidth - results.clientWidth : 0;
}"""
# What sticks out of the page: the innermost elements past its edge (either side,
# for right-to-left pages), so that a failure says what to fix.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const out = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1);
  };
  return [...document.body.querySelectorAll("*")]
    .filter((el) => out(el) && ![...el.children].some(out))
    .slice(0, 4)
    .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.classList[0] || ""}`
      + ` ${Math.round(el.getBoundingClientRect().width)}px`);
}"""


def demo_record(model):
    """The record whose change form is opened: the demo's richest where it matters
    (a round with envoys, agenda, delegations and side sessions), else the first."""
    chosen = {
        Round: Round.objects.filter(label_en="Geneva VII").first(),
        Process: Process.objects.filter(slug="geneva").first(),
        Resolution: Resolution.objects.filter(symbol="S/RES/2254 (2015)").first(),
    }
    return chosen.get(model) or model._default_manager.order_by("pk").first()


@pytest.fixture
def admin_pages(transactional_db, superuser, editors_group):
    """Every admin page to open, as (name, path), worked out before the browser
    starts (the ORM refuses to run beside Playwright's loop)."""
    load_demo()
    geneva_vii = demo_record(Round)
    Correction.log(geneva_vii, {"city": ("Genf", "Geneva")}, "The city was misspelt.")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    pages = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label not in APPS:
            continue
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        record = demo_record(model)
        assert record is not None, f"no {opts.model_name} to open"
        pages.append((f"{opts.model_name}-list", reverse(f"{prefix}_changelist")))
        if model_admin.has_add_permission(request):
            pages.append((f"{opts.model_name}-add", reverse(f"{prefix}_add")))
        pages.append((f"{opts.model_name}-change", reverse(f"{prefix}_change", args=[record.pk])))
    arabic = [
        ("round-list-ar", reverse("admin:rounds_round_changelist")),
        ("round-change-ar", reverse("admin:rounds_round_change", args=[geneva_vii.pk])),
    ]
    return SimpleNamespace(english=pages, arabic=arabic)


@pytest.fixture
def page(start_playwright, live_server, admin_pages, monkeypatch):  # noqa: F811
    """One Chromium page at 1280x900, logged in once as the superuser."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with start_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
        context.set_default_timeout(15_000)
        page = context.new_page()
        log_in_to_admin(page, live_server, "admin", "admin-pass")
        yield page
        browser.close()


def sticking_out(page, url: str, name: str) -> list[str]:
    """Opens the page and saves its screenshot; if it scrolls sideways, says what
    sticks out (an empty list when it fits)."""
    response = page.goto(url)
    assert response.ok, f"{name}: {response.status}"
    page.screenshot(path=SCREENSHOTS / f"admin-{name}.png", full_page=True)
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        return [f"{overflow}px", *page.evaluate(STICKING_OUT)]
    # A list's table scrolls in its own box (Django's CSS): its columns must fit too.
    hidden = page.evaluate(RESULTS_OVERFLOW)
    return [f"the list's table scrolls by {hidden}px"] if hidden > 0 else []


def test_every_admin_page_fits_a_desktop_screen_in_both_languages(page, live_server, admin_pages):
    SCREENSHOTS.mkdir(exist_ok=True)
    names = [name for name, _ in admin_pages.english]
    # Our models' three views, auth's users and groups: none forgotten.
    assert {"round-list", "round-add", "round-change", "user-change", "group-list"} <= {*names}
    assert "correction-add" not in names  # corrections are written by saves, not added

    overflowing = {}
    for name, path in admin_pages.english:
        if found := sticking_out(page, f"{live_server.url}{path}", name):
            overflowing[name] = found
        assert page.locator("html").get_attribute("dir") == "ltr", name
    # The rounds list shows the columns an editor looks a round up by, on screen.
    page.goto(f"{live_server.url}{dict(admin_pages.english)['round-list']}")
    assert page.evaluate(KEY_COLUMNS_SEEN) == list(ROUND_COLUMNS)
    # The admin has no language prefix: the language cookie switches it to Arabic.
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}]
    )
    for name, path in admin_pages.arabic:
        if found := sticking_out(page, f"{live_server.url}{path}", name):
            overflowing[name] = found
        assert page.locator("html").get_attribute("dir") == "rtl", name

    assert overflowing == {}, f"pages that scroll sideways: {overflowing}"
