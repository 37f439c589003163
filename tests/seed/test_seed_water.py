"""The demo's water sections and samples reproduce the seed's section classes and TP figures."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import WATER_FIELD, PublishedFigure, SectionTarget, WaterSample, WaterSection
from indicators.standards.rounding import change_pct, round_gb8170
from indicators.standards.water import period_means, section_class


def _means(code, start, end):
    samples = WaterSample.objects.filter(section__code=code, date__range=(start, end))
    return period_means([s.values() for s in samples])


H1_2022 = (date(2022, 1, 1), date(2022, 6, 30))
H1_2021 = (date(2021, 1, 1), date(2021, 6, 30))


@pytest.mark.parametrize(
    ("code", "name", "level", "body", "target"),
    [
        ("360483-XZ", "星子", "national", "lake", "IV"),
        ("360483-BH", "蚌湖", "national", "lake", "IV"),
        ("360483-SHS", "沙湖山", "provincial", "river", "III"),
    ],
)
def test_the_county_sections_have_their_level_body_and_target(demo_org, code, name, level, body, target):
    section = WaterSection.objects.get(code=code)
    assert (section.name, section.level, section.body, section.target_class) == (name, level, body, target)
    assert section.organization == demo_org
    assert SectionTarget.objects.get(section=section, year=2022).target_class == target


@pytest.mark.parametrize(
    ("code", "tp", "tp_prev", "change"),
    [("360483-XZ", "0.053", "0.063", "-15.9"), ("360483-BH", "0.052", "0.065", "-20.0")],
)
def test_the_lake_sections_are_class_iv_by_tp_with_the_seed_means(demo_org, code, tp, tp_prev, change):
    now = _means(code, *H1_2022)
    before = _means(code, *H1_2021)
    assert round_gb8170(now["tp"], 3) == Decimal(tp)
    assert round_gb8170(before["tp"], 3) == Decimal(tp_prev)
    assert change_pct(Decimal(tp), Decimal(tp_prev)) == Decimal(change)
    result = section_class(now, "lake")
    assert result.cls == "IV"
    assert result.worst == ("tp",)


def test_shahushan_is_class_ii_and_has_the_lowest_tp_of_its_group(demo_org):
    assert section_class(_means("360483-SHS", *H1_2022), "river").cls == "II"
    assert _means("360483-SHS", *H1_2022)["tp"] < _means("360483-SHS", *H1_2021)["tp"]
    group = WaterSection.objects.filter(groups__name="鄱阳湖入湖断面")
    assert group.count() >= 4
    tp = {s.code: round_gb8170(_means(s.code, *H1_2022)["tp"], 3) for s in group}
    ranked = sorted(tp, key=tp.get)
    assert ranked[0] == "360483-SHS"
    assert tp[ranked[0]] < tp[ranked[1]]


def test_every_sample_keeps_absent_parameters_empty_not_zero(demo_org):
    sample = WaterSample.objects.filter(section__code="360483-XZ").first()
    assert sample.tp is not None and sample.tp > 0
    assert sample.fc is None and sample.phenol is None
    assert set(WATER_FIELD) >= {"tp", "fc"}


def test_the_official_good_rate_is_stored_as_a_published_figure(demo_org):
    figure = PublishedFigure.objects.get(organization=demo_org, indicator="good_rate")
    assert figure.value == Decimal("92.2")
    assert (figure.period_start, figure.period_end) == H1_2022
    assert figure.section is None
    assert figure.source
