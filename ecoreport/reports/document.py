"""The summary document as a plain object: what the HTML, PDF and Word exporters render.

A document is a list of parts; each part and sub-part takes its heading number from its position
(一、二、… for parts, （一）（二）… inside a part), and charts are numbered 附图1, 2, … in reading
order, so adding or removing a part renumbers everything after it. ``build.build_document``
makes one from the figures and the staff's text.
"""

from __future__ import annotations

import base64
import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecoreport.charts.print_form import print_form
from ecoreport.reports.chart_cache import chart_png, chart_svg
from ecoreport.reports.formatting import chinese_ordinal, long_date, print_breaks

if TYPE_CHECKING:
    from ecoreport.charts import Picture
    from ecoreport.figures.results import PeriodFigures


@dataclass(frozen=True)
class Piece:
    """A run of text; ``computed`` is set when a published figure is shown instead of it."""

    text: str
    computed: str = ""
    source: str = ""
    unit: str = ""  # of a published figure, for its note

    @property
    def note(self) -> str:
        """The note after a paragraph whose published figure differs, in the dashboard's words; the
        page, the PDF and Word all print this one string."""
        return f"［发布值 {self.text}{self.unit}（按标准计算 {self.computed}{self.unit}）］"

    @property
    def print_text(self) -> str:
        """The text as the PDF sets it: with the line breaks Chinese allows around quotes."""
        return print_breaks(self.text)


@dataclass
class Paragraph:
    pieces: list[Piece]
    # "body" 仿宋 indented; "note" a staff-facing data hint (web view only).
    kind: str = "body"

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)

    @property
    def differing(self) -> list[Piece]:
        """Pieces showing a published figure that differs from the computed one (noted after the paragraph)."""
        return [piece for piece in self.pieces if piece.computed]


@dataclass
class Chart:
    caption: str
    picture: Picture
    # Its name in the chart cache the dashboard shares ("pm25", "tp:<section code>"; see chart_cache).
    name: str = ""
    number: int = field(default=0, init=False)
    # The figures' (organization, period, data version) key; set by ``queries.load_document``.
    period_key: str = field(default="", init=False)
    _svg: str = field(default="", init=False, repr=False)

    @property
    def svg(self) -> str:
        if not self._svg:
            self._svg = chart_svg(self)
        return self._svg

    @property
    def png(self) -> bytes:
        return chart_png(self)

    @property
    def data_uri(self) -> str:
        # As an image, WeasyPrint hands the SVG straight to its SVG renderer; inlined, its HTML
        # CSS parser first rejects (and logs) every SVG presentation property, thousands per page.
        # An image has no hover: its print form draws the same in a fifth of the elements.
        return "data:image/svg+xml;base64," + base64.b64encode(print_form(self.svg).encode()).decode()


@dataclass
class Section:
    """A part or a sub-part: ``title`` without its number; ``heading`` is numbered from its position."""

    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    hints: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    heading: str = field(default="", init=False)


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)
    css: str = ""
    # Columns whose cells never wrap (dates, statuses, numbers): a date split over two lines misreads.
    nowrap: list[int] = field(default_factory=list)


def text_width(text: str) -> float:
    """Width in characters of 3号: a CJK character is one, a half-width digit or letter a half."""
    return sum(0.5 if ord(char) < 128 else 1 for char in text)


@dataclass(frozen=True)
class SignatureLine:
    text: str
    right: float  # space to the right edge of the type area, in characters


@dataclass(frozen=True)
class Signature:
    """落款: the issuing unit and the 成文日期 (None: the day the file is made)."""

    unit: str
    date: datetime.date | None = None

    def lines(self, made_on: datetime.date) -> list[SignatureLine]:
        """GB/T 9704 7.3.5.2 (no seal): the unit two characters in from the right, the date below it
        starting two characters further right; a date longer than that stays two characters in and
        moves the unit right with it."""
        date_text = long_date(self.date or made_on)
        unit_width, date_width = text_width(self.unit), text_width(date_text)
        date_right = unit_width - date_width
        if date_right >= 2:
            return [SignatureLine(self.unit, 2), SignatureLine(date_text, date_right)]
        return [SignatureLine(self.unit, 4 + date_width - unit_width), SignatureLine(date_text, 2)]


def title_lines(title: str) -> list[str]:
    # GB/T 9704 breaks a long title by sense: the issuing unit and period first, the kind after.
    index = title.find("工作总结")
    if index > 0 and len(title) > 22:
        return [title[:index], title[index:]]
    return [title]


_BEFORE_A_YEAR = re.compile(r"(?=\d{4}年)")


def title_words(line: str) -> list[str]:
    """A title line in the pieces it may break between on a narrow screen: the unit, then the period
    ("九江市庐山生态环境局", "2022年上半年"), so that a line never breaks inside "2022年"."""
    return [word for word in _BEFORE_A_YEAR.split(line) if word]


def number_parts(parts: list[Section]) -> None:
    """Number the headings from the positions in the list: 一、… for parts, （一）… inside each."""
    for position, part in enumerate(parts, start=1):
        part.heading = f"{chinese_ordinal(position)}、{part.title}"
        for child_position, child in enumerate(part.children, start=1):
            child.heading = f"（{chinese_ordinal(child_position)}）{child.title}"


@dataclass
class ReportDocument:
    figures: PeriodFigures
    title: str
    parts: list[Section]
    appendix: list[Table]
    fingerprint: str
    # Placeholders the narrative could not fill (【未知占位符：…】, 【无数据：…】): publishing refuses them.
    unresolved: list[str] = field(default_factory=list)
    # Said under the title when sample records (is_sample) feed the document: 示例数据….
    sample_note: str = ""
    # 落款 after the last part; None: the organization's full name, dated the day the file is made.
    signature: Signature | None = None

    def __post_init__(self) -> None:
        if self.signature is None:
            org = self.figures.organization
            self.signature = Signature(org.full_name or org.name)
        number_parts(self.parts)
        for number, chart in enumerate(self.charts, start=1):
            chart.number = number

    @property
    def title_lines(self) -> list[str]:
        return title_lines(self.title)

    @property
    def title_line_words(self) -> list[list[str]]:
        return [title_words(line) for line in self.title_lines]

    def share_charts(self, period_key: str) -> None:
        """Draw the charts once per (organization, period, data version), in the cache the dashboard
        shares: ``period_key`` is the figures' key (``figures.compute.figures_and_key``)."""
        for chart in self.charts:
            chart.period_key = period_key

    def draw_charts(self) -> None:
        """Draw (or fetch) every chart's SVG now rather than inside the template."""
        for chart in self.charts:
            chart.svg  # noqa: B018 - drawn and kept on the chart

    @property
    def charts(self) -> list[Chart]:
        # The charts go after the text, as 附图, so the narrative runs on without half-empty pages.
        return [chart for part in self.parts for chart in part.charts]

    @property
    def differences(self) -> int:
        """How many figures show a published value that differs from the computed one."""
        return sum(
            1
            for part in self.parts
            for section in [part, *part.children]
            for paragraph in section.paragraphs
            for piece in paragraph.pieces
            if piece.computed
        )
