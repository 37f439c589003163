"""Honest cards: each air card states its coverage, says 数据不足 below the completeness rules and
无数据 for a period without a valid day, and puts the published figure beside the computed one
(issue 13, item 1)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from indicators.standards.stats import period_is_complete

pytestmark = pytest.mark.django_db


def card(client, period: str, testid: str) -> str:
    page = client.get(f"/org/360483/?period={period}").content.decode()
    found = re.search(rf'<article class="card ([^"]*)"[^>]*data-testid="{testid}">.*?</article>', page, re.S)
    assert found, testid
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip() + f" [{found.group(1)}]"


def test_a_complete_half_year_is_judged_and_states_its_coverage(client, leader_user):
    client.force_login(leader_user)
    pm25 = card(client, "2022H1", "card-pm25")
    assert "有效 181 天 / 共 181 天" in pm25
    assert "数据不足" not in pm25 and "无数据" not in pm25
    good = card(client, "2022H1", "card-good-rate")
    assert "发布值 92.2%（按标准计算 92.3%）" in good


def test_a_year_with_half_its_days_says_data_insufficient_not_met(client, leader_user):
    client.force_login(leader_user)
    pm25 = card(client, "2022", "card-pm25")
    assert "有效 181 天 / 共 365 天" in pm25
    assert "数据不足" in pm25 and "达标" not in pm25
    assert pm25.endswith("[status-none]")


def test_a_period_without_data_shows_no_data_never_a_green_zero(client, leader_user):
    client.force_login(leader_user)
    heavy = card(client, "2023H1", "card-heavy")
    assert heavy.startswith("重污染天数 无数据")
    assert "有效 0 天 / 共 181 天" in heavy and heavy.endswith("[status-none]")
    page = client.get("/org/360483/?period=2023H1").content.decode()
    assert "无目标" not in re.sub(r"<[^>]+>", "", page).split("水环境")[0]
    assert "目标 ≤ —" not in page and "目标 ⩽" not in page


def test_the_completeness_rule_month_by_month():
    half = {(2022, month): 27 for month in range(1, 7)}
    assert period_is_complete(half, date(2022, 1, 1), date(2022, 6, 30))
    assert not period_is_complete(half | {(2022, 3): 26}, date(2022, 1, 1), date(2022, 6, 30))
    assert period_is_complete({(2022, 2): 25}, date(2022, 2, 1), date(2022, 2, 28))
    assert not period_is_complete(half, date(2022, 1, 1), date(2022, 12, 31))
    assert period_is_complete({(2022, 3): 10}, date(2022, 3, 1), date(2022, 3, 10))
    assert not period_is_complete({(2022, 3): 5}, date(2022, 3, 1), date(2022, 3, 10))


def test_water_cards_state_their_samples_and_months_and_say_no_data_without_them(client, leader_user):
    client.force_login(leader_user)
    half = card(client, "2022H1", "card-section-360483-XZ")
    assert "监测 6 次，6 个月 / 共 6 个月" in half and "Ⅳ类" in half
    year = card(client, "2022", "card-section-360483-XZ")
    assert "6 个月 / 共 12 个月" in year  # the demo holds the first half-year only
    empty = card(client, "2023H1", "card-section-360483-XZ")
    assert "监测 0 次，0 个月 / 共 6 个月" in empty
    assert "无数据" in empty and "—类" not in empty
    assert "status-none" in empty and "达标" not in empty


def test_the_drinking_water_card_says_no_data_and_an_unset_target_in_words(client, leader_user):
    client.force_login(leader_user)
    empty = card(client, "2023H1", "card-drinking")
    assert "无数据" in empty and "目标 未设定" in empty and "目标 %" not in empty and "status-none" in empty
    half = card(client, "2022H1", "card-drinking")
    assert "100.0%" in half and "达标" in half and "无数据" not in half
