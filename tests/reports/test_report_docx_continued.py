"""续表 in the Word file: a table longer than a page starts on a new page and each further page
starts with "续表N" and the header row again; a table that fits stays whole."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from ecoreport.reports.exporters import word
from ecoreport.reports.exporters.word_pages import FILL, LABEL_PT, TYPE_AREA_HEIGHT_PT, page_pieces, row_height
from ecoreport.reports.queries import load_document
from tests.report_pdf_helpers import H1_2022

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def blocks(django_db_setup, django_db_blocker):
    """The appendix of the seed .docx in body order: ("p", style, text, page break before) and
    ("tbl", table)."""
    from ecoreport.accounts.models import Organization

    with django_db_blocker.unblock():
        content = word.render(load_document(Organization.objects.get(code="360483"), *H1_2022)).content
    document = docx.Document(io.BytesIO(content))
    tables = iter(document.tables)
    paragraphs = iter(document.paragraphs)
    found = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = next(paragraphs)
            breaks = paragraph.paragraph_format.page_break_before is True
            found.append(("p", paragraph.style.name, paragraph.text, breaks))
        elif element.tag == qn("w:tbl"):
            found.append(("tbl", next(tables)))
    return found


def _after(blocks, text: str) -> list:
    start = next(i for i, block in enumerate(blocks) if block[0] == "p" and block[2].startswith(text))
    return blocks[start:]


def test_the_ledger_starts_on_a_new_page_and_each_further_page_says_continued(blocks):
    ledger = _after(blocks, "附表3")
    assert ledger[0][1:] == ("附表标题", "附表3　工作台账任务清单（示例数据）", True)
    labels = [block for block in ledger if block[0] == "p"]
    assert labels[1:] == [("p", "续表标注", "续表3", True)] * (len(labels) - 1)
    assert len(labels) == 4  # 62 tasks of two lines each: four pages, as in the PDF
    tables = [block[1] for block in ledger if block[0] == "tbl"]
    assert len(tables) == len(labels)
    numbers = [row.cells[0].text for table in tables for row in table.rows[1:]]
    assert numbers == [str(n) for n in range(1, 63)]  # every task once, in order
    header = ["序号", "领域", "工作任务", "责任单位", "完成时限", "状态"]
    for table in tables:
        assert [cell.text for cell in table.rows[0].cells] == header
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_a_table_that_fits_a_page_stays_whole_and_unlabelled(blocks):
    air = _after(blocks, "附表1")
    assert air[0][3] is False  # no page break of its own
    table = air[1][1]
    assert len(table.rows) == 7
    kept = [p.paragraph_format.keep_with_next for row in table.rows[:-1] for p in row.cells[0].paragraphs]
    assert kept == [True] * 6  # each row keeps with the next: it moves whole to the next page
    assert not any(block[0] == "p" and block[2] == "续表1" for block in blocks)


def test_rows_are_as_tall_as_their_longest_cell():
    widths = [100.0, 50.0]  # points: 8.5 and 3.7 5号 characters a line inside the cell margins
    assert row_height(["短", "短"], widths) == 15.75
    assert row_height(["一二三四五六七八九", "短"], widths) == 2 * 15 + 0.75
    assert row_height(["短", "1234567"], widths) == 15.75  # half-width digits count half: 3.5
    assert row_height(["短", "123456789"], widths) == 2 * 15 + 0.75


def test_pieces_fill_a_page_and_keep_every_row_in_order():
    widths = [100.0, 200.0]
    rows = [[str(n), "任务" * (n % 3 + 1)] for n in range(100)]
    pieces = page_pieces(["序号", "任务"], rows, widths)
    assert [row for piece in pieces for row in piece] == rows
    room = TYPE_AREA_HEIGHT_PT * FILL - LABEL_PT - row_height(["序号", "任务"], widths)
    for piece in pieces:
        assert sum(row_height(row, widths) for row in piece) <= room
    for piece, following in zip(pieces, pieces[1:], strict=False):
        assert sum(row_height(row, widths) for row in piece) + row_height(following[0], widths) > room
    assert page_pieces(["序号"], [["1"]], [100.0]) == [[["1"]]]
    assert page_pieces(["序号"], [], [100.0]) == [[]]
