"""Charts you can ask, in a real browser at 1366 and 390 px: a calendar day's title under the mouse,
a click to its records, and chart text no smaller than 11 CSS pixels on a phone.

Screenshots go to /tmp/shots/charts/ (and artifacts/screenshots/) for a person to look at.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.dashboard.test_browser import LEADER_PASSWORD, SCREENSHOTS, _log_in, browser, pytestmark, site  # noqa: F401, F811

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
SHOTS = Path("/tmp/shots/charts")

# The visible layout of a chart (CSS hides the other), its text sizes as rendered: the computed
# font size in SVG user units times the SVG's scale on screen.
VISIBLE_TEXT_PX = """
(selector) => [...document.querySelectorAll(selector)]
  .filter((box) => box.offsetParent !== null)
  .flatMap((box) => [...box.querySelectorAll("text")])
  .map((t) => {
    const m = t.getScreenCTM();  // rotated labels too: the scale is the length of the x axis
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)};
  })
"""

# Centre of the visible tip whose title starts with ``prefix``.
TIP_CENTRE = """
([selector, prefix]) => {
  const box = [...document.querySelectorAll(selector)].find((b) => b.offsetParent !== null);
  const tip = [...box.querySelectorAll("a.tip")].find((a) => a.querySelector("title").textContent.startsWith(prefix));
  tip.scrollIntoView({block: "center"});
  const r = tip.getBoundingClientRect();
  return {x: r.x + r.width / 2, y: r.y + r.height / 2};
}
"""

TITLE_UNDER = """
([x, y]) => {
  const a = document.elementFromPoint(x, y).closest("a.tip");
  return a ? [a.querySelector("title").textContent, a.getAttribute("href")] : null;
}
"""


def _expected_day(day: datetime.date):
    from ecoreport.accounts.models import Organization
    from ecoreport.figures.compute import compute_figures

    figures = compute_figures(
        Organization.objects.get(code="360483"), datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)
    )
    return next(d for d in figures.air.daily if d.date == day), figures


@pytest.mark.parametrize("width", WIDTHS)
def test_a_calendar_day_tells_its_aqi_on_hover_and_leads_to_its_records(site, browser, width):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    w, h = WIDTHS[width]
    page = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN").new_page()
    _log_in(page, site, "leader", LEADER_PASSWORD)
    page.goto(f"{site}/org/360483/air/?period=2022H1")
    layout = ".chart-wide" if width == "desktop" else ".chart-narrow"
    assert page.locator(f"{layout} svg").first.is_visible()
    day, figures = _expected_day(datetime.date(2022, 6, 3))

    calendar = page.locator(".chart", has_text="逐日空气质量等级")
    centre = page.evaluate(TIP_CENTRE, [f".chart[aria-label='AQI 日历'] {layout}", "2022-06-03"])
    page.mouse.move(centre["x"], centre["y"])
    title, href = page.evaluate(TITLE_UNDER, [centre["x"], centre["y"]])
    assert title == f"2022-06-03 AQI {day.aqi} {day.category}"
    assert href == "/org/360483/records/air/stations/?from=2022-06-03&to=2022-06-03"
    calendar.screenshot(path=SHOTS / f"calendar-{width}.png")

    # A bar of the PM2.5 chart: its month and value.
    march = next(m for m in figures.air.monthly if m.month == 3)
    bar = page.evaluate(TIP_CENTRE, [f".chart[aria-label='PM2.5 月均浓度同比图'] {layout}", "2022年3月"])
    page.mouse.move(bar["x"], bar["y"])
    assert page.evaluate(TITLE_UNDER, [bar["x"], bar["y"]]) == [
        f"2022年3月 PM2.5 {march.pm25} 微克/立方米",
        "/org/360483/records/air/?period=2022-03",
    ]
    page.locator(".chart[aria-label='PM2.5 月均浓度同比图']").screenshot(path=SHOTS / f"pm25-{width}.png")

    sizes = page.evaluate(VISIBLE_TEXT_PX, ".chart-wide, .chart-narrow")
    assert len(sizes) > 30
    smallest = min(sizes, key=lambda s: s["px"])
    if width == "phone":
        assert smallest["px"] >= 11, smallest
    page.screenshot(path=SHOTS / f"air-{width}.png", full_page=True)
    (SCREENSHOTS / "charts").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "charts" / f"air-{width}.png", full_page=True)

    centre = page.evaluate(TIP_CENTRE, [f".chart[aria-label='AQI 日历'] {layout}", "2022-06-03"])
    page.mouse.click(centre["x"], centre["y"])
    page.wait_for_url("**/records/air/stations/**")
    assert page.url.endswith("/org/360483/records/air/stations/?from=2022-06-03&to=2022-06-03")
    cells = page.locator("[data-testid=records] tbody tr td:first-child").all_text_contents()
    assert cells and set(cells) == {"2022-06-03"}


@pytest.mark.parametrize("width", WIDTHS)
def test_water_and_ledger_charts_are_legible_and_labels_clear_of_points(site, browser, width):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    w, h = WIDTHS[width]
    page = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN").new_page()
    _log_in(page, site, "leader", LEADER_PASSWORD)
    for name in ("water", "ledger"):
        page.goto(f"{site}/org/360483/{name}/?period=2022H1")
        sizes = page.evaluate(VISIBLE_TEXT_PX, ".chart-wide, .chart-narrow")
        assert sizes
        if width == "phone":
            assert min(s["px"] for s in sizes) >= 11
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    # On the water page no class label's box meets a point's box on screen.
    page.goto(f"{site}/org/360483/water/?period=2022H1")
    overlaps = page.evaluate(
        """() => {
          const found = [];
          for (const box of document.querySelectorAll(".chart")) {
            const svg = [...box.querySelectorAll("svg")].find((s) => s.parentElement.offsetParent !== null);
            if (!svg) continue;
            const labels = [...svg.querySelectorAll("text")].filter((t) => t.textContent.includes("类"));
            const points = [...svg.querySelectorAll("a.tip")].map((a) => a.getBoundingClientRect());
            for (const t of labels) {
              const r = t.getBoundingClientRect();
              for (const p of points) {
                const meet = r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom;
                if (meet) found.push(t.textContent);
              }
            }
          }
          return found;
        }"""
    )
    assert overlaps == []
