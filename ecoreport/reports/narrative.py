"""The staff's narrative sections filled in for one period, with what an editor must still see to.

``Narrative(figures, sections, vocabulary)`` fills every section's placeholders once; the document
is built from its ``rows`` (the sections with their text filled in), shows ``hints(part)`` beside
each part in the web view (unknown placeholders, placeholders without data, numbers typed by hand)
and carries ``problems``, which publishing refuses. ``assessment_paragraph`` and ``sample_note``
put the assessments and the sample-data warning into the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ecoreport.reports.document import Paragraph, Piece
from ecoreport.reports.hand_typed import hand_typed
from ecoreport.reports.placeholder_names import Vocabulary, assessment_phrase
from ecoreport.reports.placeholders import MISSING_MARK, UNKNOWN_MARK, fill

if TYPE_CHECKING:
    from ecoreport.figures.results import PeriodFigures
    from ecoreport.reports.models import ReportSection


@dataclass(frozen=True)
class FilledSection:
    """A narrative section as the document uses it: ``body`` filled in, ``template`` as staff wrote it."""

    part: str
    order: int
    heading: str
    body: str
    generated: str
    template: str


class Narrative:
    def __init__(
        self, figures: PeriodFigures, sections: Sequence[ReportSection], vocabulary: Vocabulary | None = None
    ) -> None:
        vocabulary = vocabulary or Vocabulary.from_figures(figures)
        self.rows: list[FilledSection] = []
        self._unknown: dict[str, list[str]] = {}
        self._missing: dict[str, list[str]] = {}
        self._typed: dict[str, list[str]] = {}
        for row in sections:
            filled = fill(row.body, figures, vocabulary)
            self.rows.append(FilledSection(row.part, row.order, row.heading, filled.text, row.generated, row.body))
            _extend(self._unknown.setdefault(row.part, []), filled.unknown)
            _extend(self._missing.setdefault(row.part, []), filled.missing)
            self._typed.setdefault(row.part, []).extend(hand_typed(row.body))

    @property
    def problems(self) -> list[str]:
        """Every placeholder the text could not fill, as the document marks it; publishing refuses any."""
        marks = [UNKNOWN_MARK.format(name) for names in self._unknown.values() for name in names]
        return marks + [MISSING_MARK.format(name) for names in self._missing.values() for name in names]

    def hints(self, part: str) -> list[Paragraph]:
        """Data hints for one part (web view only)."""
        hints = []
        if unknown := self._unknown.get(part):
            hints.append(_note(f"未知占位符：{'、'.join(unknown)}。请在“报告文字段落”中更正，否则不能发布。"))
        if missing := self._missing.get(part):
            hints.append(_note(f"本期没有数据的占位符：{'、'.join(missing)}。请录入本期数据后再发布。"))
        if typed := self._typed.get(part):
            hints.append(_note(f"手工录入的数字{len(typed)}处（无数据来源，可改为占位符）：{'；'.join(typed)}。"))
        return hints


def _extend(names: list[str], more: list[str]) -> None:
    names.extend(name for name in more if name not in names)


def _note(text: str) -> Paragraph:
    return Paragraph([Piece(text)], kind="note")


def assessment_paragraph(figures: PeriodFigures) -> Paragraph | None:
    """The published ranks and grades of the period, as a sentence of part one."""
    sentences = []
    for item in figures.assessments:
        own_period = item.start == figures.start and item.end == figures.end
        sentences.append(f"{'' if own_period else item.period_label}{item.measure}{assessment_phrase(item)}")
    if not sentences:
        return None
    return Paragraph([Piece("据上级通报，" + "；".join(sentences) + "。")])


def sample_note(figures: PeriodFigures) -> str:
    """What in the document is sample data, said once under the title; empty when nothing is."""
    if not figures.samples:
        return ""
    return f"示例数据：本文所涉{'、'.join(figures.samples)}含演示用的示例内容，不是正式数据。"
