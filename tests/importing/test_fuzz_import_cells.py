"""Any value in any column of any kind of file: a clean import or problems named by row and column.

Hypothesis puts random text, numbers and dates (as CSV text, or as the number and date cells of an
.xlsx) into one cell of a row that imports cleanly (``test_import_limits``), and runs the dry run,
which writes inside a transaction it then undoes: so a value that only the database would refuse
shows up here as a "数据库拒绝写入" problem, which must never happen. No exception may escape.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from entry_files import xlsx_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from test_import_limits import CASES

from ecoreport.importing.service import import_file

pytestmark = pytest.mark.django_db

KINDS = sorted({(case[0], tuple(case[1]), tuple(case[2])) for case in CASES})
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

TEXT_VALUES = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789.-+eE，,年月日/ ", max_size=30),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.builds("{}-{}-{}".format, st.integers(-10, 99_999), st.integers(-1, 14), st.integers(-1, 33)),
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(["是", "否", "推进中", "已销号", "Ⅲ", "劣V", "国考", "湖库", "II", "1e400", "-0", "NaN"]),
    st.integers(1, 20_000).map(lambda n: "长" * n),
)
CELL_VALUES = st.one_of(
    TEXT_VALUES,
    st.sampled_from([15, 31, 63]).map(lambda bits: 2**bits),
    st.dates(max_value=datetime.date(2000, 1, 1)),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
)


EDGE_TEXT = st.one_of(
    st.sampled_from([0, 1, 2, 10, 100, 1000, 10_000]).flatmap(
        lambda size: st.integers(max(size - 2, 0), size + 3).map(lambda n: "码" * n)
    ),
    st.builds(lambda bits, step: str(2**bits + step), st.sampled_from([15, 31, 63, 64, 128, 1000]), st.integers(-2, 2)),
    st.integers(0, 400).map(lambda exponent: f"1e{exponent}"),
    st.integers(0, 40).map(lambda places: f"0.{'0' * places}1"),
    st.dates(max_value=datetime.date(2000, 1, 31)).map(datetime.date.isoformat),
    st.dates(min_value=datetime.date(2099, 12, 1)).map(datetime.date.isoformat),
)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _check(result, header: list[str]) -> None:
    for problem in result.problems:
        assert not problem.message.startswith("数据库拒绝写入"), problem
        if problem.row == 0:  # the file as a whole (a NUL byte makes a CSV unreadable, for one)
            assert problem.column == "" and problem.message
        else:
            assert problem.row == 2 and (problem.column in header or problem.column.startswith("第 ")), problem
    assert result.ok == (not result.problems)


@FUZZ
@given(data=st.data())
def test_any_text_in_any_csv_cell_is_imported_or_named(data):
    kind, header, good = data.draw(st.sampled_from(KINDS), label="kind")
    column = data.draw(st.integers(0, len(header) - 1), label="column")
    row = list(good)
    row[column] = data.draw(st.one_of(TEXT_VALUES, EDGE_TEXT), label=header[column])
    result = import_file(kind, _csv([list(header), row]), dry_run=True, file_name="fuzz.csv")
    _check(result, list(header))


@FUZZ
@given(data=st.data())
def test_any_number_or_date_cell_of_an_xlsx_is_imported_or_named(data):
    kind, header, good = data.draw(st.sampled_from(KINDS), label="kind")
    column = data.draw(st.integers(0, len(header) - 1), label="column")
    row: list[object] = list(good)
    value = data.draw(CELL_VALUES, label=header[column])
    if isinstance(value, int) and abs(value) >= 2**53:
        value = float(value)  # Excel keeps numbers as doubles
    elif isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters an .xlsx cannot hold
    row[column] = value
    result = import_file(kind, xlsx_bytes([list(header), row]), dry_run=True, file_name="fuzz.xlsx")
    _check(result, list(header))
