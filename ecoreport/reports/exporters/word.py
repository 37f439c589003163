"""The document as a Word file (.docx), for the staff to edit in Word or WPS before it is issued.

Made from the same document object as the HTML and PDF, and shows what the PDF shows (published
figures, no data hints); the page and styles are in ``word_layout``. Charts go in as PNG.
"""

from __future__ import annotations

import datetime
import io

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ecoreport.reports.document import Chart, ReportDocument, Section, Table
from ecoreport.reports.exporters import word_layout as layout
from ecoreport.reports.exporters import word_pages as pages
from ecoreport.reports.exporters.base import Export, document_filename, made_at, page_mark

MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHART_WIDTH = Mm(150)
EMU_PER_PT = 12700
CELL_MARGIN_TWIPS = 60  # 3 pt
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def _new_word_file():
    word = docx.Document()
    # The template's preview picture is python-docx's own sample page.
    package_rels = word.part.package.rels
    for key in [key for key, rel in package_rels.items() if rel.reltype == _THUMBNAIL]:
        package_rels.pop(key)
    layout.define_styles(word)
    layout.name_alternative_faces(word)
    layout.set_up_page(word)
    return word


def _row_properties(row, *, header: bool) -> None:
    properties = row._tr.get_or_add_trPr()
    # A row stays on one page; the header row repeats at the top of every page the table runs onto.
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _cell_margins(grid) -> None:
    """3 pt left and right in every cell, as the PDF's table padding; Word's own 5.4 pt would wrap
    序号 and "2022年12月15日" in their columns."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    grid._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


class _Writer:
    """Writes a document into a new Word file, top to bottom."""

    def __init__(self) -> None:
        self.word = _new_word_file()
        # python-docx searches the whole style sheet on every lookup by name; look each up once.
        self._style_ids: dict[str, str] = {}

    def styled(self, paragraph, name: str):
        if name not in self._style_ids:
            self._style_ids[name] = self.word.styles[name].style_id
        paragraph._p.style = self._style_ids[name]
        return paragraph

    def paragraph(self, name: str, text: str = ""):
        return self.styled(self.word.add_paragraph(text), name)

    def properties(self, document: ReportDocument, made: datetime.datetime) -> None:
        org = document.figures.organization
        properties = self.word.core_properties
        # python-docx writes the clock time with a Z, whatever the zone: give it UTC.
        properties.created = properties.modified = made.astimezone(datetime.UTC)
        properties.title = document.title
        properties.author = org.full_name or org.name
        properties.last_modified_by = org.full_name or org.name
        properties.subject = "工作总结"
        properties.keywords = ""
        properties.comments = ""
        properties.revision = 1

    def page_mark(self, text: str) -> None:
        """The same line at the top of odd and even pages."""
        section = self.word.sections[0]
        for header in (section.header, section.even_page_header):
            self.styled(header.paragraphs[0], layout.STYLE_MARK).text = text

    def title(self, document: ReportDocument) -> None:
        paragraph = self.paragraph(layout.STYLE_TITLE)
        for index, line in enumerate(document.title_lines):
            run = paragraph.add_run(line)
            if index < len(document.title_lines) - 1:
                run.add_break()
        if document.sample_note:
            self.paragraph(layout.STYLE_NOTE, f"【{document.sample_note}】")

    def signature(self, document: ReportDocument, made_on: datetime.date) -> None:
        # GB/T 9704: one blank line between the body and the 落款, which never starts a page alone.
        self.word.paragraphs[-1].paragraph_format.keep_with_next = True
        self.paragraph(layout.STYLE_BODY).paragraph_format.keep_with_next = True
        for line in document.signature.lines(made_on):
            paragraph = self.paragraph(layout.STYLE_SIGNATURE, line.text)
            paragraph.paragraph_format.keep_with_next = True
            layout.right_indent_chars(paragraph, line.right)
        paragraph.paragraph_format.keep_with_next = False

    def section(self, section: Section, style: str) -> None:
        self.paragraph(style, section.heading)
        for paragraph in section.paragraphs:
            written = self.paragraph(layout.STYLE_BODY, paragraph.text)
            for piece in paragraph.differing:  # as the PDF: the note after the sentence, a size smaller
                written.add_run(piece.note).font.size = Pt(12)

    def chart(self, chart: Chart) -> None:
        self.paragraph(layout.STYLE_FIGURE).add_run().add_picture(io.BytesIO(chart.png), width=CHART_WIDTH)
        self.paragraph(layout.STYLE_FIGURE_CAPTION, f"附图{chart.number}　{chart.caption}")

    def _fill(self, row, texts, widths, style: str, left_columns=frozenset(), nowrap_columns=()) -> None:
        for column, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.width = widths[column]
            if column in nowrap_columns:
                cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = self.styled(cell.paragraphs[0], style)
            paragraph.text = text
            if column in left_columns:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def table(self, table: Table, number: int) -> None:
        """The table with its header row repeated; a table longer than a page starts on a new page
        and says 续表N on each further page (``word_pages``)."""
        columns = len(table.header)
        percents = table.widths or [100 / columns] * columns
        widths = [int(layout.TYPE_AREA_WIDTH * percent / 100) for percent in percents]
        pieces = pages.page_pieces(table.header, table.rows, [width / EMU_PER_PT for width in widths])
        caption = self.paragraph(layout.STYLE_TABLE_CAPTION, f"附表{number}　{table.caption}")
        if len(pieces) > 1:
            caption.paragraph_format.page_break_before = True
        for index, rows in enumerate(pieces):
            if index:
                label = self.paragraph(layout.STYLE_CONTINUED, f"续表{number}")
                label.paragraph_format.page_break_before = True
            self._grid(table, rows, widths, keep_together=len(pieces) == 1)

    def _grid(self, table: Table, rows: list[list[str]], widths: list[int], *, keep_together: bool) -> None:
        columns = len(table.header)
        grid = self.word.add_table(rows=1, cols=columns)
        grid.style = self.word.styles["Table Grid"]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        _cell_margins(grid)
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        _row_properties(grid.rows[0], header=True)
        self._fill(grid.rows[0], table.header, widths, layout.STYLE_TABLE_HEADER)
        # The task text reads as a sentence: left-aligned, as in the PDF.
        left = {2} if table.css == "ledger" else set()
        for values in rows:
            row = grid.add_row()
            _row_properties(row, header=False)
            self._fill(row, values, widths, layout.STYLE_TABLE_TEXT, left, table.nowrap)
        if not rows:
            row = grid.add_row()
            merged = row.cells[0].merge(row.cells[-1])
            self.styled(merged.paragraphs[0], layout.STYLE_TABLE_TEXT).text = "无数据"
        if keep_together:  # each row keeps with the next: a short table moves whole to the next page
            for row in grid.rows[:-1]:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True

    def appendix(self, document: ReportDocument) -> None:
        if not (document.appendix or document.charts):
            return
        self.paragraph(layout.STYLE_APPENDIX, "附件").paragraph_format.page_break_before = True
        for chart in document.charts:
            self.chart(chart)
        for number, table in enumerate(document.appendix, start=1):
            self.table(table, number)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()


def render_docx(
    document: ReportDocument, *, version: int | None = None, generated_at: datetime.datetime | None = None
) -> bytes:
    made = made_at(generated_at)
    writer = _Writer()
    writer.properties(document, made)
    writer.page_mark(page_mark(version, made))
    writer.title(document)
    for part in document.parts:
        writer.section(part, layout.STYLE_PART)
        for child in part.children:
            writer.section(child, layout.STYLE_SUBPART)
    writer.signature(document, made.date())
    writer.appendix(document)
    return writer.bytes()


def render(
    document: ReportDocument, *, version: int | None = None, generated_at: datetime.datetime | None = None
) -> Export:
    """``version``: the published version number, None for a draft; ``generated_at``: now unless given."""
    content = render_docx(document, version=version, generated_at=generated_at)
    return Export(document_filename(document, "docx", version=version), MIMETYPE, content)
