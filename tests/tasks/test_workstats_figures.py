"""How entered work values make a period's figure: months add up, a longer period stands for its
parts, stocks take the latest, a parent adds up its counties unless it entered its own total."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ecoreport.figures.compute import compute_figures
from ecoreport.figures.memo import Fingerprint
from ecoreport.figures.workstats import work_figures
from ecoreport.lib.periods import month_end
from tasks.workstats import WorkIndicator, WorkValue
from tests.figures_data import make_org

pytestmark = pytest.mark.django_db

H1 = (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
H1_BEFORE = (datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))


def indicator(code: str, aggregation: str = "sum", additive: bool = True) -> WorkIndicator:
    return WorkIndicator.objects.create(
        code=code, name=f"指标{code}", unit="次", category="enforcement", aggregation=aggregation, additive=additive
    )


def month(year: int, number: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, number, 1), month_end(year, number)


def put(ind: WorkIndicator, org, period, value) -> WorkValue:
    return WorkValue.objects.create(
        indicator=ind, organization=org, period_start=period[0], period_end=period[1], value=Decimal(str(value))
    )


def figure(org, code: str, period=H1):
    found = {item.code: item for item in compute_figures(org, *period).work}
    return found.get(code)


@pytest.fixture
def city():
    city = make_org("369000", "测试市", level="city")
    make_org("369001", "甲县", parent=city)
    make_org("369002", "乙县", parent=city)
    return city


def county(code: str):
    from ecoreport.accounts.models import Organization

    return Organization.objects.get(code=code)


def test_monthly_values_add_up_and_the_year_before_gives_the_change(city):
    visits = indicator("visits")
    for number, value in ((1, 10), (2, 12), (6, 8)):
        put(visits, county("369001"), month(2024, number), value)
    put(visits, county("369001"), H1_BEFORE, 25)
    result = figure(county("369001"), "visits")
    assert (result.value, result.prev, result.change, result.change_pct) == (30, 25, 5, Decimal("20.0"))
    assert result.records == 3 and result.rolled_up is False


def test_a_half_year_total_stands_for_the_months_inside_it(city):
    visits = indicator("visits")
    put(visits, county("369001"), month(2024, 1), 10)
    put(visits, county("369001"), month(2024, 2), 12)
    put(visits, county("369001"), H1, 54)
    assert figure(county("369001"), "visits").value == 54
    # The first quarter has only its months: the half-year total reaches outside it and never counts.
    assert figure(county("369001"), "visits", (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))).value == 22


def test_a_stock_takes_the_value_that_ends_last_and_a_maximum_the_largest(city):
    stations = indicator("stations", aggregation="latest")
    peak = indicator("peak", aggregation="max")
    for number, value in ((1, 6), (3, 7), (2, 9)):
        put(stations, county("369001"), month(2024, number), value)
        put(peak, county("369001"), month(2024, number), value)
    assert figure(county("369001"), "stations").value == 7
    assert figure(county("369001"), "peak").value == 9


def test_a_city_adds_up_its_counties_unless_it_entered_its_own_total(city):
    visits, categories = indicator("visits"), indicator("categories", aggregation="latest", additive=False)
    put(visits, county("369001"), H1, 54)
    put(visits, county("369002"), H1, 6)
    put(categories, county("369001"), H1, 51)
    put(categories, county("369002"), H1, 45)
    total = figure(city, "visits")
    assert (total.value, total.rolled_up, total.records) == (60, True, 2)
    # A list of categories does not add up: the city has no figure for it.
    assert figure(city, "categories") is None
    put(visits, city, H1, 70)
    assert (figure(city, "visits").value, figure(city, "visits").rolled_up) == (70, False)


def test_an_organization_sees_none_of_its_siblings_values(city):
    visits = indicator("visits")
    put(visits, county("369001"), H1, 54)
    assert figure(county("369002"), "visits") is None


def test_values_of_one_indicator_may_nest_but_not_cross(city):
    visits = indicator("visits")
    put(visits, county("369001"), (datetime.date(2024, 1, 1), datetime.date(2024, 2, 29)), 5)
    crossing = WorkValue(
        indicator=visits,
        organization=county("369001"),
        period_start=datetime.date(2024, 2, 1),
        period_end=datetime.date(2024, 3, 31),
        value=Decimal(3),
    )
    with pytest.raises(ValidationError, match="期间交叉"):
        crossing.full_clean()
    nested = WorkValue(
        indicator=visits, organization=county("369001"), period_start=H1[0], period_end=H1[1], value=Decimal(9)
    )
    nested.full_clean()


def test_the_figures_take_one_query_and_add_no_fingerprint_without_values(city, django_assert_num_queries):
    from ecoreport.accounts.models import Organization

    tree = Organization.objects.subtree(city)
    empty = Fingerprint()
    with django_assert_num_queries(1):
        assert work_figures(tree, *H1, *H1_BEFORE, empty) == []
    assert empty.hexdigest() == Fingerprint().hexdigest()
