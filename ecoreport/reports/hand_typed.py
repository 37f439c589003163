"""Numbers typed by hand into narrative text: what an editor should turn into placeholders or check.

The rule, applied to a template (``hand_typed``):

1. Placeholders ``{…}`` are data, not typing; text in quotation marks (“…” ‘…” 「…」 "…") and
   book-title marks (《…》 〈…〉) is a name — “8个100%”, 《…规划(2021-2025年)》 — and is skipped.
2. A number in digits counts (54, 3.5, 100%), unless it is
   - part of a name made of letters and digits (PM2.5, SO2, O3);
   - a date or time: a number or a range (1-6, 2021-2025) directly followed by 年 月 日 号 时 季度
     (2022年, 4月28日, 10月份, 1-6月, 每月21日);
   - an ordinal, directly after 第 (第2批);
   - a list marker: followed by "." "．" or "、" and no digit (1.强化…), or in brackets ((1) （1）).
3. A number in Chinese numerals counts when it is directly followed by a measure word (两个, 十二项,
   三次), unless it follows 第 (第一, 第三轮) or is a lone 一 (一批, 一个: "a", not a count). Words
   such as 一是, 三率, 一岗双责 have no measure word after the numeral and never count.
"""

from __future__ import annotations

import re

from ecoreport.reports.placeholders import PLACEHOLDER

_NAMES = re.compile(r"“[^”]*”|‘[^’]*’|「[^」]*」|\"[^\"]*\"|《[^》]*》|〈[^〉]*〉")
_RANGE = r"\d+(?:\.\d+)?(?:\s*[-—–~～至]\s*\d+(?:\.\d+)?)?"
_DIGITS = re.compile(rf"(?<![A-Za-z0-9.])({_RANGE})(%|％)?")
_DATE_WORDS = ("年", "月", "日", "号", "时", "季度")
_LIST_MARK = re.compile(r"^[.．、](?!\d)")
MEASURE_WORDS = "个项件次家人名类天座条处所批台辆吨元户宗起份场篇亩位"
_CHINESE = re.compile(rf"([零〇一二两三四五六七八九十百千万亿]+)(?=[{MEASURE_WORDS}])")
_DIGIT_NUMERALS = set("零〇一二两三四五六七八九十")  # 万 or 亿 alone is a unit (亿元), not a number
# What is shown after a number: its unit, up to the next punctuation (54人次, 3.5亿元的).
_AFTER = re.compile(r"[^，。；、：,;:“”‘’《》（）()\s\u3000]{0,3}")


def _blank(match: re.Match) -> str:
    # Same length, so positions in the stripped text are positions in the template.
    return "\u3000" * len(match[0])


def hand_typed(template: str) -> list[str]:
    """Each number typed by hand, with the characters after it (``54人次``), in the order of the text."""
    text = _NAMES.sub(_blank, PLACEHOLDER.sub(_blank, template))
    found: list[tuple[int, str]] = []
    for match in _DIGITS.finditer(text):
        start, end = match.span()
        after, before = text[end:], text[:start]
        if after.startswith(_DATE_WORDS) or before.endswith("第"):
            continue
        if _LIST_MARK.match(after) or (before.endswith(("(", "（")) and after.startswith((")", "）"))):
            continue
        found.append((start, match[0] + _AFTER.match(after)[0]))
    for match in _CHINESE.finditer(text):
        start, end = match.span()
        if text[:start].endswith("第") or match[1] == "一" or not _DIGIT_NUMERALS.intersection(match[1]):
            continue
        found.append((start, match[0] + _AFTER.match(text, end)[0]))
    return [snippet for _, snippet in sorted(found)]
