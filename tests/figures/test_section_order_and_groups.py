"""Sections follow their display order; a group's size is its membership, and the figures say how many
of the group have data in the period."""

from __future__ import annotations

import datetime
import json

import pytest
from entry_files import csv_bytes

from ecoreport.figures import exporters
from ecoreport.figures.compute import compute_figures
from ecoreport.importing.service import import_file
from ecoreport.reports import wording
from indicators.models import SectionGroup, WaterSection

pytestmark = pytest.mark.django_db

START, END = datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)


def summary(org) -> dict:
    return json.loads(exporters.render(compute_figures(org, START, END))[2])


def test_the_demo_lists_xingzi_first_as_the_seed_does(demo_org):
    data = summary(demo_org)
    assert [s["name"] for s in data["water"]["sections"]] == ["星子", "蚌湖", "沙湖山"]
    assert list(data["targets"]["sections"]) == ["360483-XZ", "360483-BH", "360483-SHS"]


def test_changing_the_order_reorders_the_summary(demo_org):
    WaterSection.objects.filter(code="360483-SHS").update(order=0)
    assert [s["name"] for s in summary(demo_org)["water"]["sections"]] == ["沙湖山", "星子", "蚌湖"]


def test_the_group_says_its_size_and_how_many_have_data(demo_org):
    [group] = summary(demo_org)["rankings"]["section_groups"]
    assert (group["group"], group["members"], group["with_data"]) == ("鄱阳湖入湖断面", 18, 4)
    ranked = [(s["rank"], s["name"]) for s in group["sections"]]
    assert ranked == [(1, "沙湖山"), (2, "南河口"), (3, "虬津"), (4, "徐埠港")]


def test_the_report_names_the_groups_size_and_the_sections_with_data(demo_org):
    paragraph = wording.ranking_paragraph(compute_figures(demo_org, START, END))
    assert "".join(piece.text for piece in paragraph.pieces) == (
        "2022年上半年，在鄱阳湖入湖断面（共18个，其中4个有监测数据）总磷浓度考核中，沙湖山断面排名第一。"
    )


def test_without_a_declared_size_the_group_is_its_recorded_members(demo_org):
    SectionGroup.objects.filter(name="鄱阳湖入湖断面").update(size=None)
    figures = compute_figures(demo_org, START, END)
    [group] = figures.rankings.section_groups
    assert (group.members, group.with_data) == (4, 4)
    assert "".join(piece.text for piece in wording.ranking_paragraph(figures).pieces) == (
        "2022年上半年，在4个鄱阳湖入湖断面总磷浓度考核中，沙湖山断面排名第一。"
    )


def test_a_member_without_samples_counts_in_the_size_but_not_in_the_data(demo_org):
    SectionGroup.objects.filter(name="鄱阳湖入湖断面").update(size=None)
    empty = WaterSection.objects.create(code="360483-NEW", name="新断面", organization=demo_org, level="provincial",
                                        body="river", target_class="III")  # fmt: skip
    empty.groups.set(SectionGroup.objects.filter(name="鄱阳湖入湖断面"))
    [group] = compute_figures(demo_org, START, END).rankings.section_groups
    assert (group.members, group.with_data) == (5, 4)


def test_the_section_import_reads_the_order_column(demo_org):
    rows = [
        ["code", "name", "org", "level", "body", "target", "order"],
        ["360483-XZ", "星子", "360483", "国考", "湖库", "Ⅳ", "5"],
        ["360483-BH", "蚌湖", "360483", "国考", "湖库", "Ⅳ", ""],
    ]
    result = import_file("water-sections", csv_bytes(rows), file_name="water-sections.csv")
    assert (result.problems, result.updated) == ([], 1)
    assert dict(WaterSection.objects.filter(organization=demo_org).values_list("code", "order")) == {
        "360483-XZ": 5, "360483-BH": 2, "360483-SHS": 3,
    }  # fmt: skip
