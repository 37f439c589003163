"""The vectorised engine (indicators.standards.vector) equals the scalar reference on every row.

Random station-days and periods on both sides of 2026-03-01, with values at and around every
breakpoint, exact .5 ties at the rounding place, the CO 2.2 trap, O3-8h above 800 and missing
values; plus the worked values of docs/standards.md §5.
"""

import random
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.standards import vector
from indicators.standards.aqi import (
    CATEGORIES,
    INPUT_PLACES,
    POLLUTANTS,
    REGIME_2012,
    REGIME_2026,
    REGIMES,
    day_aqi,
    iaqi,
    round_input,
)
from indicators.standards.stats import (
    city_daily_values,
    city_value_from_sum,
    co_p95,
    composite_index,
    good_rate,
    o3_8h_p90,
    percentile,
    period_mean,
    period_stats,
)
from indicators.standards.vector_stats import CO_P95, O3_8H_P90

BOUNDARY = REGIME_2026.effective_from
DAY_2012 = date(2025, 6, 1)
DAY_2026 = date(2026, 6, 1)
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- strategies ------------------------------------------------------------------------------


def _breakpoints(key):
    return sorted({conc for regime in REGIMES for conc, _ in regime.breakpoints[key]})


def _concentration(key):
    """A raw daily value (Decimal, natural units) that stresses the rounding and the tables."""
    places = INPUT_PLACES[key]
    half_unit = Decimal(1).scaleb(-places) / 2
    points = _breakpoints(key)
    top = points[-1]
    near = st.builds(
        lambda b, k: max(b + k * half_unit, Decimal(0)), st.sampled_from(points), st.integers(-4, 4)
    )  # breakpoints, one unit either side, and the exact ties half a unit away
    free = st.integers(0, int(top * Decimal("1.2")) * 10 ** (places + 2)).map(
        lambda n: Decimal(n).scaleb(-(places + 2))
    )
    tie = st.integers(0, int(top) * 10**places).map(lambda n: (Decimal(2 * n + 1) / 2).scaleb(-places))
    options = [near, free, tie]
    if key == "co":
        options.append(st.sampled_from(["2.2", "2.15", "2.25", "2.249", "2.251", "0.05", "3.0"]).map(Decimal))
    return st.one_of(options)


def _maybe_missing(strategy, one_in=16):
    return st.tuples(st.integers(0, one_in - 1), strategy).map(lambda t: None if t[0] == 0 else t[1])


DAYS = st.one_of(
    st.dates(date(2025, 1, 1), date(2027, 6, 30)),
    st.sampled_from([BOUNDARY - timedelta(days=1), BOUNDARY]),
)


def _row(rounded=False):
    def value(key):
        strategy = _concentration(key)
        if rounded:
            strategy = strategy.map(lambda v, key=key: round_input(key, v))
        return _maybe_missing(strategy, one_in=3 if key == "o3_1h" else 16)

    return st.fixed_dictionaries({key: value(key) for key in POLLUTANTS})


STATION_DAYS = st.lists(st.tuples(DAYS, _row()), max_size=40)


def _columns(rows, convert=lambda v: v):
    return {key: np.array([convert(values[key]) for _, values in rows], dtype=object) for key in POLLUTANTS}


def _assert_rows_match(rows, result):
    expected = [day_aqi(values, day) for day, values in rows]
    objects = vector.day_aqi_objects(result)
    primaries = vector.primary_keys(result.primary)
    for i, scalar in enumerate(expected):
        assert objects[i] == scalar, (rows[i], scalar, objects[i])
        if scalar is None:
            assert result.aqi[i] == -1 and result.category[i] == -1 and not result.primary[i].any()
        else:
            assert result.aqi[i] == scalar.aqi
            assert CATEGORIES[result.category[i]] == scalar.category
            assert primaries[i] == scalar.primary


# --- daily AQI -------------------------------------------------------------------------------


@SETTINGS
@given(rows=STATION_DAYS)
def test_day_aqi_arrays_match_day_aqi_on_decimal_inputs(rows):
    days = [day for day, _ in rows]
    result = vector.evaluate_days(_columns(rows), days)
    _assert_rows_match(rows, result)
    # Same through the scaled-integer path and through the public 3-tuple.
    scaled = {key: vector.to_scaled(column, INPUT_PLACES[key]) for key, column in _columns(rows).items()}
    again = vector.evaluate_days(scaled, np.array(days, dtype="datetime64[D]"))
    assert np.array_equal(again.iaqi, result.iaqi)
    aqi, category, primary = vector.day_aqi_arrays(_columns(rows, lambda v: None if v is None else str(v)), days)
    assert np.array_equal(aqi, result.aqi)
    assert np.array_equal(category, result.category)
    assert np.array_equal(primary, result.primary)


@SETTINGS
@given(rows=STATION_DAYS)
def test_day_aqi_arrays_match_day_aqi_on_float_arrays(rows):
    floats = [(day, {k: None if v is None else float(v) for k, v in values.items()}) for day, values in rows]
    columns = {
        key: np.array([np.nan if v[key] is None else v[key] for _, v in floats], dtype=np.float64) for key in POLLUTANTS
    }
    result = vector.evaluate_days(columns, [day for day, _ in floats])
    _assert_rows_match(floats, result)


def test_day_aqi_arrays_match_day_aqi_on_a_large_seeded_batch():
    rng = random.Random(20260301)
    rows = []
    for _ in range(1000):
        day = BOUNDARY + timedelta(days=rng.randint(-400, 400))
        values = {}
        for key in POLLUTANTS:
            top = _breakpoints(key)[-1]
            if rng.random() < 0.04 or (key == "o3_1h" and rng.random() < 0.5):
                values[key] = None
            else:
                values[key] = Decimal(rng.randint(0, int(top * 11) * 10 ** INPUT_PLACES[key])).scaleb(
                    -INPUT_PLACES[key] - 1
                )
        rows.append((day, values))
    _assert_rows_match(rows, vector.evaluate_days(_columns(rows), [day for day, _ in rows]))


@pytest.mark.parametrize("regime", REGIMES, ids=lambda r: r.name)
@pytest.mark.parametrize("key", POLLUTANTS)
def test_iaqi_scaled_matches_iaqi_at_and_around_every_breakpoint(key, regime):
    places = INPUT_PLACES[key]
    step = Decimal(1).scaleb(-places) / 4
    concs = sorted({max(b + k * step, Decimal(0)) for b in _breakpoints(key) for k in range(-6, 7)})
    got = vector.iaqi_scaled(key, np.array(concs, dtype=object), regime)
    expected = [iaqi(key, c, regime) for c in concs]
    assert [None if g == vector.NOT_COUNTED else g for g in got.tolist()] == expected


def test_co_2_2_trap_and_o3_8h_above_800():
    assert vector.iaqi_scaled("co", np.array([22]), REGIME_2012).tolist() == [55]
    assert vector.iaqi_scaled("co", np.array([2.2]), REGIME_2026).tolist() == [55]
    assert vector.iaqi_scaled("o3_8h", ["800.5", "800.51", "801"], REGIME_2026).tolist() == [300, 300, 300]
    assert vector.iaqi_scaled("o3_8h", ["800.5", "800.51"], REGIME_2012).tolist() == [300, vector.NOT_COUNTED]


# --- worked values (standards.md §5) --------------------------------------------------------

WORKED = [
    # id, PM2.5, PM10, O3-8h, NO2, SO2, CO, O3-1h, (2012 aqi, category, primary), (2026 ...)
    ("V1", "46", "72", "138", "33", "9", "0.8", None, (82, "良", ("o3_8h",)), (82, "良", ("o3_8h",))),
    ("V2", "75", "120", "90", "45", "12", "1.2", None, (100, "良", ("pm25",)), (114, "轻度污染", ("pm25",))),
    ("V3", "35.4", "48", "70", "25", "7", "0.6", None, (50, "优", ()), (50, "优", ())),
    ("V4", "160", "230", "60", "70", "25", "1.9", None, (210, "重度污染", ("pm25",)), (210, "重度污染", ("pm25",))),
    ("V5", "75", "150", "95", "50", "10", "1.0", None, (100, "良", ("pm25", "pm10")), (114, "轻度污染", ("pm25",))),
    ("V6", "30", "60", "820", "30", "8", "0.7", "1010", (405, "严重污染", ("o3_1h",)), (300, "重度污染", ("o3_8h",))),
    ("V7", "20", "35", "80", "20", "6", "0.5", None, (40, "优", ()), (40, "优", ())),
    ("V8", "40", "80", "100", "38", "200", "1.1", None, (108, "轻度污染", ("so2",)), (108, "轻度污染", ("so2",))),
    ("V9", "30", "45", "60", "30", "10", "3.0", None, (75, "良", ("co",)), (75, "良", ("co",))),
    ("V10", "33", "40", "90", "30", "10", "2.2", None, (55, "良", ("co",)), (55, "良", ("co",))),
]


def test_worked_values_v1_to_v10_under_both_regimes():
    keys = ("pm25", "pm10", "o3_8h", "no2", "so2", "co", "o3_1h")
    values = {key: [row[1 + i] for row in WORKED] * 2 for i, key in enumerate(keys)}
    days = [DAY_2012] * len(WORKED) + [DAY_2026] * len(WORKED)
    aqi, category, primary = vector.day_aqi_arrays(values, days)
    expected = [row[8] for row in WORKED] + [row[9] for row in WORKED]
    got = [
        (a, CATEGORIES[c].name, p)
        for a, c, p in zip(aqi.tolist(), category.tolist(), vector.primary_keys(primary), strict=True)
    ]
    assert got == expected


def test_worked_statistics():
    assert vector.rate_tenths([156, 86, 353, 27], [181, 91, 365, 30]).tolist() == [862, 945, 967, 900]
    labels, sums, counts = vector.sum_count_by_group(np.zeros(6), np.array([35, 42, 28, 51, 47, 33]))
    assert (sums // counts).tolist() == [39] and period_mean([35, 42, 28, 51, 47, 33], "pm25") == 39
    assert vector.percentile_scaled(np.array([3, 4, 8, 2, 5, 4]), Decimal("0.9")) == Fraction(13, 2)
    assert vector.o3_8h_p90_scaled(np.array([100, 120, 95, 160, 170, 130, 110, 150, 180, 140])) == 171
    co = "0.6 0.8 1.1 0.9 0.7 1.3 1.0 0.5 0.9 1.2 0.8 1.6 0.7 1.0 1.4 0.9 0.6 1.1 0.8 1.5".split()
    assert vector.co_p95_scaled(vector.to_scaled(co, 1)) == 15


# --- rounding of inputs ------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    key=st.sampled_from(POLLUTANTS),
    data=st.data(),
)
def test_to_scaled_rounds_like_round_input(key, data):
    decimals = data.draw(st.lists(_concentration(key), min_size=1, max_size=20))
    floats = data.draw(st.lists(st.floats(0, 5000, allow_nan=False), max_size=10)) + [float(d) for d in decimals]
    places = INPUT_PLACES[key]
    expected = [round_input(key, d).scaleb(places) for d in decimals]
    assert vector.to_scaled(decimals, places).tolist() == expected
    assert vector.to_scaled(np.array(floats), places).tolist() == [round_input(key, f).scaleb(places) for f in floats]
    assert vector.from_scaled(vector.to_scaled(decimals, places), places) == [round_input(key, d) for d in decimals]


def test_to_scaled_is_exact_where_binary_floats_are_not():
    assert vector.to_scaled(["0.053", "0.063", Decimal("0.125"), "32.5", "33.5", "32.51"], 2).tolist() == [
        5,
        6,
        12,
        3250,
        3350,
        3251,
    ]
    assert vector.to_scaled(np.array([0.125, 2.675, 1.005, 0.15]), 2).tolist() == [12, 268, 100, 15]
    assert vector.to_scaled([None, " ", float("nan"), 7], 1).tolist() == [-1, -1, -1, 70]
    with pytest.raises(ValueError):
        vector.to_scaled(["0.053"], 2, exact=True)
    with pytest.raises(ValueError):
        vector.to_scaled(np.array([0.05]), 1, exact=True)
    assert vector.to_scaled(np.array([0.05, np.nan]), 2, exact=True).tolist() == [5, -1]
    with pytest.raises(ValueError):
        vector.to_scaled(["-1"], 0)


def test_engine_refuses_bad_input():
    with pytest.raises(ValueError):
        vector.day_aqi_arrays({"pm2.5": [1]}, [DAY_2012])
    with pytest.raises(ValueError):
        vector.day_aqi_arrays({"pm25": np.array([-2])}, [DAY_2012])
    with pytest.raises(ValueError):
        vector.day_aqi_arrays({"pm25": [1, 2]}, [DAY_2012])
    with pytest.raises(ValueError):
        vector.day_aqi_arrays({"pm25": [1]}, [date(1899, 12, 31)])


# --- city daily values -------------------------------------------------------------------------


def _station_value(key):
    places = INPUT_PLACES[key] + 2
    top = int(_breakpoints(key)[-1])
    return _maybe_missing(st.integers(0, top * 10**places).map(lambda n: Decimal(n).scaleb(-places)), one_in=5)


STATIONS = st.lists(
    st.tuples(
        st.sampled_from([BOUNDARY - timedelta(days=1), BOUNDARY, DAY_2026]),
        st.fixed_dictionaries({key: _station_value(key) for key in POLLUTANTS}),
    ),
    max_size=30,
)


@SETTINGS
@given(stations=STATIONS)
def test_city_daily_arrays_match_city_daily_values(stations):
    days = np.array([day for day, _ in stations], dtype="datetime64[D]")
    places = {key: INPUT_PLACES[key] + 2 for key in POLLUTANTS}
    labels, result = vector.city_daily_arrays(days, _columns(stations), places)
    for i, day in enumerate(labels.astype(object).tolist()):
        expected = city_daily_values(values for d, values in stations if d == day)
        assert {key: vector.from_scaled(result[key][i : i + 1], INPUT_PLACES[key])[0] for key in POLLUTANTS} == expected
        for key in POLLUTANTS:
            present = [values[key] for d, values in stations if d == day and values[key] is not None]
            total, count = (sum(present), len(present)) if present else (None, 0)
            from_sum = vector.city_value_from_sum_arrays(key, [total], [count], places[key])
            assert vector.from_scaled(from_sum, INPUT_PLACES[key])[0] == city_value_from_sum(key, total, count)


# --- period statistics -------------------------------------------------------------------------

PERIOD_DAYS = st.lists(st.tuples(DAYS, _row(rounded=True)), max_size=45)


@SETTINGS
@given(
    rows=PERIOD_DAYS,
    period_end=st.sampled_from([BOUNDARY - timedelta(days=1), BOUNDARY, date(2025, 12, 31), date(2026, 12, 31)]),
    span=st.one_of(st.none(), st.integers(-3, 800)),
)
def test_period_stats_arrays_match_period_stats(rows, period_end, span):
    start = None if span is None else period_end - timedelta(days=span)
    expected = period_stats(rows, period_end, start)
    got = vector.period_stats_arrays([day for day, _ in rows], _columns(rows), period_end, start)
    assert got == expected
    scaled = {key: vector.to_scaled(column, INPUT_PLACES[key]) for key, column in _columns(rows).items()}
    fast = vector.period_stats_arrays(
        np.array([d for d, _ in rows], dtype="datetime64[D]"), scaled, period_end, start, with_daily=False
    )
    assert fast == type(expected)(**(expected.__dict__ | {"daily": []}))


@SETTINGS
@given(
    groups=st.lists(st.tuples(st.integers(0, 4), _maybe_missing(st.integers(0, 600), one_in=8)), max_size=60),
    p=st.one_of(st.sampled_from(["0.95", "0.9", "0", "1", "0.5"]), st.integers(0, 1000).map(lambda n: f"{n / 1000}")),
)
def test_percentiles_by_group_match_percentile(groups, p):
    labels = np.array([g for g, _ in groups], dtype=np.int64)
    values = np.array([-1 if v is None else v for _, v in groups], dtype=np.int64)
    got_labels, numerators, denominator = vector.percentile_by_group(labels, values, Decimal(p))
    _, co = vector.rounded_percentile_by_group(labels, values, "co", CO_P95)
    _, o3 = vector.rounded_percentile_by_group(labels, values, "o3_8h", O3_8H_P90)
    for i, label in enumerate(got_labels.tolist()):
        present = [Decimal(v) for g, v in groups if g == label and v is not None]
        if not present:
            assert numerators[i] == co[i] == o3[i] == -1
            continue
        assert Fraction(int(numerators[i]), denominator) == Fraction(percentile(present, Decimal(p)))
        assert Decimal(int(co[i])).scaleb(-1) == co_p95([v / 10 for v in present])
        assert o3[i] == o3_8h_p90(present)


@SETTINGS
@given(
    terms=st.fixed_dictionaries(
        {
            "so2": st.integers(0, 300),
            "no2": st.integers(0, 300),
            "pm10": st.integers(0, 400),
            "pm25": st.integers(0, 300),
            "co_p95": st.integers(0, 100),
            "o3_8h_p90": st.integers(0, 400),
        }
    ),
    end=st.sampled_from([BOUNDARY - timedelta(days=1), BOUNDARY]),
    good=st.integers(0, 400),
    extra=st.integers(0, 400),
)
def test_composite_index_and_good_rate_match(terms, end, good, extra):
    natural = dict(terms) | {"co_p95": Decimal(terms["co_p95"]).scaleb(-1)}
    got = vector.composite_index_hundredths(terms, end)
    assert Decimal(int(got)).scaleb(-2) == composite_index(natural, end)
    assert vector.composite_index_hundredths(natural, end) == got
    rate = vector.rate_tenths(good, good + extra)
    assert (None if rate == -1 else Decimal(int(rate)).scaleb(-1)) == good_rate(good, good + extra)
    assert vector.composite_index_hundredths(terms | {"pm25": -1}, end) == -1
    assert REGIME_2012.annual_limits["pm25"] != REGIME_2026.annual_limits["pm25"]


def test_the_vector_engine_does_not_import_django():
    code = (
        "import sys, indicators.standards.vector; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0
