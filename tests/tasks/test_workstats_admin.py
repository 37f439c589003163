"""Entering work values in the admin: a month fills the period, crossing periods are refused, the filled text shows."""

from __future__ import annotations

import datetime

import pytest

from tasks.workstats import WorkIndicator, WorkValue

pytestmark = pytest.mark.django_db


def _form(org, **fields) -> dict:
    indicator = WorkIndicator.objects.get(code="enforcement_visits")
    return {"indicator": indicator.pk, "organization": org.pk, "month": "", "period_start": "", "period_end": "",
            "value": "12", "note": ""} | fields  # fmt: skip


def test_a_month_fills_the_period_and_the_user_is_recorded(client, staff_user, demo_org):
    client.force_login(staff_user)
    response = client.post("/admin/tasks/workvalue/add/", _form(demo_org, month="2022-07"))
    assert response.status_code == 302
    value = WorkValue.objects.get(period_start=datetime.date(2022, 7, 1))
    assert (value.period_end, value.value, value.entered_by, value.value_text) == (
        datetime.date(2022, 7, 31), 12, staff_user, "12",
    )  # fmt: skip
    listing = client.get("/admin/tasks/workvalue/?q=执法检查人次").content.decode()
    assert "2022年7月" in listing and "12 人次" in listing


def test_a_period_crossing_another_or_no_period_at_all_is_refused(client, staff_user, demo_org):
    client.force_login(staff_user)
    crossing = client.post(
        "/admin/tasks/workvalue/add/", _form(demo_org, period_start="2022-06-01", period_end="2022-07-31")
    )
    assert "与已有数值（2022-01-01至2022-06-30）的期间交叉" in crossing.content.decode()
    missing = client.post("/admin/tasks/workvalue/add/", _form(demo_org))
    assert "请填写月份，或填写期间开始和期间结束" in missing.content.decode()
    bad_month = client.post("/admin/tasks/workvalue/add/", _form(demo_org, month="2022-13"))
    assert "月份超出范围：13" in bad_month.content.decode()
    assert not WorkValue.objects.filter(period_end__gt=datetime.date(2022, 6, 30)).exists()
