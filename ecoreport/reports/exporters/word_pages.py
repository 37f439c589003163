"""Where a long appendix table continues onto a new page in the Word file, so that page says 续表N.

Word repeats a table's header row (``w:tblHeader``) at the top of every page the table runs
onto, but it has no way to add a 续表 label there: it breaks pages as it lays out. So a table
that does not fit on one page is cut where the pages will fall: it starts on a new page, and each
further page starts with a "续表N" line (``page_break_before``) and a new table under the same
header row. The cut points come from the rows' heights in this file's own measures (5号 text on
15 pt lines in columns of known width), filling each page to ``FILL`` of the type area, so Word
always has room and never breaks inside a piece; should it ever (an edited row grows), the
repeated header row still heads the page. A table that fits on one page is kept whole on the
page it starts (each row keeps with the next), so it never continues without a label.

Staff who add or remove rows in Word move the 续表 lines themselves, as they would in a
hand-made summary; the header rows still repeat by themselves.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ecoreport.reports.document import text_width

TYPE_AREA_HEIGHT_PT = 225 / 25.4 * 72  # GB/T 9704: 225 mm
FILL = 0.9
TABLE_LINE_PT = 15.0  # STYLE_TABLE_TEXT: exactly 15 pt
TABLE_FONT_PT = 10.5  # 5号
CELL_MARGINS_PT = 2 * 5.4  # Word's default left and right cell margins (0.19 cm)
ROW_BORDER_PT = 0.75
LABEL_PT = 24.0 + 6.0  # STYLE_TABLE_CAPTION / STYLE_CONTINUED: a 24 pt line, 6 pt before


def row_height(texts: Sequence[str], widths_pt: Sequence[float]) -> float:
    """A row's height: its tallest cell, with 5号 characters wrapped in the column's width."""
    lines = 1
    for text, width in zip(texts, widths_pt, strict=True):
        per_line = max(1.0, (width - CELL_MARGINS_PT) / TABLE_FONT_PT)
        lines = max(lines, math.ceil(text_width(text) / per_line))
    return lines * TABLE_LINE_PT + ROW_BORDER_PT


def page_pieces(header: Sequence[str], rows: Sequence[Sequence[str]], widths_pt: Sequence[float]) -> list[list]:
    """``rows`` cut into the pieces that go on one page each (one piece when the table fits a page).

    Each page holds its label line (the caption, or 续表N), the header row and its rows."""
    room = TYPE_AREA_HEIGHT_PT * FILL - LABEL_PT - row_height(header, widths_pt)
    pieces: list[list] = [[]]
    used = 0.0
    for row in rows:
        height = row_height(row, widths_pt)
        if pieces[-1] and used + height > room:
            pieces.append([])
            used = 0.0
        pieces[-1].append(row)
        used += height
    return pieces
