"""The report page in a real browser at desktop and phone width: a faithful preview that fits.

Screenshots go to artifacts/screenshots/ (report-desktop.png, report-phone.png).
"""

from tests.dashboard.test_browser import LEADER_PASSWORD, SCREENSHOTS, _log_in, browser, pytestmark, site

__all__ = ["browser", "pytestmark", "site"]  # the dashboard's browser fixtures and skip rule, shared

REPORT = "/reports/360483/?from=2022-01-01&to=2022-06-30"

# Elements outside the text column (unless inside a table box that scrolls), and title words split.
OVERFLOWS = """() => {
  const text = document.querySelector('.gongwen').getBoundingClientRect();
  const wrap = (el) => el.closest('.doc-table-wrap');
  const scrolls = (el) => wrap(el) && getComputedStyle(wrap(el)).overflowX === 'auto';
  const found = [];
  for (const el of document.querySelectorAll('.gongwen *')) {
    const box = el.getBoundingClientRect();
    const outside = box.right > text.right + 0.5 || box.left < text.left - 0.5;
    if (outside && !scrolls(el)) found.push(el.tagName + ' ' + el.textContent.slice(0, 20));
  }
  // Text wider than its cell overprints the next one.
  for (const cell of document.querySelectorAll('.doc-table th, .doc-table td')) {
    if (cell.scrollWidth > cell.clientWidth + 1) found.push('cell ' + cell.textContent.slice(0, 20));
  }
  for (const word of document.querySelectorAll('.title-word')) {
    if (word.getClientRects().length !== 1) found.push('title ' + word.textContent);
  }
  return found;
}"""


def _open_report(browser, site, **context_options):
    context = browser.new_context(locale="zh-CN", **context_options)
    page = context.new_page()
    _log_in(page, site, "leader", LEADER_PASSWORD)
    page.goto(f"{site}{REPORT}")
    page.wait_for_load_state()
    return context, page


def test_the_report_preview_fits_its_a4_sheet_on_a_desktop(site, browser):
    context, page = _open_report(browser, site, viewport={"width": 1280, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate(OVERFLOWS) == []
    # The text column is the type area's 156 mm (96 px to the inch).
    width = page.evaluate("document.querySelector('.gongwen').getBoundingClientRect().width")
    assert abs(width - 156 / 25.4 * 96) < 2
    # Header cells and body cells of the ledger table do not overprint: each row below the one above.
    rows = page.evaluate(
        "[...document.querySelectorAll('table.ledger tr')].slice(0, 6).map(r => r.getBoundingClientRect().top)"
    )
    assert rows == sorted(rows) and len(set(rows)) == len(rows)
    note = page.text_content("p:has(mark.published-figure)")
    assert "优良率为92.2%" in note and "［发布值 92.2%（按标准计算 92.3%）］" in note
    page.screenshot(path=str(SCREENSHOTS / "report-desktop.png"), full_page=True)
    context.close()


def test_the_report_preview_reads_on_a_phone(site, browser):
    context, page = _open_report(
        browser, site, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(OVERFLOWS) == []
    page.screenshot(path=str(SCREENSHOTS / "report-phone.png"), full_page=True)
    context.close()
