import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.standards.aqi import (
    CATEGORIES,
    POLLUTANTS,
    REGIME_2012,
    REGIME_2026,
    REGIMES,
    Regime,
    category_for,
    day_aqi,
    iaqi,
    regime_for,
    round_input,
)

DAY_2012 = date(2025, 6, 1)
DAY_2026 = date(2026, 6, 1)


def values(pm25, pm10, o3_8h, no2, so2, co, o3_1h=None):
    """Inputs in the order of the worked-values table in standards.md §5."""
    result = {
        "pm25": Decimal(str(pm25)),
        "pm10": Decimal(str(pm10)),
        "o3_8h": Decimal(str(o3_8h)),
        "no2": Decimal(str(no2)),
        "so2": Decimal(str(so2)),
        "co": Decimal(str(co)),
    }
    if o3_1h is not None:
        result["o3_1h"] = Decimal(str(o3_1h))
    return result


V1 = values(46, 72, 138, 33, 9, "0.8")
V2 = values(75, 120, 90, 45, 12, "1.2")
V3 = values("35.4", 48, 70, 25, 7, "0.6")
V4 = values(160, 230, 60, 70, 25, "1.9")
V5 = values(75, 150, 95, 50, 10, "1.0")
V6 = values(30, 60, 820, 30, 8, "0.7", o3_1h=1010)
V7 = values(20, 35, 80, 20, 6, "0.5")
V8 = values(40, 80, 100, 38, 200, "1.1")
V9 = values(30, 45, 60, 30, 10, "3.0")
V10 = values(33, 40, 90, 30, 10, "2.2")

WORKED = [
    # id, inputs, (2012 aqi, name, primary), (2026 aqi, name, primary)
    ("V1", V1, (82, "良", ("o3_8h",)), (82, "良", ("o3_8h",))),
    ("V2", V2, (100, "良", ("pm25",)), (114, "轻度污染", ("pm25",))),
    ("V3", V3, (50, "优", ()), (50, "优", ())),
    ("V4", V4, (210, "重度污染", ("pm25",)), (210, "重度污染", ("pm25",))),
    ("V5", V5, (100, "良", ("pm25", "pm10")), (114, "轻度污染", ("pm25",))),
    ("V6", V6, (405, "严重污染", ("o3_1h",)), (300, "重度污染", ("o3_8h",))),
    ("V7", V7, (40, "优", ()), (40, "优", ())),
    ("V8", V8, (108, "轻度污染", ("so2",)), (108, "轻度污染", ("so2",))),
    ("V9", V9, (75, "良", ("co",)), (75, "良", ("co",))),
    ("V10", V10, (55, "良", ("co",)), (55, "良", ("co",))),
]


@pytest.mark.parametrize(
    ("case", "inputs", "expected"), [(c, i, e12) for c, i, e12, _ in WORKED], ids=[w[0] for w in WORKED]
)
def test_worked_values_under_2012(case, inputs, expected):
    result = day_aqi(inputs, DAY_2012)
    assert (result.aqi, result.category.name, result.primary) == expected
    assert result.regime == "2012"


@pytest.mark.parametrize(
    ("case", "inputs", "expected"), [(c, i, e26) for c, i, _, e26 in WORKED], ids=[w[0] for w in WORKED]
)
def test_worked_values_under_2026(case, inputs, expected):
    result = day_aqi(inputs, DAY_2026)
    assert (result.aqi, result.category.name, result.primary) == expected
    assert result.regime == "2026"


def test_v1_is_82_good_with_o3_8h_primary_under_both_regimes():
    for day in (DAY_2012, DAY_2026):
        result = day_aqi(V1, day)
        assert result.aqi == 82
        assert result.category.name == "良"
        assert result.primary == ("o3_8h",)


def test_v2_is_100_good_under_2012():
    result = day_aqi(V2, DAY_2012)
    assert (result.aqi, result.category.name, result.primary) == (100, "良", ("pm25",))


def test_v2_is_114_light_pollution_under_2026():
    result = day_aqi(V2, DAY_2026)
    assert (result.aqi, result.category.name, result.primary) == (114, "轻度污染", ("pm25",))


def test_v3_pm25_35_4_rounds_to_35_so_aqi_is_50_without_primary():
    result = day_aqi(V3, DAY_2012)
    assert result.iaqi["pm25"] == 50
    assert result.aqi == 50
    assert result.category.name == "优"
    assert result.primary == ()


def test_v5_pm25_and_pm10_tie_as_primary_under_2012():
    assert day_aqi(V5, DAY_2012).primary == ("pm25", "pm10")


def test_v6_o3_8h_above_800_uses_o3_1h_under_2012():
    result = day_aqi(V6, DAY_2012)
    assert result.aqi == 405
    assert result.category.name == "严重污染"
    assert result.primary == ("o3_1h",)
    assert "o3_8h" not in result.iaqi


def test_v6_o3_8h_above_800_counts_as_300_under_2026():
    result = day_aqi(V6, DAY_2026)
    assert result.aqi == 300
    assert result.category.name == "重度污染"
    assert result.primary == ("o3_8h",)
    assert "o3_1h" not in result.iaqi


def test_co_2_2_gives_iaqi_exactly_55_not_56():
    assert iaqi("co", Decimal("2.2"), REGIME_2012) == 55
    assert iaqi("co", "2.2", REGIME_2026) == 55
    assert iaqi("co", 2.2, REGIME_2026) == 55


def test_iaqi_is_rounded_up():
    # PM2.5 46: 50 + 50/40 × 11 = 63.75
    assert iaqi("pm25", 46, REGIME_2012) == 64


def test_value_above_the_top_breakpoint_is_500():
    assert iaqi("pm25", 600, REGIME_2012) == 500
    assert iaqi("co", "61", REGIME_2026) == 500


def test_o3_8h_above_800_returns_none_under_2012_and_300_under_2026():
    assert iaqi("o3_8h", 801, REGIME_2012) is None
    assert iaqi("o3_8h", 801, REGIME_2026) == 300
    assert iaqi("o3_8h", 800, REGIME_2012) == 300


def test_o3_8h_just_above_800_before_rounding_still_counts_as_800():
    assert iaqi("o3_8h", "800.4", REGIME_2012) == 300


def test_inputs_are_rounded_by_gb8170_first():
    assert round_input("pm25", "35.5") == Decimal(36)
    assert round_input("pm25", "36.5") == Decimal(36)
    assert round_input("co", "1.25") == Decimal("1.2")
    assert round_input("co", "1.251") == Decimal("1.3")


def test_missing_iaqi_input_is_none():
    assert iaqi("pm25", None, REGIME_2012) is None


def test_2026_02_28_uses_the_2012_regime():
    assert regime_for(date(2026, 2, 28)).name == "2012"
    assert day_aqi(V2, date(2026, 2, 28)).aqi == 100


def test_2026_03_01_uses_the_2026_regime():
    assert regime_for(date(2026, 3, 1)).name == "2026"
    assert day_aqi(V2, date(2026, 3, 1)).aqi == 114


def test_old_dates_use_the_2012_regime():
    assert regime_for(date(2015, 1, 1)) is REGIME_2012


def test_regimes_are_ordered_by_effective_date():
    assert list(REGIMES) == sorted(REGIMES, key=lambda r: r.effective_from)


def test_a_new_regime_is_just_a_new_table_entry(monkeypatch):
    import indicators.standards.aqi as aqi_module

    future = Regime(
        name="2040",
        effective_from=date(2040, 1, 1),
        breakpoints=REGIME_2026.breakpoints,
        daily_items=REGIME_2026.daily_items,
        o3_8h_over_800=300,
        annual_limits=REGIME_2026.annual_limits,
    )
    monkeypatch.setattr(aqi_module, "REGIMES", REGIMES + (future,))
    assert aqi_module.regime_for(date(2039, 12, 31)).name == "2026"
    assert aqi_module.regime_for(date(2040, 1, 1)).name == "2040"


def test_2026_ignores_o3_1h_in_the_daily_aqi():
    inputs = dict(V7, o3_1h=Decimal(1000))
    assert day_aqi(inputs, DAY_2026).aqi == 40
    assert day_aqi(inputs, DAY_2012).aqi == 400


def test_2012_o3_1h_counts_when_present():
    inputs = dict(V7, o3_1h=Decimal(250))
    result = day_aqi(inputs, DAY_2012)
    assert result.aqi == 125
    assert result.primary == ("o3_1h",)


def test_missing_required_value_gives_no_day_aqi():
    for key in ("pm25", "pm10", "so2", "no2", "co", "o3_8h"):
        inputs = dict(V1)
        inputs[key] = None
        assert day_aqi(inputs, DAY_2012) is None
        del inputs[key]
        assert day_aqi(inputs, DAY_2026) is None


def test_2012_o3_8h_above_800_without_o3_1h_has_no_aqi():
    inputs = dict(V6)
    del inputs["o3_1h"]
    assert day_aqi(inputs, DAY_2012) is None
    assert day_aqi(inputs, DAY_2026).aqi == 300


def test_good_and_heavy_day_flags():
    assert day_aqi(V2, DAY_2012).is_good
    assert not day_aqi(V2, DAY_2026).is_good
    assert day_aqi(V4, DAY_2012).is_heavy
    assert day_aqi(V6, DAY_2026).is_heavy  # 300 > 200
    assert not day_aqi(V8, DAY_2012).is_heavy


def test_category_boundaries_and_colors():
    assert category_for(0).name == "优"
    assert category_for(50).name == "优"
    assert category_for(51).name == "良"
    assert category_for(100).name == "良"
    assert category_for(101).name == "轻度污染"
    assert category_for(150).name == "轻度污染"
    assert category_for(151).name == "中度污染"
    assert category_for(200).name == "中度污染"
    assert category_for(201).name == "重度污染"
    assert category_for(300).name == "重度污染"
    assert category_for(301).name == "严重污染"
    assert category_for(500).name == "严重污染"
    assert [c.grade for c in CATEGORIES] == ["一级", "二级", "三级", "四级", "五级", "六级"]
    assert [c.rgb for c in CATEGORIES] == [
        (0, 228, 0),
        (255, 255, 0),
        (255, 126, 0),
        (255, 0, 0),
        (153, 0, 76),
        (126, 0, 35),
    ]
    for category in CATEGORIES:
        assert category.color == "#{:02x}{:02x}{:02x}".format(*category.rgb)


def test_annual_limits_follow_the_regime():
    assert REGIME_2012.annual_limits["pm25"] == 35
    assert REGIME_2012.annual_limits["pm10"] == 70
    assert REGIME_2026.annual_limits["pm25"] == 30
    assert REGIME_2026.annual_limits["pm10"] == 60


def test_the_standards_package_does_not_import_django():
    # A fresh interpreter, so a Django loaded by some conftest cannot mask an import here.
    code = (
        "import sys, indicators.standards.rounding, indicators.standards.aqi, "
        "indicators.standards.stats, indicators.standards.water; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]  # the project root, where the indicators package is
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def _top(key, regime):
    return regime.breakpoints[key][-1][0]


@pytest.mark.parametrize("regime", REGIMES, ids=lambda r: r.name)
@pytest.mark.parametrize("key", POLLUTANTS)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_iaqi_never_decreases_as_concentration_rises(key, regime, data):
    # Under 2012, O3-8h above 800 has no IAQI of its own (O3 1-h replaces it).
    upper = Decimal(800) if (key == "o3_8h" and regime.name == "2012") else _top(key, regime) * Decimal("1.2")
    concentrations = st.decimals(min_value=0, max_value=upper, places=2, allow_nan=False, allow_infinity=False)
    a = data.draw(concentrations)
    b = data.draw(concentrations)
    low, high = sorted((a, b))
    assert iaqi(key, low, regime) <= iaqi(key, high, regime)
