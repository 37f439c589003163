"""Admin list filters in people's words and within the county wall (issue 13, item 2): a county's
staff see only their organisations, stations, sections and batches in the filters, and the water
class by its name."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _filter_choices(html: str, title: str) -> list[str] | None:
    """The choices of one filter, "全部" left out; None when the page offers no such filter (Django
    leaves out a filter with a single choice)."""
    if f'data-filter-title="{title}"' not in html:
        return None
    block = html.split(f'data-filter-title="{title}"')[1].split("</ul>")[0]
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", block, re.S)][1:]


def test_county_staff_see_only_their_organisations_in_the_filters(client, staff_user, demo_org):
    client.force_login(staff_user)
    items = client.get("/admin/tasks/rectificationitem/").content.decode()
    assert _filter_choices(items, "机构") is None  # their one organisation: nothing to choose
    assert "永修县" not in items and "九江市（360400）" not in items
    samples = client.get("/admin/indicators/watersample/").content.decode()
    assert _filter_choices(samples, "所属机构") is None
    sections = _filter_choices(samples, "断面")
    assert sections and all(name in {"星子（国考）", "蚌湖（国考）", "沙湖山（省控）"} for name in sections)


def test_an_administrator_sees_the_organisations_that_have_records(client, admin_user, demo_org, make_org):
    from tasks.models import InspectionBatch, RectificationItem

    other = make_org("360402", "濂溪区", parent=demo_org.parent)
    first = RectificationItem.objects.select_related("unit").first()
    batch = InspectionBatch.objects.create(organization=other, name="濂溪区巡察")
    RectificationItem.objects.create(code="LX-001", batch=batch, unit=first.unit, description="濂溪区的问题")
    client.force_login(admin_user)
    items = client.get("/admin/tasks/rectificationitem/").content.decode()
    assert sorted(_filter_choices(items, "机构")) == sorted([str(demo_org), str(other)])  # with items, not all five


def test_the_water_class_filter_reads_class_names(client, staff_user):
    client.force_login(staff_user)
    samples = client.get("/admin/indicators/watersample/").content.decode()
    assert _filter_choices(samples, "水质类别") == ["Ⅱ类", "Ⅳ类"]
    filtered = client.get("/admin/indicators/watersample/?water_class=IV").content.decode()
    assert "Ⅱ类</span>" not in filtered and "Ⅳ类</span>" in filtered
    header = client.get("/admin/indicators/watersample/").content.decode()
    assert "酸碱度 pH" in header and ">PH<" not in header
