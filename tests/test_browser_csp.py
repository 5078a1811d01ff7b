"""The Content-Security-Policy leaves the site working: the admin's login and a
change form, Swagger UI and a reader page load in headless Chromium with no
violation reported, and every response carries the policy and a
Permissions-Policy (tests/test_browser.py has the browser set-up)."""

import pytest

from . import factories as f
from .test_browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, start_playwright  # noqa: F401

pytestmark = pytest.mark.browser

# Chromium reports each blocked script, style, image or connection on the page.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def records(transactional_db):
    round_ = f.RoundFactory(process__slug="geneva", label="Geneva VII")
    f.RoundEnvoyFactory(round=round_)
    f.RoundCitationFactory(round=round_)
    return round_


@pytest.fixture
def browser_page(start_playwright, live_server, records, editor, monkeypatch):  # noqa: F811
    """A Chromium page, and the list of CSP violations and script errors it saw."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with start_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=DESKTOP, locale="en-GB")
        context.set_default_timeout(15_000)
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        problems = []
        page.on(
            "console",
            lambda message: (
                problems.append(message.text)
                if "Content Security Policy" in message.text or "CSP violation" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        yield page, problems
        browser.close()


def test_the_admin_logs_in_and_opens_a_change_form_without_violations(
    browser_page, live_server, records
):
    page, problems = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-pass")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/rounds/round/{records.pk}/change/")
    page.wait_for_selector("#round_form")
    page.wait_for_load_state("networkidle")

    assert page.locator("#id_label_en").input_value() == "Geneva VII"
    assert problems == []


def test_swagger_ui_shows_the_api_without_violations(browser_page, live_server):
    page, problems = browser_page

    response = page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock")
    page.wait_for_load_state("networkidle")

    assert "Peace talks tracker API" in page.locator(".swagger-ui .info").inner_text()
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert problems == []


def test_a_reader_page_loads_without_violations(browser_page, live_server):
    page, problems = browser_page

    response = page.goto(f"{live_server.url}/processes/geneva/")
    page.wait_for_load_state("networkidle")

    assert page.get_by_role("link", name="Geneva VII").count() >= 1
    assert "camera=()" in response.headers["permissions-policy"]
    assert problems == []
