"""The seed's narrative parts 二 to 四 are report sections, with data markers where figures go."""

from datetime import date

from ecoreport.reports.models import ReportSection

MARKER = "【数据】"


def _sections(org):
    return ReportSection.objects.filter(organization=org, period_start=date(2022, 1, 1), period_end=date(2022, 6, 30))


def test_the_work_part_has_the_five_headings_of_the_seed_in_order(demo_org):
    work = _sections(demo_org).filter(part="work").order_by("order")
    headings = [s.heading[:3] for s in work]
    assert headings == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert work[0].heading == "（一）以改为力，全面落实各类反馈问题整改"


def test_the_rectification_and_ledger_sentences_are_left_to_the_data(demo_org):
    sections = {s.order: s for s in _sections(demo_org).filter(part="work")}
    assert sections[1].generated == "rectification"
    assert sections[4].generated == "ledger"
    assert sections[1].body.startswith(MARKER)
    assert sections[4].body.endswith("工作台账》，" + MARKER)
    for section in sections.values():
        assert "共108个" not in section.body
        assert "62项" not in section.body
        assert "已办结销号" not in section.body
    assert [s.generated for o, s in sorted(sections.items()) if o not in (1, 4)] == ["", "", ""]
    assert all(MARKER not in s.body for o, s in sections.items() if o not in (1, 4))


def test_the_problems_and_plan_parts_are_copied_from_the_seed(demo_org):
    problems = _sections(demo_org).get(part="problems")
    plan = _sections(demo_org).get(part="plan")
    assert problems.body.startswith("在肯定上半年成绩的同时")
    assert "一是空气质量改善压力大" in problems.body
    assert plan.body.startswith("一是紧盯考核目标，在任务上守底线")
    assert plan.body.endswith("推进美丽江西各项工作任务落实落细。")
    assert _sections(demo_org).count() == 7
