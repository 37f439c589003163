"""``manage.py summary`` on the demo reproduces the bureau's 2022 H1 figures from the data."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def summary(*extra):
    out = io.StringIO()
    call_command("summary", "--org", "360483", "--from", "2022-01-01", "--to", "2022-06-30", "--format", "json",
                 *extra, stdout=out)  # fmt: skip
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return summary()


def section(data, name):
    return next(s for s in data["water"]["sections"] if s["name"] == name)


def test_it_names_the_org_and_the_period(data):
    assert (data["org"], data["from"], data["to"]) == ("360483", "2022-01-01", "2022-06-30")
    assert (data["period_label"], data["period_title"]) == ("1-6月", "2022年上半年")


def test_pm25_is_27(data):
    assert data["air"]["pm25"] == 27


def test_there_are_167_good_days_of_181_valid_days(data):
    assert (data["air"]["good_days"], data["air"]["valid_days"]) == (167, 181)
    assert sum(data["air"]["days_by_category"].values()) == 181


def test_the_computed_rate_92_3_stands_beside_the_published_92_2(data):
    assert data["air"]["good_rate"] == 92.3
    published = data["air"]["published"]["good_rate"]
    assert (published["value"], published["computed"], published["differs"]) == (92.2, 92.3, True)
    assert data["published"]["good_rate"]["value"] == 92.2


def test_xingzi_is_class_iv_with_tp_0_053_down_15_9_percent(data):
    xingzi = section(data, "星子")
    assert (xingzi["class"], xingzi["tp"], xingzi["tp_prev"], xingzi["tp_change_pct"]) == ("IV", 0.053, 0.063, -15.9)
    assert xingzi["level"] == "国考"
    assert xingzi["body"] == "lake"


def test_banghu_is_class_iv_with_tp_0_052_down_20_percent(data):
    banghu = section(data, "蚌湖")
    assert (banghu["class"], banghu["tp"], banghu["tp_change_pct"]) == ("IV", 0.052, -20.0)


def test_shahushan_is_class_ii(data):
    assert section(data, "沙湖山")["class"] == "II"


def test_shahushan_ranks_first_among_the_inflow_sections_by_tp(data):
    groups = data["rankings"]["section_groups"]
    assert groups, "the demo puts 沙湖山 in a section group"
    ranked = next(g for g in groups if any(s["name"] == "沙湖山" for s in g["sections"]))
    first = ranked["sections"][0]
    assert (first["name"], first["rank"]) == ("沙湖山", 1)
    tps = [s["value"] for s in ranked["sections"]]
    assert tps == sorted(tps)
    assert [s["rank"] for s in ranked["sections"]] == [1, 2, 3, 4]


def test_first_round_feedback_has_108_items_88_time_limited_all_done_and_20_long_term(data):
    group = next(g for g in data["rectification"]["groups"] if g["total"] == 108)
    assert (group["time_limited"], group["long_term"]) == (88, 20)
    assert group["completed"] >= 88


def test_ledger_has_62_tasks_in_7_areas_2_closed_4_applying_56_in_progress(data):
    ledger = data["ledger"]
    assert (ledger["total"], ledger["areas"], ledger["closed"], ledger["applying_closure"], ledger["in_progress"]) == (
        62, 7, 2, 4, 56,
    )  # fmt: skip
    assert ledger["completed"] == 6
    assert sum(area["total"] for area in ledger["by_area"]) == 62


def test_the_daily_option_lists_every_valid_day_with_its_category(django_db_blocker):
    with django_db_blocker.unblock():
        data = summary("--daily")
    daily = data["air"]["daily"]
    assert len(daily) == 181
    assert [d["date"] for d in daily] == sorted(d["date"] for d in daily)
    assert sum(1 for d in daily if d["aqi"] <= 100) == 167
    assert all(d["primary"] == [] for d in daily if d["aqi"] <= 50)
    assert all(d["primary"] for d in daily if d["aqi"] > 50)


def test_an_unknown_org_is_an_error():
    with pytest.raises(CommandError, match="未知的机构编码"):
        call_command("summary", "--org", "999999", "--from", "2022-01-01", "--to", "2022-06-30", stdout=io.StringIO())


def test_a_bad_date_is_an_error():
    with pytest.raises(CommandError, match="--from"):
        call_command("summary", "--org", "360483", "--from", "2022-13-01", "--to", "2022-06-30", stdout=io.StringIO())


def test_an_end_before_the_start_is_an_error():
    with pytest.raises(CommandError, match="不能早于"):
        call_command("summary", "--org", "360483", "--from", "2022-06-30", "--to", "2022-01-01", stdout=io.StringIO())
