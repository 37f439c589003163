"""A change to an input row, made any way, shows in the figures at once; callers get their own copy."""

import datetime
from decimal import Decimal

from ecoreport.figures.compute import compute_figures
from indicators.models import AirDailyRecord, WaterSample

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


def test_a_queryset_update_that_skips_save_still_changes_the_figures(demo_org):
    before = compute_figures(demo_org, *H1)
    again = compute_figures(demo_org, *H1)
    assert again.air.good_days == before.air.good_days
    day = AirDailyRecord.objects.filter(station__organization=demo_org, date=datetime.date(2022, 5, 3))
    day.update(pm25=Decimal("300"))  # no save(), no signal: only the rows tell
    after = compute_figures(demo_org, *H1)
    assert after.air.good_days == before.air.good_days - 1
    assert after.data_fingerprint != before.data_fingerprint


def test_a_changed_water_sample_changes_the_section_figures(demo_org):
    before = {s.name: s.tp for s in compute_figures(demo_org, *H1).water.sections}
    sample = WaterSample.objects.filter(section__name__contains="星子", date__year=2022).order_by("date").first()
    WaterSample.objects.filter(pk=sample.pk).update(tp=sample.tp + Decimal("0.06"))
    after = {s.name: s.tp for s in compute_figures(demo_org, *H1).water.sections}
    name = next(n for n in before if "星子" in n)
    assert after[name] == before[name] + Decimal("0.010")


def test_callers_get_their_own_copy(demo_org):
    first = compute_figures(demo_org, *H1)
    first.air.daily.clear()
    first.water.sections[0].groups.append("changed by a caller")
    second = compute_figures(demo_org, *H1)
    assert len(second.air.daily) == second.air.valid_days
    assert "changed by a caller" not in second.water.sections[0].groups
