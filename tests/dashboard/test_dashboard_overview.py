"""The overview shows the seed's 2022 H1 figures, each linked to the records behind it."""

import re
from datetime import date, timedelta

import pytest

URL = "/org/360483/?period=2022H1"


def _card(body: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">(.*?)</article>', body, re.S)
    assert match, testid
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match[1]))


@pytest.fixture
def body(client, leader_user):
    client.force_login(leader_user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_air_cards_show_the_half_years_figures_and_changes(body):
    pm25 = _card(body, "card-pm25")
    assert " 27 " in pm25 and "同比 -12.9%" in pm25 and "达标" in pm25
    rate = _card(body, "card-good-rate")
    assert "优良 167 天 / 有效 181 天" in rate
    # The bureau's published 92.2 beside the computed 92.3 (standards.md §5).
    assert "发布值 92.2%（按标准计算 92.3%）" in rate
    assert "个百分点" in rate
    assert re.search(r"\b0\b 天", _card(body, "card-heavy"))


def test_the_water_cards_show_each_sections_class_tp_and_change(body):
    xingzi = _card(body, "card-section-360483-XZ")
    assert "Ⅳ类" in xingzi and "0.053 mg/L" in xingzi and "同比 -15.9%" in xingzi and "达标" in xingzi
    banghu = _card(body, "card-section-360483-BH")
    assert "0.052 mg/L" in banghu and "同比 -20.0%" in banghu
    assert "Ⅱ类" in _card(body, "card-section-360483-SHS")


def test_the_progress_tables_show_batches_and_the_ledger(body):
    rectification = re.sub(r"<[^>]+>", " ", body.split('data-testid="rectification"')[1].split("</table>")[0])
    cells = rectification.split()
    first_batch = cells.index("中央、省第一轮环保督察和审计等反馈问题")
    assert cells[first_batch + 1 : first_batch + 4] == ["108", "88", "20"]
    assert "共 7 个领域、" in body
    assert re.search(r'data-testid="ledger-total">62<', body)


def test_every_figure_links_to_its_records(body):
    assert 'href="/org/360483/records/air/?period=2022H1&amp;days=good"' in body
    assert 'href="/org/360483/records/water/360483-XZ/?period=2022H1"' in body
    assert "/org/360483/records/items/?period=2022H1&amp;group=" in body
    assert "/org/360483/records/tasks/?period=2022H1&amp;status=behind" in body


def test_a_period_in_the_url_selects_the_figures(client, leader_user):
    client.force_login(leader_user)
    body = client.get("/org/360483/?period=2022Q1").content.decode()
    assert "2022年第一季度" in body
    assert "优良 167 天" not in body


def test_without_a_period_it_shows_the_latest_half_year_with_data(client, leader_user):
    client.force_login(leader_user)
    body = client.get("/org/360483/").content.decode()
    assert 'data-testid="period-label">2022年上半年<' in body


def test_an_unreadable_period_is_a_400_with_a_chinese_message(client, leader_user):
    client.force_login(leader_user)
    response = client.get("/org/360483/?period=2022H3")
    assert response.status_code == 400
    assert "无法识别的期间" in response.content.decode()


def test_a_city_sees_its_counties_ranked(client, admin_user, demo_org):
    client.force_login(admin_user)
    body = client.get(f"/org/{demo_org.parent.code}/?period=2022H1").content.decode()
    assert 'data-testid="rank-pm25"' in body
    assert 'href="/org/360483/?period=2022H1">庐山市</a>' in body


def test_the_overview_lists_the_twenty_most_overdue_and_links_to_all(client, leader_user, demo_org):
    from tasks.models import LedgerTask

    tasks = list(LedgerTask.objects.filter(area__organization=demo_org, status="in_progress").order_by("pk")[:25])
    for days, task in enumerate(tasks, start=1):
        task.deadline = date(2022, 6, 30) - timedelta(days=days)
        task.save()
    client.force_login(leader_user)
    body = client.get(URL).content.decode()
    table = body.split('data-testid="overdue"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>工作台账</td>", table)
    assert len(rows) == 20
    assert re.search(r"<td class=\"num\">25</td>", table)  # the most overdue comes first
    assert not re.search(r"<td class=\"num\">5</td>", table)
    assert re.search(r'records/tasks/\?period=2022H1&amp;status=overdue">25<', body)


def test_the_overview_shows_the_latest_month_against_the_month_before(client, leader_user, demo_org):
    client.force_login(leader_user)
    page = client.get(f"/org/{demo_org.code}/?period=2022H1").content.decode()
    card = page[page.index('data-testid="card-month-on-month"') :]
    card = card[: card.index("</article>")]
    # June 2022 against May 2022 in the demo: PM2.5 11 against 17, good rate 93.3% against 90.3%.
    assert "6月 PM₂.₅ 浓度（环比 5月）" in card and "PM2.5" not in card
    assert "5月 17 微克/立方米，环比 -35.3%" in card
    assert "优良率 6月 93.3%，5月 90.3%" in card
    assert "环比 +3.0 个百分点" in card
    assert "period=2022-06&amp;days=valid" in card


def test_the_month_card_links_to_that_months_valid_days(client, leader_user, demo_org):
    client.force_login(leader_user)
    response = client.get(f"/org/{demo_org.code}/records/air/?period=2022-06&days=valid")
    assert response.status_code == 200
    assert "2022-06-30" in response.content.decode() or "2022年6月30日" in response.content.decode()
    assert "2022-05-31" not in response.content.decode()
