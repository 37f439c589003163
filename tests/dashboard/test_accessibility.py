"""axe-core in a real browser: the main pages have no serious or critical accessibility violation,
at desktop (1366 px) and phone (390 px) width.

axe-core comes bundled with axe-playwright-python (no download). Screenshots of every page checked
go to artifacts/screenshots/a11y-<page>-<width>.png.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.dashboard.test_browser import SCREENSHOTS, browser, pytestmark, site  # noqa: F401

STAFF_PASSWORD = "staff-demo-2022"
HALF = "period=2022H1"
PAGES = {
    "overview": f"/org/360483/?{HALF}",
    "air": f"/org/360483/air/?{HALF}",
    "water": f"/org/360483/water/?{HALF}",
    "rectification": f"/org/360483/rectification/?{HALF}",
    "ledger": f"/org/360483/ledger/?{HALF}",
    "completeness": "/org/360483/completeness/?period=2022",
    "reports": "/reports/",  # opens on the latest half-year with data
    "report": "/reports/360483/?from=2022-01-01&to=2022-06-30",
    "admin-home": "/admin/",
    "admin-changelist": "/admin/indicators/airdailyrecord/",
    "admin-rectification": "/admin/tasks/rectificationitem/",
    "admin-water": "/admin/indicators/watersample/",
    "admin-export": "/admin/indicators/airdailyrecord/export/",
    "admin-history": "/admin/audit/auditentry/",
}
BLOCKING = {"serious", "critical"}


def _violations(page, name: str, width: int) -> list[str]:
    """Serious and critical violations of the page as lines "page width: rule (impact): targets"."""
    results = Axe().run(page).response
    page.screenshot(path=str(SCREENSHOTS / f"a11y-{name}-{width}.png"), full_page=True)
    return [
        f"{name} {width}px: {v['id']} ({v['impact']}) {v['help']}: {[node['target'] for node in v['nodes']][:5]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("width", [1366, 390])
def test_the_main_pages_have_no_serious_accessibility_violations(site, browser, width):  # noqa: F811
    phone = width < 700
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900},
        is_mobile=phone,
        device_scale_factor=2 if phone else 1,
        locale="zh-CN",
    )
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    found = _violations(page, "login", width)
    page.fill("#id_username", "staff")
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    for name, path in PAGES.items():
        response = page.goto(f"{site}{path}")
        assert response.status == 200, path
        found += _violations(page, name, width)
    context.close()
    assert found == [], "\n".join(found)
