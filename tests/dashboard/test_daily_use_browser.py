"""Issue 13 in a real browser at 1366 and 390 px: honest cards, readable period labels, and the air
list with AQI, 级别 and 首要污染物 on the first screen. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import pytest

from tests.dashboard.test_browser import LEADER_PASSWORD, SCREENSHOTS, _log_in, browser, pytestmark, site  # noqa: F401, F811

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.mark.parametrize("width", WIDTHS)
def test_cards_say_no_data_and_insufficient_and_the_picker_reads_labels(site, browser, width):  # noqa: F811
    w, h = WIDTHS[width]
    page = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN").new_page()
    _log_in(page, site, "leader", LEADER_PASSWORD)
    page.goto(f"{site}/org/360483/?period=2022")
    assert "数据不足" in page.text_content("[data-testid=card-pm25]")
    assert "有效 181 天 / 共 365 天" in page.text_content("[data-testid=card-pm25]")
    page.screenshot(path=SCREENSHOTS / f"daily-cards-2022-{width}.png", full_page=False)
    page.goto(f"{site}/org/360483/?period=2023年上半年")
    heavy = page.text_content("[data-testid=card-heavy]")
    assert "无数据" in heavy and "有效 0 天 / 共 181 天" in heavy
    page.screenshot(path=SCREENSHOTS / f"daily-cards-2023H1-{width}.png", full_page=False)
    months = page.locator(".period-links .period-month")
    assert months.count() == 12 and months.first.is_visible() == (width == "desktop")  # compact on a phone
    assert page.locator("[data-testid=card-pm25]").bounding_box()["y"] < h  # the first card on the first screen


@pytest.mark.parametrize("width", WIDTHS)
def test_the_air_list_shows_aqi_level_and_primary_first(site, browser, width):  # noqa: F811
    w, h = WIDTHS[width]
    page = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN").new_page()
    _log_in(page, site, "staff", "staff-demo-2022")
    page.goto(f"{site}/admin/indicators/airdailyrecord/?q=2022-06-30")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() >= 1
    header = page.text_content("#result_list thead")
    assert "首要污染物" in header and "PM₂.₅" in header
    page.screenshot(path=SCREENSHOTS / f"daily-admin-air-{width}.png", full_page=False)
    if width == "desktop":
        box = page.locator("#result_list th.column-primary_names").bounding_box()
        assert box is not None and box["x"] + box["width"] <= w


def test_the_rectification_list_reads_descriptions_as_lines(site, browser):  # noqa: F811
    from tasks.models import RectificationItem

    first = RectificationItem.objects.select_related("batch", "unit").order_by("code").first()
    words = "；".join(item.description for item in RectificationItem.objects.order_by("code")[:4])
    RectificationItem.objects.create(code="ZZ-LONG", batch=first.batch, unit=first.unit, description=words)
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    _log_in(page, site, "staff", "staff-demo-2022")
    page.goto(f"{site}/admin/tasks/rectificationitem/")
    cell = page.locator("#result_list td.field-short_description").first
    assert cell.bounding_box()["width"] >= 18 * 13  # at least 18 characters a line, not 5
    assert page.locator("#result_list th.column-status").bounding_box()["x"] < 1366  # the status on screen
    page.screenshot(path=SCREENSHOTS / "daily-admin-rectification-desktop.png", full_page=False)
    page.goto(f"{site}/admin/tasks/rectificationitem/?q=ZZ-LONG")
    text = page.locator("#result_list td.field-short_description .long-text")
    assert len(words) > 60 and text.get_attribute("title") == words  # the whole text on hover
    assert text.text_content() == words[:60] + "…"  # cut in the list
