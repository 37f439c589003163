"""Which numbers count as typed by hand (ecoreport/reports/hand_typed.py), as a table of cases."""

from __future__ import annotations

import pytest

from ecoreport.reports.hand_typed import hand_typed


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("出动执法人员54人次，检查点位59个。", ["54人次", "59个"]),
        ("投资3.5亿元，整合资金2.83亿，达标率100%。", ["3.5亿元", "2.83亿", "100%"]),
        ("国控两个断面，完成十二项任务。", ["两个断面", "十二项任务"]),
        # Placeholders are data.
        ("出动执法人员{执法检查人次}人次，国控{水.国考断面数|中文}个断面。", []),
        # Dates and times: 年 月 日 号 时 季度 after a number or a range.
        ("4月28日召开会议，2022年上半年，1-6月份，预计10月份完工，每月21日30日，一季度。", []),
        # Names: quoted slogans, book titles, letters with digits.
        ("加大“8个100%”巡查，《规划(2021-2025年)》，PM2.5和SO2、O3协同治理。", []),
        # Ordinals and list markers.
        ("第三轮巡察，第2批，排名第一。1.强化制度保障；（2）加强学习。一是紧盯目标，二是紧盯整改。", []),
        # A lone 一 is an article; numerals without a measure word are words, not counts.
        ("凝练形成了一批案例，一岗双责，三冲三扫三洒，五领五过硬，亿元投资。", []),
    ],
)
def test_a_number_typed_by_hand(text, found):
    assert hand_typed(text) == found
