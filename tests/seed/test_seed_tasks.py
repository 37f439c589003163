"""The demo's rectification items and work ledger match the seed's counts."""

from collections import Counter
from datetime import date

from django.db.models import Count

from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem

FIRST_ROUND = "中央、省第一轮环保督察和审计等反馈问题"
END = date(2022, 6, 30)


def test_the_three_first_round_batches_share_one_group_of_108_items(demo_org):
    batches = InspectionBatch.objects.filter(organization=demo_org, group=FIRST_ROUND)
    assert sorted(batches.values_list("name", flat=True)) == sorted(
        ["中央第一轮生态环境保护督察", "省第一轮生态环境保护督察", "审计"]
    )
    items = RectificationItem.objects.filter(batch__in=batches)
    assert items.count() == 108
    assert Counter(items.values_list("term", "status")) == {
        ("time_limited", "closed"): 88,
        ("long_term", "in_progress"): 20,
    }
    assert not items.filter(term="long_term", on_schedule=False).exists()
    closed = items.filter(status="closed")
    assert not closed.filter(closed_on__isnull=True).exists()
    assert not closed.filter(closed_on__year__lt=2018).exists()
    assert not closed.filter(closed_on__gt=END).exists()


def test_the_17_second_round_common_issues_are_6_done_and_11_on_schedule(demo_org):
    items = RectificationItem.objects.filter(batch__name="中央第二轮督察反馈共性问题")
    assert Counter(items.values_list("status", flat=True)) == {"done": 6, "in_progress": 11}
    in_progress = items.filter(status="in_progress")
    assert in_progress.filter(on_schedule=True, deadline__gt=END).count() == 11


def test_the_20_petition_cases_are_19_closed_and_1_done(demo_org):
    items = RectificationItem.objects.filter(batch__name="中央第二轮督察信访转办件")
    assert set(items.values_list("kind", flat=True)) == {"petition"}
    assert Counter(items.values_list("status", flat=True)) == {"closed": 19, "done": 1}


def test_every_demo_item_is_marked_as_sample_and_has_a_unique_code(demo_org):
    assert RectificationItem.objects.count() == 145
    assert not RectificationItem.objects.filter(is_sample=False).exists()
    assert RectificationItem.objects.values("code").distinct().count() == 145
    assert not LedgerTask.objects.filter(is_sample=False).exists()


def test_the_ledger_has_62_tasks_in_7_areas_2_closed_4_applying_56_on_schedule(demo_org):
    areas = LedgerArea.objects.filter(organization=demo_org).annotate(n=Count("tasks"))
    assert areas.count() == 7
    assert sum(area.n for area in areas) == 62
    assert list(areas.values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    tasks = LedgerTask.objects.filter(area__organization=demo_org)
    assert Counter(tasks.values_list("status", flat=True)) == {
        "closed": 2,
        "applying_closure": 4,
        "in_progress": 56,
    }
    assert tasks.filter(status="in_progress", on_schedule=True).count() == 56
    assert not tasks.filter(status="closed", closed_on__isnull=True).exists()
    # None overdue at the end of the half-year: every deadline is in December 2022.
    assert not any(task.days_overdue(END) for task in tasks)
    assert set(tasks.values_list("deadline__year", "deadline__month")) == {(2022, 12)}
