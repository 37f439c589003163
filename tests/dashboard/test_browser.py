"""The dashboard in a real browser (Debian's Chromium through Playwright), at desktop and phone width.

Screenshots go to artifacts/screenshots/ so a person can look at what the test saw.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
LEADER_PASSWORD = "leader-demo-2022"
OTHER_PASSWORD = "lianxi-demo-2022"

# A newcomer without root may lack the browser; CI installs it, so there a missing browser fails.
pytestmark = pytest.mark.skipif(
    not shutil.which(CHROMIUM) and not os.environ.get("CI"), reason="Debian's chromium package is not installed"
)


@pytest.fixture
def site(live_server):
    """The live server with the demo and a user of another county (the DB is emptied after the test)."""
    from django.contrib.auth import get_user_model

    from ecoreport.accounts.models import Organization, UserProfile
    from ecoreport.accounts.roles import LEADERSHIP, ensure_groups
    from ecoreport.demo.loading import load_demo

    county = load_demo()
    other = Organization.objects.create(code="360402", name="濂溪区", parent=county.parent)
    user = get_user_model().objects.create_user("lianxi_leader", password=OTHER_PASSWORD)
    user.groups.set([ensure_groups()[LEADERSHIP]])
    UserProfile.objects.create(user=user, organization=other)
    return live_server.url


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop; the live server's ORM calls are safe here. Through
    # monkeypatch, so later tests (and their subprocesses, e.g. `check --deploy`) do not inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
            # While Playwright's event loop runs, Django keeps this thread's connections in the
            # loop's context (asgiref's thread-critical Local), apart from the ones the test
            # database's teardown closes: close the test body's own here, inside that context, or
            # one stays open and the test database cannot be dropped ("accessed by other users").
            connections.close_all()


def _log_in(page, base, username, password):
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_a_leader_sees_the_half_year_follows_a_figure_and_downloads_the_report(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    _log_in(page, site, "leader", LEADER_PASSWORD)

    assert page.url == f"{site}/org/360483/"
    assert page.text_content("[data-testid=period-label]") == "2022年上半年"
    pm25 = page.text_content("[data-testid=card-pm25]")
    assert re.search(r"\b27\b", pm25)
    good = page.text_content("[data-testid=card-good-rate]")
    assert "优良 167 天" in good and "发布值 92.2%" in good
    xingzi = page.text_content("[data-testid='card-section-360483-XZ']")
    assert "0.053" in xingzi and "-15.9%" in xingzi
    assert page.text_content("[data-testid=ledger-total]") == "62"
    page.screenshot(path=str(SCREENSHOTS / "overview-desktop.png"), full_page=True)

    page.click("[data-testid=good-days]")
    page.wait_for_load_state()
    assert "/records/air/" in page.url and "days=good" in page.url
    assert page.text_content("[data-testid=record-count]") == "167"
    assert page.locator("[data-testid=records] tbody tr").count() == 167

    page.click("nav >> text=工作总结")
    page.wait_for_load_state()
    assert page.url.startswith(f"{site}/reports/360483/?from=2022-01-01&to=2022-06-30")
    pdf_href = page.get_attribute("a:has-text('下载PDF')", "href")
    response = context.request.get(f"{site}{pdf_href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    assert "167" in text
    context.close()


def test_the_overview_fits_a_phone_screen(site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    _log_in(page, site, "leader", LEADER_PASSWORD)
    page.goto(f"{site}/org/360483/?period=2022H1")
    # Wide tables scroll inside their own box; the page itself must not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.is_visible("[data-testid=card-pm25]")
    page.screenshot(path=str(SCREENSHOTS / "overview-phone.png"), full_page=True)
    page.goto(f"{site}/org/360483/water/?period=2022H1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOTS / "water-phone.png"), full_page=True)
    context.close()


def test_another_countys_user_cannot_reach_lushans_pages(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _log_in(page, site, "lianxi_leader", OTHER_PASSWORD)
    assert page.url == f"{site}/org/360402/"
    for path in ("/org/360483/", "/org/360483/air/", "/org/360483/records/items/", "/reports/360483/"):
        response = page.goto(f"{site}{path}?period=2022H1")
        assert response.status == 404, path
    context.close()
