"""An .xlsx export of every kind re-imports with no change, and cannot smuggle a formula."""

from __future__ import annotations

import pytest
from entry_files import read_xlsx

from ecoreport.importing.export import export_workbook
from ecoreport.importing.resources import RESOURCES
from ecoreport.importing.service import import_file
from tasks.models import RectificationItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", list(RESOURCES))
def test_an_export_reimports_with_no_change(kind):
    data = export_workbook(kind)
    rows = read_xlsx(data)
    assert rows[0] == [column.label for column in RESOURCES[kind].columns()]
    assert len(rows) > 1, "the demo has rows of every kind"
    result = import_file(kind, data, file_name=f"{kind}.xlsx", dry_run=True)
    assert (result.problems, result.created, result.updated) == ([], 0, 0)
    assert result.unchanged == len(rows) - 1


def test_air_values_export_as_the_numbers_staff_typed():
    rows = read_xlsx(export_workbook("air-daily"))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["站点编码"] == "360483-A01"
    assert isinstance(first["PM2.5"], int | float)
    assert first["O3_1h"] is None  # missing stays missing, not 0


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x","点我")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_cell_that_looks_like_a_formula_exports_as_text_and_reads_back_unchanged(dangerous):
    item = RectificationItem.objects.order_by("code").first()
    item.description = dangerous
    item.save()
    data = export_workbook("rectification", RectificationItem.objects.filter(pk=item.pk).select_related(
        "batch__organization", "unit"))  # fmt: skip
    from io import BytesIO

    from openpyxl import load_workbook

    cell = load_workbook(BytesIO(data)).worksheets[0].cell(row=2, column=4)
    assert (cell.value, cell.data_type) == (dangerous, "s")
    result = import_file("rectification", data, file_name="back.xlsx", dry_run=True)
    assert (result.problems, result.unchanged) == ([], 1)
