"""A huge cell repeated down a file: refused unread, each message quoting 50 characters, memory bounded."""

from __future__ import annotations

import io
import random
import resource
import tracemalloc
import zipfile

import openpyxl
import pytest

from ecoreport.importing.reading import TEXT_MAX_CHARS
from ecoreport.importing.resources.base import CELL_MAX_CHARS, QUOTE_CHARS
from ecoreport.importing.service import import_file

pytestmark = pytest.mark.django_db

ROWS = 1000
# One shared string, used by every row; random characters so that the file is no compression bomb.
HUGE = "".join(random.Random(11).choice("庐山市星子镇温泉白鹿海会蛟塘") for _ in range(1_000_000))


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["站点", "日期", "PM2.5"])
    for _ in range(ROWS):
        sheet.append([HUGE, "2022-01-01", 10])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_million_character_cell_is_a_row_error_quoting_a_short_prefix(demo_org):
    data = _workbook()
    tracemalloc.start()
    result = import_file("air-daily", data, dry_run=True, file_name="huge.xlsx")
    peak_growth_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"file {len(data)} bytes, Python peak {peak_growth_mb:.0f} MB, RSS peak {peak_rss_mb:.0f} MB")
    problems = result.problems
    assert not result.ok
    if problems[0].row == 0:  # the file guards refused it as a whole: also bounded
        assert len(problems[0].message) < 500
    else:
        assert len(problems) >= ROWS
        first = problems[0]
        assert first.row == 2 and first.column == "站点"
        assert f"{1_000_000} 个字符，上限 {CELL_MAX_CHARS}" in first.message
        assert first.message.endswith(HUGE[:QUOTE_CHARS] + "…")
        assert max(len(problem.message) for problem in problems) < 200
    assert peak_growth_mb < 100
    assert peak_rss_mb < 1024


def test_an_oversized_csv_cell_is_named_by_row_and_column_and_quoted_short(demo_org):
    long_cell = HUGE[:20_000]
    lines = ["站点,日期,PM2.5"] + [f"{long_cell},2022-01-0{day},10" for day in range(1, 6)]
    result = import_file("air-daily", "\n".join(lines).encode(), dry_run=True, file_name="long.csv")
    problems = result.problems
    assert [(problem.row, problem.column) for problem in problems] == [(row, "站点") for row in range(2, 7)]
    assert problems[0].message == f"单元格内容过长（20000 个字符，上限 {CELL_MAX_CHARS}）：{HUGE[:QUOTE_CHARS]}…"


def _shared_strings_xlsx(rows: list[list[str]]) -> bytes:
    """An .xlsx as a hostile hand writes it: every distinct string once in sharedStrings.xml, cells by index.

    openpyxl cannot make this file: it cuts a cell at Excel's 32,767 characters and writes inline strings.
    """
    strings: dict[str, int] = {}
    lines = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{chr(65 + index)}{number}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>'
            for index, value in enumerate(row)
        )
        lines.append(f'<row r="{number}">{cells}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
        f'Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rels}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{"".join(lines)}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{"".join(f"<si><t>{s}</t></si>" for s in strings)}</sst>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return buffer.getvalue()


def _peak_rss_growth_mb(work) -> tuple[object, float]:
    """What ``work()`` returns, and how far the process's resident memory rose above where it started
    (Linux: /proc/self/clear_refs resets the high-water mark, so lxml's allocations count too)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pytest.skip("the resident-memory high-water mark cannot be reset here")

    def status(name: str) -> float:
        with open("/proc/self/status") as lines:
            return next(int(line.split()[1]) for line in lines if line.startswith(name)) / 1024

    before = status("VmRSS:")
    answer = work()
    return answer, status("VmHWM:") - before


MEMORY_BUDGET_MB = 300


def test_a_49_mb_shared_string_under_the_ratio_guard_is_answered_within_the_memory_budget(demo_org):
    """Issue 11: a 66 KB .xlsx whose one 49 MB shared string 1,000 rows use took the importer to 5.6 GB."""
    huge = "a" * (49 * 1024 * 1024)
    data = _shared_strings_xlsx([["站点", "日期", "PM2.5"]] + [[huge, "2022-01-01", "10"]] * ROWS)
    del huge
    assert len(data) < 100 * 1024  # it packs 49 MB into a small upload, under the compression-ratio guard's floor
    result, growth_mb = _peak_rss_growth_mb(lambda: import_file("air-daily", data, dry_run=True, file_name="a.xlsx"))
    print(f"file {len(data)} bytes, peak resident memory {growth_mb:.0f} MB above the start")
    problems = result.problems
    assert len(problems) == ROWS
    assert {(problem.column, problem.message) for problem in problems} == {
        ("站点", f"单元格内容过长（{49 * 1024 * 1024} 个字符，上限 {CELL_MAX_CHARS}）：{'a' * QUOTE_CHARS}…")
    }
    assert [problem.row for problem in problems] == list(range(2, ROWS + 2))
    assert growth_mb < MEMORY_BUDGET_MB


def test_a_file_naming_more_text_than_its_budget_is_refused_as_a_whole(demo_org):
    """Each cell is within its budget, but one string shared by every row would be 20 million characters
    to check, store and keep in the history: the file has a budget of its own."""
    description = "问" * CELL_MAX_CHARS
    header = ["编号", "来源批次", "类型", "问题描述", "整改类型", "责任单位", "状态", "机构编码"]
    rows = [[f"B-{n}", "批次", "反馈问题", description, "限期整改", "单位", "推进中", "360483"] for n in range(2_001)]
    data = _shared_strings_xlsx([header, *rows])
    assert len(data) < 200 * 1024
    result = import_file("rectification", data, dry_run=True, file_name="b.xlsx")
    assert [str(problem) for problem in result.problems] == [
        f"file: 文件中的文字过多（超过 {TEXT_MAX_CHARS // 10_000} 万字），请拆分后分批导入。"
    ]
    under = import_file("rectification", _shared_strings_xlsx([header, *rows[:100]]), dry_run=True, file_name="u.xlsx")
    assert (under.problems, under.created) == ([], 100)


def test_a_million_character_csv_cell_is_a_row_error_in_chinese(demo_org):
    """Issue 11: past the csv module's 131,072 characters it was an English error with no row."""
    lines = ["站点,日期,PM2.5", "360483-A01,2022-01-01,10", f"{HUGE},2022-01-02,10"]
    result = import_file("air-daily", "\n".join(lines).encode(), dry_run=True, file_name="huge.csv")
    assert [(problem.row, problem.column, problem.message) for problem in result.problems] == [
        (3, "站点", f"单元格内容过长（1000000 个字符，上限 {CELL_MAX_CHARS}）：{HUGE[:QUOTE_CHARS]}…")
    ]
