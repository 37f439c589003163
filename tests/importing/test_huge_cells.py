"""A huge cell repeated down a file: refused unread, each message quoting 50 characters, memory bounded."""

from __future__ import annotations

import io
import random
import resource
import tracemalloc

import openpyxl
import pytest

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
