"""``build_document``: the summary from the figures, the staff's text and the ledger's tasks.

Query-free: the caller (``queries.load_document``) fetches the rows and passes them in, so a
document can be built from plain objects, and building one touches no database.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ecoreport import charts
from ecoreport.reports import wording
from ecoreport.reports.document import Chart, Paragraph, Piece, ReportDocument, Section, Signature
from ecoreport.reports.models import Report
from ecoreport.reports.narrative import FilledSection, Narrative, assessment_paragraph, sample_note
from ecoreport.reports.tables import air_table, ledger_table, water_table

if TYPE_CHECKING:
    from ecoreport.figures.results import PeriodFigures
    from ecoreport.reports.models import ReportSection
    from ecoreport.reports.placeholder_names import Vocabulary
    from tasks.models import LedgerTask

DATA_MARKER = "【数据】"
# Staff may number their own sub-headings; the document numbers them from their position instead.
_OWN_NUMBER = re.compile(r"^（[〇一二三四五六七八九十]+）")


def _quality_part(figures: PeriodFigures) -> Section:
    part = Section(wording.quality_title(figures))
    for paragraph in (
        wording.air_paragraph(figures),
        wording.water_paragraph(figures),
        wording.ranking_paragraph(figures),
        assessment_paragraph(figures),
    ):
        if paragraph is not None:
            part.paragraphs.append(paragraph)
    if not part.paragraphs:
        part.paragraphs.append(wording.no_monitoring_data(figures))
    air = figures.air
    if air.monthly and any(month.pm25 is not None for month in air.monthly):
        part.charts.append(Chart("PM2.5月均浓度与去年同期对比", charts.pm25_monthly(figures), "pm25"))
    if air.daily:
        part.charts.append(Chart("逐日空气质量等级日历", charts.aqi_calendar(figures), "aqi-calendar"))
    for section in figures.water.sections:
        if section.in_scope and any(month.tp is not None for month in section.monthly):
            caption = f"{section.name}断面总磷月均浓度（{section.body_label}标准）"
            part.charts.append(Chart(caption, charts.section_tp_monthly(section), f"tp:{section.code}"))
    return part


def _paragraphs(body: str, generated: str) -> list[Paragraph]:
    """Staff text split at blank lines, with the generated data sentence where 【数据】 stands (else first)."""
    blocks = [block.strip() for block in body.replace("\r\n", "\n").split("\n\n") if block.strip()]
    if generated and not any(DATA_MARKER in block for block in blocks):
        blocks.insert(0, DATA_MARKER)
    paragraphs = []
    for block in blocks:
        text = " ".join(line.strip() for line in block.split("\n"))
        text = text.replace(DATA_MARKER, generated)
        if text:
            paragraphs.append(Paragraph([Piece(text)]))
    return paragraphs


def _narrative_part(title: str, rows: Sequence[FilledSection], generated: dict[str, str]) -> Section:
    part = Section(title)
    for row in rows:
        paragraphs = _paragraphs(row.body, generated.get(row.generated, ""))
        if row.heading:
            part.children.append(Section(_OWN_NUMBER.sub("", row.heading), paragraphs=paragraphs))
        else:
            part.paragraphs.extend(paragraphs)
    return part


def _work_part(figures: PeriodFigures, rows: Sequence[FilledSection], generated: dict[str, str]) -> Section:
    work = _narrative_part(wording.period_word(figures) + wording.WORK_TITLE, rows, generated)
    used = {row.generated for row in rows}
    for key, title in (("rectification", wording.RECTIFICATION_TITLE), ("ledger", wording.LEDGER_TITLE)):
        if key not in used and generated[key]:
            work.children.append(Section(title, [Paragraph([Piece(generated[key])])]))
    if figures.ledger.by_area:
        work.charts.append(Chart("工作台账分领域进展", charts.ledger_status(figures), "ledger"))
    return work


def report_fingerprint(figures: PeriodFigures, sections: Sequence[ReportSection]) -> str:
    """What a published version was made from: the figures' inputs plus the staff's text."""
    digest = hashlib.sha256(figures.data_fingerprint.encode())
    for row in sections:
        digest.update(json.dumps([row.part, row.order, row.heading, row.body, row.generated]).encode())
    return digest.hexdigest()


def build_document(
    figures: PeriodFigures,
    sections: Sequence[ReportSection],
    tasks: Sequence[LedgerTask],
    vocabulary: Vocabulary | None = None,
    *,
    signature: Signature | None = None,
    appendix: str = Report.Appendix.FULL,
) -> ReportDocument:
    """The document: ``sections`` are the period's report sections in (part, order) order, their
    placeholders filled from the figures (``vocabulary``: the names known beyond this period's),
    ``tasks`` the ledger tasks listed in the appendix (its table is left out when there are none),
    ``signature`` the 落款 (None: the organization's full name, dated the day a file is made),
    ``appendix`` which 附件 follow the body (``Report.Appendix``)."""
    narrative = Narrative(figures, sections, vocabulary)
    by_part: dict[str, list[FilledSection]] = {}
    for row in narrative.rows:
        by_part.setdefault(row.part, []).append(row)
    # Any part's text may place a data sentence, though the seed places them in 主要工作 only.
    generated = {"rectification": wording.rectification_text(figures), "ledger": wording.ledger_text(figures)}
    work = _work_part(figures, by_part.get("work", []), generated)
    problems = _narrative_part(wording.PROBLEMS_TITLE, by_part.get("problems", []), generated)
    problems.hints = wording.problem_hints(figures)
    plan = _narrative_part(wording.plan_title(figures), by_part.get("plan", []), generated)
    plan.hints = wording.plan_hints(figures)
    for key, part in (("work", work), ("problems", problems), ("plan", plan)):
        part.hints += narrative.hints(key)
    parts = [_quality_part(figures), work, problems, plan]
    tables = [air_table(figures), water_table(figures)]
    if tasks and appendix == Report.Appendix.FULL:
        tables.append(ledger_table(tasks))
        if any(task.is_sample for task in tasks):
            tables[-1].caption += "（示例数据）"
    if appendix == Report.Appendix.NONE:
        tables = []
        for part in parts:
            part.charts = []  # pictures are drawn on request, so none is drawn for nothing
    return ReportDocument(
        figures=figures,
        title=wording.document_title(figures),
        parts=parts,
        appendix=tables,
        fingerprint=report_fingerprint(figures, sections),
        unresolved=narrative.problems,
        sample_note=sample_note(figures),
        signature=signature,
    )
