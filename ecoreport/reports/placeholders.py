"""Placeholders in narrative text: ``{执法检查人次}``, ``{空气.PM25}``, ``{台账.已完成}``, ``{评估.…名次}``.

Staff write a number once as a placeholder and every period's report fills it in from that period's
figures (``PeriodFigures``), so a re-used paragraph never carries last period's number. The names:

- fixed names in ``REGISTRY`` (``names.py``): 期间, 空气, 水, 饮用水, 目标, 整改, 台账;
- ``水.<断面名称>.类别|总磷|总磷同比`` for each of the organization's sections;
- ``整改.<批次或合并统计组>.<状态>`` for each batch group (状态 as in ``names.STATE_WORDS``);
- a work indicator by its name or code (``{执法检查人次}``), with ``.去年同期`` / ``.同比`` /
  ``.同比幅度`` for the value a year earlier, the change and the change in %;
- ``评估.<考核事项>`` an assessment's result phrase, with ``.名次 .参评数量 .范围 .等次 .期间
  .发布单位 .发布文件``.

A ``|中文`` after a name writes a count in Chinese (2 → 两, 12 → 十二), as in "国控两个断面".

A name that none of these knows is *unknown*: an error the admin form refuses and the document
shows as 【未知占位符：…】. A known name without a value for the period (a 2023 draft before
2023's figures are entered) is *missing*: 【无数据：…】. Publishing refuses both.
``hand_typed`` lists the numbers staff typed instead of placeholders (rules in ``numbers.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecoreport.reports.formatting import chinese_ordinal
from ecoreport.reports.placeholder_names import Vocabulary, lookup

if TYPE_CHECKING:
    from ecoreport.figures.results import PeriodFigures

PLACEHOLDER = re.compile(r"\{([^{}\n]{1,80})\}")
CHINESE_FILTER = "|中文"
UNKNOWN_MARK = "【未知占位符：{}】"
MISSING_MARK = "【无数据：{}】"


def chinese_count(number: int) -> str:
    """A count as written before a measure word: 两个, 十二项 (beyond 99 in digits)."""
    return "两" if number == 2 else chinese_ordinal(number)


@dataclass
class Filled:
    """A template with its placeholders filled in; ``unknown`` and ``missing`` name the ones that were not."""

    text: str
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [UNKNOWN_MARK.format(name) for name in self.unknown] + [
            MISSING_MARK.format(name) for name in self.missing
        ]


def names_in(template: str) -> list[str]:
    """The placeholder names of a template, in order, without repeats (filters removed)."""
    found = []
    for match in PLACEHOLDER.finditer(template):
        name = match[1].strip().removesuffix(CHINESE_FILTER).strip()
        if name not in found:
            found.append(name)
    return found


def fill(template: str, figures: PeriodFigures, vocabulary: Vocabulary | None = None) -> Filled:
    """The template with every placeholder replaced by its value for the figures' organization and period."""
    vocabulary = vocabulary or Vocabulary.from_figures(figures)
    result = Filled(text="")

    def replace(match: re.Match) -> str:
        raw = match[1].strip()
        chinese = raw.endswith(CHINESE_FILTER)
        name = raw.removesuffix(CHINESE_FILTER).strip()
        known, value = lookup(name, figures, vocabulary)
        if not known:
            if name not in result.unknown:
                result.unknown.append(name)
            return UNKNOWN_MARK.format(name)
        if value is None:
            if name not in result.missing:
                result.missing.append(name)
            return MISSING_MARK.format(name)
        if chinese and value.isdigit():
            return chinese_count(int(value))
        return value

    result.text = PLACEHOLDER.sub(replace, template)
    return result


def unknown_names(template: str, figures: PeriodFigures, vocabulary: Vocabulary | None = None) -> list[str]:
    return fill(template, figures, vocabulary).unknown
