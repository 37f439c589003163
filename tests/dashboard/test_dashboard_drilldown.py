"""Following a figure lists exactly the records it counts."""

import re
from datetime import date
from urllib.parse import quote

import pytest

from ecoreport.dashboard import records
from ecoreport.figures.compute import compute_figures

START, END = date(2022, 1, 1), date(2022, 6, 30)
COUNTS = ("in_progress", "done", "applying_closure", "closed", "completed", "on_schedule", "behind", "overdue")


def _count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(re.search(r'data-testid="record-count">(\d+)<', response.content.decode())[1])


@pytest.fixture
def figures(demo_org):
    return compute_figures(demo_org, START, END)


def test_the_good_days_link_lists_the_good_days(client, leader_user, figures):
    client.force_login(leader_user)
    assert _count(client, "/org/360483/records/air/?period=2022H1&days=good") == figures.air.good_days == 167
    assert _count(client, "/org/360483/records/air/?period=2022H1&days=valid") == figures.air.valid_days == 181
    assert _count(client, "/org/360483/records/air/?period=2022H1&days=heavy") == figures.air.heavy_days


def test_each_category_link_lists_that_many_days(client, leader_user, figures):
    client.force_login(leader_user)
    for category, days in figures.air.days_by_category.items():
        assert _count(client, f"/org/360483/records/air/?period=2022H1&category={quote(category)}") == days


def test_a_section_link_lists_the_samples_behind_its_class(client, leader_user, figures):
    client.force_login(leader_user)
    xingzi = next(s for s in figures.water.sections if s.code == "360483-XZ")
    assert _count(client, "/org/360483/records/water/360483-XZ/?period=2022H1") == xingzi.sample_count > 0


def test_a_section_of_another_county_is_not_found(client, leader_user):
    client.force_login(leader_user)
    assert client.get("/org/360483/records/water/360425-QJ/?period=2022H1").status_code == 404


def test_every_batch_count_matches_its_item_list(demo_org, figures):
    org_ids = demo_org.subtree_ids()
    for batch in figures.rectification.batches:
        assert records.rectification_items(org_ids, END, batch=batch.name).count() == batch.total
        for name in COUNTS:
            assert records.rectification_items(org_ids, END, batch=batch.name, status=name).count() == getattr(
                batch, name
            ), (batch.name, name)
    for group in figures.rectification.groups:
        assert records.rectification_items(org_ids, END, group=group.group or group.name).count() == group.total


def test_every_area_count_matches_its_task_list(demo_org, figures):
    org_ids = demo_org.subtree_ids()
    assert records.ledger_tasks(org_ids, END).count() == figures.ledger.total == 62
    for area in figures.ledger.by_area:
        for name in COUNTS:
            assert records.ledger_tasks(org_ids, END, area=area.area, status=name).count() == getattr(area, name)


def test_the_item_page_lists_the_group_counted_on_the_overview(client, leader_user):
    client.force_login(leader_user)
    group = quote("中央、省第一轮环保督察和审计等反馈问题")
    assert _count(client, f"/org/360483/records/items/?period=2022H1&group={group}") == 108
    assert _count(client, f"/org/360483/records/items/?period=2022H1&group={group}&status=completed") == 88
    assert _count(client, "/org/360483/records/tasks/?period=2022H1&status=completed") == 6


def test_overdue_counts_as_of_the_period_end(demo_org):
    from tasks.models import RectificationItem

    item = RectificationItem.objects.filter(batch__organization=demo_org, status="in_progress").first()
    item.deadline = date(2022, 6, 1)
    item.save()
    figures = compute_figures(demo_org, START, END)
    overdue = records.rectification_items(demo_org.subtree_ids(), END, status="overdue")
    assert list(overdue) == [item]
    assert figures.rectification.totals.overdue == 1
    assert [o.days_overdue for o in figures.overdue if o.pk == item.pk] == [29]


def test_an_unknown_status_filter_is_a_404(client, leader_user):
    client.force_login(leader_user)
    assert client.get("/org/360483/records/items/?period=2022H1&status=lost").status_code == 404
