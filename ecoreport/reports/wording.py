"""The document's sentences, written from the figures object: wording only, no figure is computed.

Where the bureau published an official figure, the sentence uses it and carries the computed value
along: the page marks it, and page and PDF note both after the sentence in the dashboard's words,
"发布值 …%（按标准计算 …%）".
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ecoreport.reports.document import Paragraph, Piece
from ecoreport.reports.formatting import chinese_ordinal, class_text, fmt, fmt_rate, target_class_text

if TYPE_CHECKING:
    from ecoreport.figures.results import OrgRef, PeriodFigures, Published, SectionFigures

WORK_TITLE = "主要工作开展情况"
PROBLEMS_TITLE = "存在的问题和不足"
RECTIFICATION_TITLE = "督察整改工作"
LEDGER_TITLE = "工作台账推进情况"


def shown(computed: str, published: Published | None, places: int | None, rate: bool = False) -> Piece:
    if published is None:
        return Piece(computed)
    text = fmt_rate(published.value) if rate else fmt(published.value, places)
    if not published.differs:
        return Piece(text)
    return Piece(text, computed=computed, source=published.source, unit="%" if rate else "")


def change_words(change: Decimal | None, better: str, worse: str, unit: str = "%") -> str:
    if change is None:
        return ""
    if change == 0:
        return "，与去年同期持平"
    word = better if change < 0 else worse
    return f"，较去年同期{word}{abs(change)}{unit}"


def we(org: OrgRef) -> str:
    for suffix in ("市", "县", "区", "旗"):
        if org.name.endswith(suffix):
            return "我" + suffix
    return "本辖区"


def is_half_year(figures: PeriodFigures) -> bool:
    start, end = figures.start, figures.end
    return start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 6, 30)


def period_word(figures: PeriodFigures) -> str:
    if is_half_year(figures):
        return "上半年"
    return figures.period_label


def document_title(figures: PeriodFigures) -> str:
    org = figures.organization
    unit = org.full_name or org.name
    start, end = figures.start, figures.end
    if is_half_year(figures):
        return f"{unit}{start.year}年上半年工作总结及下半年工作计划"
    if figures.cumulative and end.month < 12:
        return f"{unit}{figures.period_title}工作总结及下步工作计划"
    if start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 12, 31):
        return f"{unit}{figures.period_title}工作总结及{start.year + 1}年工作计划"
    return f"{unit}{figures.period_title}工作总结"


def quality_title(figures: PeriodFigures) -> str:
    ours = we(figures.organization)[1:]
    return f"{period_word(figures)}{ours and '全' + ours}生态环境质量"


def plan_title(figures: PeriodFigures) -> str:
    return "下半年工作方向和计划" if is_half_year(figures) else "下步工作计划"


def no_monitoring_data(figures: PeriodFigures) -> Paragraph:
    # Said rather than left bare: a reader must not mistake an empty part for an omission.
    return Paragraph([Piece(f"{period_word(figures)}暂无空气和地表水监测数据。")])


# ---------------------------------------------------------------- 环境质量


def air_paragraph(figures: PeriodFigures) -> Paragraph | None:
    air = figures.air
    if air.valid_days == 0:
        return None
    pieces = [Piece(f"{figures.period_label}份，{we(figures.organization)}环境空气PM2.5浓度均值为")]
    pieces.append(shown(fmt(air.pm25), air.published.get("pm25"), 0))
    pieces.append(Piece("微克/立方米" + change_words(air.pm25_change_pct, "下降", "上升")))
    if air.pm25_target and air.pm25_target.target is not None and air.pm25_target.met is not None:
        verdict = "达到" if air.pm25_target.met else "未达到"
        pieces.append(Piece(f"，{verdict}年度目标（{fmt(air.pm25_target.target, 0)}微克/立方米）"))
    pieces.append(Piece("；空气优良天数"))
    pieces.append(shown(fmt(air.good_days), air.published.get("good_days"), 0))
    pieces.append(Piece("天，优良率为"))
    pieces.append(shown(fmt_rate(air.good_rate), air.published.get("good_rate"), 1, rate=True))
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
        pieces.append(shown(fmt(air.heavy_days), air.published.get("heavy_days"), 0))
        pieces.append(Piece("天"))
    pieces.append(Piece("。"))
    return Paragraph(pieces)


def _section_sentence(section: SectionFigures) -> list[Piece]:
    pieces = [Piece(f"{section.level_label}{section.name}断面水质为{class_text(section.cls)}")]
    if section.tp is not None or section.published_tp is not None:
        pieces.append(Piece("，总磷浓度为"))
        pieces.append(shown(fmt(section.tp, 3), section.published_tp, 3))
        pieces.append(Piece("mg/L" + change_words(section.tp_change_pct, "改善", "上升")))
    if section.meets_target is False:
        pieces.append(Piece(f"，未达到{target_class_text(section.target_label)}目标"))
    return pieces


def water_paragraph(figures: PeriodFigures) -> Paragraph | None:
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
        pieces.append(shown(fmt_rate(drinking.rate), drinking.published, 1, rate=True))
        pieces.append(Piece("%。"))
    return Paragraph(pieces) if pieces else None


def ranking_paragraph(figures: PeriodFigures) -> Paragraph | None:
    sentences = []
    for ranking in figures.rankings.section_groups:
        ranked = [entry for entry in ranking.entries if entry.value is not None]
        ours = [entry for entry in ranked if entry.in_scope]
        if len(ranked) < 2 or not ours:
            continue
        places = "、".join(f"{entry.name}断面排名第{chinese_ordinal(entry.rank)}" for entry in ours)
        if ranking.with_data < ranking.members:
            group = f"{ranking.group}（共{ranking.members}个，其中{ranking.with_data}个有监测数据）"
        else:
            group = f"{ranking.members}个{ranking.group}"
        sentences.append(f"在{group}总磷浓度考核中，{places}")
    if not sentences:
        return None
    return Paragraph([Piece(f"{figures.period_title}，" + "；".join(sentences) + "。")])


# ---------------------------------------------------------------- 主要工作: the data sentences


def _petition_group_text(name: str, group) -> str:
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
    return "，".join(parts)


def _problem_group_text(name: str, group) -> str:
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
    return text


def rectification_text(figures: PeriodFigures) -> str:
    sentences = []
    for group in figures.rectification.groups:
        if not group.total:
            continue
        name = group.group or group.name
        if group.petition == group.total:
            sentences.append(_petition_group_text(name, group))
        else:
            sentences.append(_problem_group_text(name, group))
    return "；".join(sentences) + "。" if sentences else ""


def ledger_text(figures: PeriodFigures) -> str:
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


# ---------------------------------------------------------------- data hints (web view only)


def _note(text: str) -> Paragraph:
    return Paragraph([Piece(text)], kind="note")


def problem_hints(figures: PeriodFigures) -> list[Paragraph]:
    hints = []
    for section in figures.water.sections:
        if section.in_scope and section.meets_target is False:
            over = "、".join(
                f"{param.name}（超标{param.times}倍）" if param.times is not None else param.name
                for param in section.exceeding
            )
            target = target_class_text(section.target_label)
            text = f"{section.name}断面水质为{class_text(section.cls)}，未达到{target}目标"
            hints.append(_note(text + (f"，超标因子：{over}" if over else "") + "。"))
    air = figures.air
    for check, name in ((air.pm25_target, "PM2.5浓度"), (air.good_rate_target, "优良天数比例")):
        if check is not None and check.status in ("not_met", "at_risk"):
            word = "未达到" if check.status == "not_met" else "接近"
            hints.append(_note(f"{name}{word}年度目标。"))
    if figures.overdue:
        listed = "；".join(
            f"{item.code_or_number} {item.text[:24]}（{item.unit}，逾期{item.days_overdue}天）"
            for item in figures.overdue[:8]
        )
        more = f"等{len(figures.overdue)}项" if len(figures.overdue) > 8 else f"共{len(figures.overdue)}项"
        hints.append(_note(f"逾期未完成事项{more}：{listed}。"))
    return hints


def plan_hints(figures: PeriodFigures) -> list[Paragraph]:
    ledger = figures.ledger
    hints = []
    if ledger.in_progress:
        hints.append(_note(f"工作台账尚有{ledger.in_progress}项任务正在推进，其中滞后{ledger.behind}项。"))
    totals = figures.rectification.totals
    if totals.in_progress:
        hints.append(_note(f"督察整改尚有{totals.in_progress}个问题正在推进，其中滞后{totals.behind}个。"))
    return hints
