"""``summary --format json`` carries the work indicators, the assessments and the sample kinds."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command

from tasks.workstats import WorkIndicator, WorkValue

pytestmark = pytest.mark.django_db

ARGS = ("summary", "--org", "360483", "--from", "2022-01-01", "--to", "2022-06-30", "--format", "json")


def summary() -> dict:
    out = io.StringIO()
    call_command(*ARGS, stdout=out)
    return json.loads(out.getvalue())


def test_the_summary_lists_the_demos_work_indicators_and_assessments(demo_org):
    data = summary()
    assert len(data["work"]) == 26
    visits = next(item for item in data["work"] if item["code"] == "enforcement_visits")
    assert visits == {
        "code": "enforcement_visits", "name": "执法检查人次", "unit": "人次", "category": "执法监管",
        "aggregation": "sum", "value": 54, "prev": None, "change": None, "change_pct": None, "records": 1,
        "rolled_up": False, "is_sample": False,
    }  # fmt: skip
    funds = next(item for item in data["work"] if item["code"] == "rural_improvement_funds")
    assert (funds["value"], funds["unit"]) == (2.83, "亿元")
    assert [(a["measure"], a["period_label"], a["rank"], a["grade"], a["field_size"]) for a in data["assessments"]] == [
        ("水质综合指数变好幅度", "一季度", 3, "", 100),
        ("环境空气质量", "上半年", None, "第一方阵", None),
    ]
    assert data["samples"] == ["督察整改问题", "工作台账任务"]


def test_a_work_value_changes_only_the_work_key_and_the_fingerprint(demo_org):
    before = summary()
    patrols = WorkIndicator.objects.create(code="patrols", name="巡查", unit="次", category="enforcement")
    WorkValue.objects.create(
        indicator=patrols, organization=demo_org, period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 6, 30), value=40,
    )  # fmt: skip
    WorkValue.objects.create(
        indicator=patrols, organization=demo_org, period_start=datetime.date(2022, 3, 1),
        period_end=datetime.date(2022, 3, 31), value=50,
    )  # fmt: skip
    after = summary()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"work", "data_fingerprint"}
    patrol = next(item for item in after["work"] if item["code"] == "patrols")
    assert (patrol["value"], patrol["prev"], patrol["change"], patrol["change_pct"]) == (50, 40, 10, 25.0)
