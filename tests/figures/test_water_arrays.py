"""The vectorised water path (figures.water_arrays, standards.vector_water) equals the scalar reference.

Random sections (river, lake, reservoir; every target; in and out of scope) and samples in the
period, a year earlier and outside both, with values at, just inside and just outside every
class limit of both columns, TP means on a rounding tie at three decimals, DO of zero, pH on
both sides of 7 and of the 6–9 range, and missing values. The figures of both paths must have
the same repr: same values and the same Decimal exponents.
"""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecoreport.figures.water import _scalar_figures, _water_figures
from ecoreport.figures.water_arrays import SampleColumns, section_figures_arrays
from indicators.models import WATER_FIELD
from indicators.standards import rounding, vector_water, water

START, END = datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)
PREV_START, PREV_END = datetime.date(2023, 1, 1), datetime.date(2023, 6, 30)
STEP = Decimal("0.00001")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _near(key):
    param = water.PARAMETERS[key]
    limits = {*param.limits, *(param.lake_limits or ())}
    if key == "ph":
        limits |= {Decimal(7)}
    around = [limit + delta for limit in limits for delta in (-STEP, Decimal(0), STEP)]
    return [value for value in around if value >= 0]


def _value(key):
    choices = [st.none(), st.sampled_from(_near(key))]
    top = max(water.PARAMETERS[key].limits) * 2
    choices.append(st.integers(0, int(top / STEP)).map(lambda n: n * STEP))
    if key == "tp":  # halves of the third decimal: means land on GB/T 8170 ties
        choices.append(st.integers(0, 400).map(lambda n: Decimal(n) / 2000))
    if key == "do":
        choices.append(st.just(Decimal(0)))
    return st.one_of(choices).map(lambda v: None if v is None else v.quantize(STEP))


DAYS = st.sampled_from(
    [START, datetime.date(2024, 1, 31), datetime.date(2024, 3, 15), END, datetime.date(2023, 2, 1), PREV_END,
     datetime.date(2023, 12, 31), datetime.date(2024, 7, 1)]
)  # fmt: skip
CLASS = st.sampled_from(water.CLASSES)


@st.composite
def cases(draw):
    count = draw(st.integers(1, 4))
    sections = [
        {
            "id": pk,
            "code": f"S{pk}",
            "name": f"断面{pk}",
            "organization_id": draw(st.sampled_from([1, 2])),
            "organization__code": "360000",
            "level": "national",
            "body": draw(st.sampled_from(["river", "lake", "reservoir"])),
            "target_class": draw(CLASS),
            "year_target": draw(st.one_of(st.none(), CLASS)),
        }
        for pk in range(1, count + 1)
    ]
    # A few parameters vary per case; the rest stay missing or take one value, as real samples do.
    varying = draw(st.lists(st.sampled_from(vector_water.KEYS), min_size=1, max_size=6, unique=True))
    rows = []
    for section in sections:
        for day in sorted(draw(st.lists(DAYS, max_size=6))):
            row = {"section_id": section["id"], "date": day}
            for key, field in WATER_FIELD.items():
                row[field] = draw(_value(key)) if key in varying else None
            rows.append(row)
    return sections, rows


def _engine_figures(sections, rows):
    """``_water_figures`` of the rows (the engine, or the scalar path it falls back to)."""
    samples = SampleColumns.from_dicts(rows)
    return _water_figures([1], sections, [], samples, START, END, PREV_START, PREV_END, sample_dicts=lambda: rows)


def _arrays(section, rows):
    return section_figures_arrays([section], {1}, SampleColumns.from_dicts(rows), START, END, PREV_START, PREV_END)


@SETTINGS
@given(cases())
def test_the_vectorised_sections_equal_the_scalar_reference(case):
    sections, rows = case
    scope = {1}
    fast, _, _ = _engine_figures(sections, rows)
    reference = _scalar_figures(sections, scope, rows, START, END, PREV_START, PREV_END)
    assert repr(fast) == repr(reference)


def test_worked_values_on_limits_and_ties():
    """A mean exactly on a limit keeps the better class; TP 0.0625 shows 0.062, 0.0635 shows 0.064."""
    section = {"id": 1, "code": "S1", "name": "断面", "organization_id": 1, "organization__code": "360000",
               "level": "national", "body": "river", "target_class": "II", "year_target": None}  # fmt: skip

    def row(day, **values):
        return {"section_id": 1, "date": day} | {field: values.get(key) for key, field in WATER_FIELD.items()}

    rows = [
        row(datetime.date(2024, 1, 5), tp=Decimal("0.06000"), nh3n=Decimal("0.40000"), do=Decimal("6.00000")),
        row(datetime.date(2024, 2, 5), tp=Decimal("0.06500"), nh3n=Decimal("0.60000"), do=Decimal("6.00000")),
        row(datetime.date(2023, 1, 5), tp=Decimal("0.06300"), ph=Decimal("6.00000")),
        row(datetime.date(2023, 2, 5), tp=Decimal("0.06400"), ph=Decimal("6.00000")),
    ]
    computed = _arrays(section, rows)[1]
    # NH3-N mean 0.5 is on the class II limit: class II; TP 0.0625 (≤ 0.1) class II; DO 6 class II.
    assert computed["cls"] == "II"
    assert (computed["tp"], computed["tp_prev"]) == (Decimal("0.062"), Decimal("0.064"))
    assert str(computed["tp"]) == "0.062"
    # CWQI: TP 0.0625/0.2 + NH3-N 0.5/1 + DO 5/6 = 1.6458333… → 1.6458; a year earlier pH 6 (1) + TP 0.3175
    assert (computed["cwqi_now"], computed["cwqi_prev"]) == (Decimal("1.6458"), Decimal("1.3175"))
    assert [(m[1], m[2]) for m in computed["monthly"]] == [(1, "II"), (2, "III")]
    assert computed["exceeding"] == [] and computed["sample_count"] == 2


def test_sums_beyond_exact_integers_fall_back_to_the_scalar_path():
    section = {"id": 1, "code": "S1", "name": "断面", "organization_id": 1, "organization__code": "360000",
               "level": "national", "body": "lake", "target_class": "III", "year_target": None}  # fmt: skip
    huge = Decimal("999999999.99999")
    rows = [
        {"section_id": 1, "date": datetime.date(2024, 1, day)} | {field: None for field in WATER_FIELD.values()}
        for day in range(1, 30)
    ]
    for row in rows:
        row["cod"] = huge
    with pytest.raises(OverflowError):
        _arrays(section, rows)
    figures, _, _ = _engine_figures([section], rows)
    assert figures[1].cls == "劣V" and figures[1].exceeding[0].param == "cod"


DECIMALS = st.one_of(
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**6), max_value=10**6, places=4),
    st.integers(-2000, 2000).map(lambda n: Decimal(n) / 8),  # halves and eighths: ties at one decimal
    st.sampled_from([Decimal(0), Decimal("0.000"), Decimal("-0"), Decimal("1E+2"), Decimal("0.050")]),
)


@SETTINGS
@given(DECIMALS, DECIMALS, st.integers(0, 3))
def test_change_pct_equals_the_reference(now, before, places):
    assert repr(vector_water.change_pct(now, before, places)) == repr(rounding.change_pct(now, before, places))


def test_a_cwqi_exactly_on_a_tie_is_rounded_half_to_even_by_both():
    """NH3-N mean 2/3 and COD mean 20.003/3: CWQI 2/3 + 20.003/60 = 1.00005 exactly, which
    GB/T 8170 rounds to 1.0000; the reference's means are exact, and so is the engine."""
    section = {"id": 1, "code": "S1", "name": "断面", "organization_id": 1, "organization__code": "360000",
               "level": "national", "body": "river", "target_class": "III", "year_target": None}  # fmt: skip
    rows = []
    for day, nh3n, cod in ((5, "0.60000", "6.66700"), (6, "0.70000", "6.66800"), (7, "0.70000", "6.66800")):
        row = {"section_id": 1, "date": datetime.date(2024, 1, day)} | dict.fromkeys(WATER_FIELD.values())
        row["nh3n"], row["cod"] = Decimal(nh3n), Decimal(cod)
        rows.append(row)
    means = water.period_means({"nh3n": row["nh3n"], "cod": row["cod"]} for row in rows)
    assert water.cwqi(means, "river") == Decimal("1.0000")
    computed = _arrays(section, rows)[1]
    assert computed["cwqi_now"] == Decimal("1.0000")


@SETTINGS
@given(st.sampled_from([3, 6, 7, 9]), st.integers(0, 20_000), st.data())
def test_a_cwqi_on_any_exact_tie_is_the_references(count, half, data):
    """NH3-N and fluoride (class-Ⅲ limit 1.0 both) over ``count`` samples whose sums add up to
    5 · count · (2·half + 1) hundred-thousandths: a CWQI of (2·half + 1) / 20000, a tie at four decimals."""
    section = {"id": 1, "code": "S1", "name": "断面", "organization_id": 1, "organization__code": "360000",
               "level": "national", "body": "river", "target_class": "III", "year_target": None}  # fmt: skip
    total = 5 * count * (2 * half + 1)
    nh3n_total = data.draw(st.integers(0, total))
    rows = []
    for at in range(count):
        nh3n = nh3n_total // count + (at < nh3n_total % count)
        fluoride = (total - nh3n_total) // count + (at < (total - nh3n_total) % count)
        row = {"section_id": 1, "date": datetime.date(2024, 1, 1 + at)} | dict.fromkeys(WATER_FIELD.values())
        row[WATER_FIELD["nh3n"]], row[WATER_FIELD["f"]] = nh3n * STEP, fluoride * STEP
        rows.append(row)
    means = water.period_means({"nh3n": row[WATER_FIELD["nh3n"]], "f": row[WATER_FIELD["f"]]} for row in rows)
    expected = water.cwqi(means, "river")
    assert expected == rounding.round_gb8170(Decimal(2 * half + 1) / 20_000, 4)
    assert _arrays(section, rows)[1]["cwqi_now"] == expected
