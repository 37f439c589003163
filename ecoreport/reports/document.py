"""The summary document as a plain object, written from a ``PeriodFigures`` and the staff's text.

Nothing here computes a figure: sentences are assembled from the figures object, and numbers are
only formatted. Where the bureau published an official figure, the sentence uses it and carries the
computed value along so that the HTML view can mark the difference (the PDF shows only the
published figure, as the bureau's document does).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from ecoreport import charts
from ecoreport.accounts.models import Organization
from ecoreport.figures.results import PeriodFigures, Published, SectionFigures
from ecoreport.reports.models import ReportSection
from indicators.standards.water import CLASSES, PARAMETERS, class_label
from tasks.models import LedgerTask

DATA_MARKER = "【数据】"
CHINESE_DIGITS = "〇一二三四五六七八九"
HEADING_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Piece:
    """A run of text; ``computed`` is set when a published figure is shown instead of it."""

    text: str
    computed: str = ""
    source: str = ""


@dataclass
class Paragraph:
    pieces: list[Piece]
    # "body" 仿宋 indented; "h3" （一） 楷体; "note" staff-facing data hint (web view only).
    kind: str = "body"

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


@dataclass
class Chart:
    number: int
    caption: str
    svg: str

    @property
    def data_uri(self) -> str:
        # As an image, WeasyPrint hands the SVG straight to its SVG renderer; inlined, its HTML
        # CSS parser first rejects (and logs) every SVG presentation property, thousands per page.
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass
class Section:
    """A numbered part (一、…) or a sub-part (（一）…) with paragraphs, charts and sub-parts."""

    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    hints: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)
    css: str = ""


@dataclass
class ReportDocument:
    figures: PeriodFigures
    title: str
    title_lines: list[str]
    parts: list[Section]
    appendix: list[Table]
    differences: int
    fingerprint: str

    @property
    def charts(self) -> list[Chart]:
        # The charts go after the text, as 附图, so the narrative runs on without half-empty pages.
        return [chart for part in self.parts for chart in part.charts]


# ---------------------------------------------------------------- formatting (no arithmetic)


def fmt(value: Decimal | int | None, places: int | None = None) -> str:
    if value is None:
        return "—"
    if places is not None:
        return f"{Decimal(value):.{places}f}"
    return str(value)


def fmt_rate(value: Decimal | None) -> str:
    if value is None:
        return "—"
    # 100.0% reads as a typing slip in a bureau document; every other rate keeps its decimal.
    return "100" if Decimal(value) == 100 else f"{Decimal(value):.1f}"


def chinese_ordinal(number: int) -> str:
    if 1 <= number <= 10:
        return HEADING_NUMBERS[number - 1]
    if number < 20:
        return "十" + CHINESE_DIGITS[number - 10]
    if number < 100:
        tens, ones = divmod(number, 10)
        return CHINESE_DIGITS[tens] + "十" + (CHINESE_DIGITS[ones] if ones else "")
    return str(number)


def _class_text(key: str | None) -> str:
    if not key:
        return "—"
    return class_label(key) + "类"


def _target_class_text(label: str) -> str:
    return label if label.endswith("类") else label + "类"


def _shown(computed: str, published: Published | None, places: int | None, rate: bool = False) -> Piece:
    if published is None:
        return Piece(computed)
    text = fmt_rate(published.value) if rate else fmt(published.value, places)
    if not published.differs:
        return Piece(text)
    return Piece(text, computed=computed, source=published.source)


def _change_words(change: Decimal | None, better: str, worse: str, unit: str = "%") -> str:
    if change is None:
        return ""
    if change == 0:
        return "，与去年同期持平"
    word = better if change < 0 else worse
    return f"，较去年同期{word}{abs(change)}{unit}"


def _we(org: Organization) -> str:
    for suffix in ("市", "县", "区", "旗"):
        if org.name.endswith(suffix):
            return "我" + suffix
    return "本辖区"


def _is_half_year(figures: PeriodFigures) -> bool:
    start, end = figures.start, figures.end
    return start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 6, 30)


def _period_word(figures: PeriodFigures) -> str:
    if _is_half_year(figures):
        return "上半年"
    return figures.period_label


def _title(org: Organization, figures: PeriodFigures) -> str:
    unit = org.full_name or org.name
    if _is_half_year(figures):
        return f"{unit}{figures.start.year}年上半年工作总结及下半年工作计划"
    if figures.cumulative and figures.end.month < 12:
        return f"{unit}{figures.period_title}工作总结及下步工作计划"
    if figures.start == datetime.date(figures.start.year, 1, 1) and figures.end == datetime.date(
        figures.start.year, 12, 31
    ):
        return f"{unit}{figures.period_title}工作总结及{figures.start.year + 1}年工作计划"
    return f"{unit}{figures.period_title}工作总结"


def _title_lines(title: str, unit: str) -> list[str]:
    # GB/T 9704 breaks a long title by sense: the issuing unit and period first, the kind after.
    for cut in ("工作总结",):
        index = title.find(cut)
        if index > 0 and len(title) > 22:
            return [title[:index], title[index:]]
    return [title]


# ---------------------------------------------------------------- 一、环境质量


def _air_paragraph(figures: PeriodFigures, we: str) -> Paragraph | None:
    air = figures.air
    if air.valid_days == 0:
        return None
    pieces = [Piece(f"{figures.period_label}份，{we}环境空气PM2.5浓度均值为")]
    pieces.append(_shown(fmt(air.pm25), air.published.get("pm25"), 0))
    pieces.append(Piece("微克/立方米" + _change_words(air.pm25_change_pct, "下降", "上升")))
    if air.pm25_target and air.pm25_target.target is not None and air.pm25_target.met is not None:
        verdict = "达到" if air.pm25_target.met else "未达到"
        pieces.append(Piece(f"，{verdict}年度目标（{fmt(air.pm25_target.target, 0)}微克/立方米）"))
    pieces.append(Piece("；空气优良天数"))
    pieces.append(_shown(fmt(air.good_days), air.published.get("good_days"), 0))
    pieces.append(Piece("天，优良率为"))
    pieces.append(_shown(fmt_rate(air.good_rate), air.published.get("good_rate"), 1, rate=True))
    pieces.append(Piece("%"))
    if air.good_rate_change_pp is not None:
        if air.good_rate_change_pp == 0:
            pieces.append(Piece("，与去年同期持平"))
        else:
            word = "上升" if air.good_rate_change_pp > 0 else "下降"
            pieces.append(Piece(f"，较去年同期{word}{abs(air.good_rate_change_pp)}个百分点"))
    if air.good_rate_target and air.good_rate_target.target is not None and air.good_rate_target.met is not None:
        verdict = "达到" if air.good_rate_target.met else "未达到"
        pieces.append(Piece(f"，{verdict}年度目标（{fmt_rate(air.good_rate_target.target)}%）"))
    if air.heavy_days:
        pieces.append(Piece("；重污染天数"))
        pieces.append(_shown(fmt(air.heavy_days), air.published.get("heavy_days"), 0))
        pieces.append(Piece("天"))
    pieces.append(Piece("。"))
    return Paragraph(pieces)


def _section_sentence(section: SectionFigures) -> list[Piece]:
    pieces = [Piece(f"{section.level_label}{section.name}断面水质为{_class_text(section.cls)}")]
    if section.tp is not None or section.published_tp is not None:
        pieces.append(Piece("，总磷浓度为"))
        pieces.append(_shown(fmt(section.tp, 3), section.published_tp, 3))
        pieces.append(Piece("mg/L" + _change_words(section.tp_change_pct, "改善", "上升")))
    if section.meets_target is False:
        pieces.append(Piece(f"，未达到{_target_class_text(section.target_label)}目标"))
    return pieces


def _water_paragraph(figures: PeriodFigures) -> Paragraph | None:
    sections = [s for s in figures.water.sections if s.in_scope and s.cls]
    pieces: list[Piece] = []
    for index, section in enumerate(sections):
        pieces.append(Piece(f"{figures.period_label}份，" if index == 0 else "；"))
        pieces.extend(_section_sentence(section))
    if pieces:
        pieces.append(Piece("。"))
    drinking = figures.drinking
    if drinking.results:
        pieces.append(Piece("集中式饮用水水源地水质达标率为"))
        pieces.append(_shown(fmt_rate(drinking.rate), drinking.published, 1, rate=True))
        pieces.append(Piece("%。"))
    return Paragraph(pieces) if pieces else None


def _ranking_paragraph(figures: PeriodFigures) -> Paragraph | None:
    sentences = []
    for ranking in figures.rankings.section_groups:
        ranked = [entry for entry in ranking.entries if entry.value is not None]
        ours = [entry for entry in ranked if entry.in_scope]
        if len(ranked) < 2 or not ours:
            continue
        places = "、".join(f"{entry.name}断面排名第{chinese_ordinal(entry.rank)}" for entry in ours)
        sentences.append(f"在{len(ranked)}个{ranking.group}总磷浓度考核中，{places}")
    if not sentences:
        return None
    return Paragraph([Piece(f"{figures.period_title}，" + "；".join(sentences) + "。")])


def _class_limits(section: SectionFigures) -> dict[str, Decimal]:
    limits = PARAMETERS["tp"].limits_for(section.body)
    return dict(zip(CLASSES[:5], limits, strict=True))


def _quality_part(figures: PeriodFigures, org: Organization, number: int) -> Section:
    we = _we(org)
    part = Section(f"{chinese_ordinal(1)}、{_period_word(figures)}{we[1:] and '全' + we[1:]}生态环境质量")
    for paragraph in (_air_paragraph(figures, we), _water_paragraph(figures), _ranking_paragraph(figures)):
        if paragraph is not None:
            part.paragraphs.append(paragraph)
    if not part.paragraphs:
        # Say so rather than leave the heading bare: a reader must not mistake it for an omission.
        part.paragraphs.append(Paragraph([Piece(f"{_period_word(figures)}暂无空气和地表水监测数据。")]))
    air = figures.air
    if air.monthly and any(m.pm25 is not None for m in air.monthly):
        previous = {m.month: m.pm25 for m in air.monthly_prev}
        target = air.pm25_target.target if air.pm25_target else None
        svg = charts.pm25_monthly(
            [m.month for m in air.monthly],
            [m.pm25 for m in air.monthly],
            [previous.get(m.month) for m in air.monthly],
            year=figures.end.year,
            target=target,
        )
        part.charts.append(Chart(number, "PM2.5月均浓度与去年同期对比", svg))
        number += 1
    if air.daily:
        svg = charts.aqi_calendar([(day.date, day.level) for day in air.daily])
        part.charts.append(Chart(number, "逐日空气质量等级日历", svg))
        number += 1
    for section in figures.water.sections:
        if not section.in_scope or not any(month.tp is not None for month in section.monthly):
            continue
        svg = charts.section_tp_monthly(
            section.name,
            [month.month for month in section.monthly],
            [month.tp for month in section.monthly],
            _class_limits(section),
            target_class=section.target,
        )
        part.charts.append(Chart(number, f"{section.name}断面总磷月均浓度（{section.body_label}标准）", svg))
        number += 1
    return part


# ---------------------------------------------------------------- 二、主要工作: generated paragraphs


def _rectification_text(figures: PeriodFigures) -> str:
    sentences = []
    for group in figures.rectification.groups:
        if not group.total:
            continue
        name = group.group or group.name
        if group.petition == group.total:
            text = name if name.endswith("件") else f"{name}信访件"
            parts = [f"{text}{group.total}件"]
            if group.closed:
                parts.append(f"已办结销号{group.closed}件")
            if group.applying_closure:
                parts.append(f"{group.applying_closure}件正在申请销号")
            if group.done:
                parts.append(f"{group.done}件已办结待销号")
            if group.in_progress:
                parts.append(f"{group.in_progress}件正在办理")
            sentences.append("，".join(parts))
            continue
        text = name if name.endswith("问题") else f"{name}反馈问题"
        text += f"共{group.total}个"
        if group.petition:
            text += f"（含信访件{group.petition}件）"
        if group.time_limited and group.long_term:
            text += f"，其中限期整改{group.time_limited}个、长期坚持{group.long_term}个"
        if group.completed:
            text += f"，已完成整改{group.completed}个"
            if group.closed == group.completed:
                text += "并全部销号"
            else:
                extra = []
                if group.closed:
                    extra.append(f"已销号{group.closed}个")
                if group.applying_closure:
                    extra.append(f"申请销号{group.applying_closure}个")
                if extra:
                    text += "（" + "、".join(extra) + "）"
        if group.in_progress:
            text += f"，{group.in_progress}个正在推进"
            if group.on_schedule == group.in_progress:
                text += "且均达到时序进度"
            else:
                text += f"，其中达到时序进度{group.on_schedule}个、滞后{group.behind}个"
        sentences.append(text)
    return "；".join(sentences) + "。" if sentences else ""


def _ledger_text(figures: PeriodFigures) -> str:
    ledger = figures.ledger
    if not ledger.total:
        return ""
    text = f"工作台账共涉及{ledger.areas}大方面、{ledger.total}项具体工作任务"
    if ledger.completed:
        text += f"，已完成{ledger.completed}项"
        extra = []
        if ledger.closed:
            extra.append(f"{ledger.closed}项已完成销号")
        if ledger.applying_closure:
            extra.append(f"{ledger.applying_closure}项正在申报销号")
        if ledger.done:
            extra.append(f"{ledger.done}项待申请销号")
        if extra:
            text += "，其中" + "，".join(extra)
    if ledger.in_progress:
        text += f"，其他{ledger.in_progress}项正在推进"
        if ledger.behind:
            text += f"（按时序进度推进{ledger.on_schedule}项、滞后{ledger.behind}项）"
        else:
            text += "且均按时序进度推进"
    text += "。分领域看，" + "；".join(
        f"{area.area}{area.total}项、已完成{area.completed}项" for area in ledger.by_area if area.total
    )
    return text + "。"


def _paragraphs(body: str, generated: str) -> list[Paragraph]:
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


def _narrative_part(heading: str, sections: list[ReportSection], generated: dict[str, str]) -> Section:
    part = Section(heading)
    numbered = 0
    for row in sections:
        paragraphs = _paragraphs(row.body, generated.get(row.generated, ""))
        if row.heading:
            numbered += 1
            heading_text = row.heading
            if not heading_text.startswith("（"):
                heading_text = f"（{chinese_ordinal(numbered)}）{heading_text}"
            part.children.append(Section(heading_text, paragraphs=paragraphs))
        else:
            part.paragraphs.extend(paragraphs)
    return part


def _problem_hints(figures: PeriodFigures) -> list[Paragraph]:
    hints = []
    for section in figures.water.sections:
        if section.in_scope and section.meets_target is False:
            over = "、".join(
                f"{param.name}（超标{param.times}倍）" if param.times is not None else param.name
                for param in section.exceeding
            )
            target = _target_class_text(section.target_label)
            text = f"{section.name}断面水质为{_class_text(section.cls)}，未达到{target}目标"
            hints.append(Paragraph([Piece(text + (f"，超标因子：{over}" if over else "") + "。")], kind="note"))
    air = figures.air
    for check, name in ((air.pm25_target, "PM2.5浓度"), (air.good_rate_target, "优良天数比例")):
        if check is not None and check.status in ("not_met", "at_risk"):
            word = "未达到" if check.status == "not_met" else "接近"
            hints.append(Paragraph([Piece(f"{name}{word}年度目标。")], kind="note"))
    if figures.overdue:
        listed = "；".join(
            f"{item.code_or_number} {item.text[:24]}（{item.unit}，逾期{item.days_overdue}天）"
            for item in figures.overdue[:8]
        )
        more = f"等{len(figures.overdue)}项" if len(figures.overdue) > 8 else f"共{len(figures.overdue)}项"
        hints.append(Paragraph([Piece(f"逾期未完成事项{more}：{listed}。")], kind="note"))
    return hints


def _plan_hints(figures: PeriodFigures) -> list[Paragraph]:
    ledger = figures.ledger
    hints = []
    if ledger.in_progress:
        hints.append(
            Paragraph([Piece(f"工作台账尚有{ledger.in_progress}项任务正在推进，其中滞后{ledger.behind}项。")], "note")
        )
    totals = figures.rectification.totals
    if totals.in_progress:
        hints.append(
            Paragraph([Piece(f"督察整改尚有{totals.in_progress}个问题正在推进，其中滞后{totals.behind}个。")], "note")
        )
    return hints


# ---------------------------------------------------------------- appendix tables


def ledger_rows(org: Organization) -> list[LedgerTask]:
    return list(
        LedgerTask.objects.filter(area__organization_id__in=org.subtree_ids())
        .select_related("area", "unit")
        .order_by("area__organization__code", "area__order", "area__name", "number")
    )


def _ledger_table(tasks: list[LedgerTask]) -> Table:
    rows = [
        [
            str(index),
            task.area.name,
            task.content,
            task.unit.name,
            task.deadline.strftime("%Y年%-m月%-d日") if task.deadline else "长期坚持",
            task.get_status_display(),
        ]
        for index, task in enumerate(tasks, start=1)
    ]
    return Table(
        "工作台账任务清单",
        ["序号", "领域", "工作任务", "责任单位", "完成时限", "状态"],
        rows,
        [7, 12, 43, 16, 12, 10],
        css="ledger",
    )


def _air_table(figures: PeriodFigures) -> Table:
    previous = {m.month: m for m in figures.air.monthly_prev}
    rows = []
    for month in figures.air.monthly:
        before = previous.get(month.month)
        rows.append(
            [
                f"{month.month}月",
                fmt(month.pm25),
                fmt(before.pm25) if before else "—",
                fmt(month.good_days),
                fmt_rate(month.good_rate),
            ]
        )
    header = ["月份", f"PM2.5（{figures.end.year}年）", f"PM2.5（{figures.end.year - 1}年）", "优良天数", "优良率（%）"]
    return Table("环境空气质量月度情况（PM2.5单位：微克/立方米）", header, rows, [14, 24, 24, 18, 20])


def _water_table(figures: PeriodFigures) -> Table:
    rows = [
        [
            section.name,
            section.level_label,
            section.body_label,
            _class_text(section.cls),
            _target_class_text(section.target_label),
            fmt(section.tp, 3),
            fmt(section.tp_prev, 3),
            "—" if section.tp_change_pct is None else f"{section.tp_change_pct}%",
        ]
        for section in figures.water.sections
        if section.in_scope
    ]
    header = ["断面", "级别", "类型", "水质类别", "目标", "总磷", "去年同期", "同比"]
    return Table("地表水断面水质情况（总磷单位：mg/L）", header, rows, [16, 10, 10, 12, 12, 13, 14, 13])


# ---------------------------------------------------------------- the whole document


def narrative_sections(org: Organization, start: datetime.date, end: datetime.date) -> list[ReportSection]:
    return list(
        ReportSection.objects.filter(organization=org, period_start=start, period_end=end).order_by("part", "order")
    )


def report_fingerprint(figures: PeriodFigures, sections: list[ReportSection]) -> str:
    """What a published version was made from: the figures' inputs plus the staff's text."""
    digest = hashlib.sha256(figures.data_fingerprint.encode())
    for row in sections:
        digest.update(json.dumps([row.part, row.order, row.heading, row.body, row.generated]).encode())
    return digest.hexdigest()


def build_document(org: Organization, figures: PeriodFigures) -> ReportDocument:
    sections = narrative_sections(org, figures.start, figures.end)
    by_part: dict[str, list[ReportSection]] = {}
    for row in sections:
        by_part.setdefault(row.part, []).append(row)
    generated = {"rectification": _rectification_text(figures), "ledger": _ledger_text(figures)}

    quality = _quality_part(figures, org, number=1)
    period_word = _period_word(figures)
    work = _narrative_part(f"二、{period_word}主要工作开展情况", by_part.get("work", []), generated)
    used = {row.generated for row in by_part.get("work", [])}
    for key, heading in (("rectification", "督察整改工作"), ("ledger", "工作台账推进情况")):
        if key not in used and generated[key]:
            work.children.append(
                Section(f"（{chinese_ordinal(len(work.children) + 1)}）{heading}", [Paragraph([Piece(generated[key])])])
            )
    tasks = ledger_rows(org)
    if figures.ledger.by_area:
        chart = charts.ledger_status_by_area(figures.ledger.by_area)
        work.charts.append(Chart(len(quality.charts) + 1, "工作台账分领域进展", chart))

    problems = _narrative_part("三、存在的问题和不足", by_part.get("problems", []), generated)
    problems.hints = _problem_hints(figures)
    plan_heading = "四、下半年工作方向和计划" if _is_half_year(figures) else "四、下步工作计划"
    plan = _narrative_part(plan_heading, by_part.get("plan", []), generated)
    plan.hints = _plan_hints(figures)

    parts = [quality, work, problems, plan]
    differences = sum(
        1
        for part in parts
        for section in [part, *part.children]
        for paragraph in section.paragraphs
        for piece in paragraph.pieces
        if piece.computed
    )
    appendix = [_air_table(figures), _water_table(figures)]
    if tasks:
        appendix.append(_ledger_table(tasks))
    title = _title(org, figures)
    return ReportDocument(
        figures=figures,
        title=title,
        title_lines=_title_lines(title, org.full_name or org.name),
        parts=parts,
        appendix=appendix,
        differences=differences,
        fingerprint=report_fingerprint(figures, sections),
    )


def figures_json(figures: PeriodFigures) -> dict:
    """The figures as stored with a published version (Decimals and dates as strings)."""

    def convert(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(k): convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    return convert(dataclasses.asdict(figures))
