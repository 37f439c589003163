from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.standards.rounding import change_pct, round_gb8170
from indicators.standards.water import (
    CLASSES,
    EVALUATED,
    PARAMETERS,
    class_label,
    cwqi,
    exceeding,
    grade,
    is_good_class,
    meets_target,
    param_class,
    parse_class,
    period_means,
    section_class,
)


def D(text):
    return Decimal(str(text))


W1 = {
    "ph": D("7.6"),
    "do": D("6.8"),
    "codmn": D("3.2"),
    "cod": D(12),
    "bod5": D("2.1"),
    "nh3n": D("0.42"),
    "tp": D("0.12"),
}
W2 = {"ph": D("8.1"), "do": D("8.2"), "codmn": D("3.6"), "nh3n": D("0.18"), "tp": D("0.06"), "tn": D("1.6")}
W3 = {
    "ph": D("7.2"),
    "do": D("1.8"),
    "codmn": D("9.5"),
    "cod": D(35),
    "bod5": D("7.0"),
    "nh3n": D("2.3"),
    "tp": D("0.35"),
}
W4 = {
    "ph": D("9.0"),
    "do": D("5.0"),
    "codmn": D("6.0"),
    "cod": D(15),
    "bod5": D("3.0"),
    "nh3n": D("1.0"),
    "tp": D("0.2"),
}


def test_w1_river_is_class_iii_decided_by_tp():
    result = section_class(W1, "river")
    assert result.cls == "III"
    assert result.worst == ("tp",)
    assert class_label(result.cls) == "Ⅲ"


def test_w2_lake_is_class_iv_by_tp_with_tn_v_reported_apart():
    result = section_class(W2, "lake")
    assert result.cls == "IV"
    assert result.worst == ("tp",)
    assert result.tn_class == "V"
    assert "tn" not in result.param_classes
    assert result.fc_class is None


def test_w3_river_is_worse_than_v_decided_by_do_and_nh3n():
    result = section_class(W3, "river")
    assert result.cls == "劣V"
    assert result.worst == ("do", "nh3n")
    assert class_label(result.cls) == "劣Ⅴ"


def test_w4_river_is_class_iii_because_boundaries_are_inclusive():
    result = section_class(W4, "river")
    assert result.cls == "III"
    assert result.worst == ("do", "codmn", "nh3n", "tp")
    assert result.param_classes["ph"] == "I"
    assert result.param_classes["cod"] == "I"


def test_cwqi_of_w1_is_3_7136():
    assert cwqi(W1, "river") == Decimal("3.7136")


def test_cwqi_of_w4_is_6_5():
    assert cwqi(W4, "river") == Decimal("6.5")


def test_cwqi_ph_below_7_counts_7_minus_ph():
    assert cwqi({"ph": D("6.5")}, "river") == Decimal("0.5")
    assert cwqi({"ph": D("8.0")}, "river") == Decimal("0.5")


def test_cwqi_uses_the_lake_tp_limit_for_lakes():
    assert cwqi({"tp": D("0.05")}, "lake") == Decimal(1)
    assert cwqi({"tp": D("0.05")}, "river") == Decimal("0.25")


def test_cwqi_ignores_tn_and_fecal_coliform_and_is_none_without_data():
    assert cwqi({"tn": 5, "fc": 50000}, "river") is None


def test_lake_tp_0_053_and_0_052_are_class_iv():
    assert param_class("tp", D("0.053"), "lake") == "IV"
    assert param_class("tp", D("0.052"), "lake") == "IV"


def test_lake_tp_improved_15_9_and_20_0_percent():
    assert change_pct(D("0.053"), D("0.063")) == Decimal("-15.9")
    assert change_pct(D("0.052"), D("0.065")) == Decimal("-20.0")


def test_cod_15_is_class_i_not_ii():
    assert param_class("cod", 15, "river") == "I"


def test_ph_outside_6_to_9_is_worse_than_v():
    assert param_class("ph", D("5.9"), "river") == "劣V"
    assert param_class("ph", D("9.1"), "river") == "劣V"
    assert param_class("ph", 6, "river") == "I"


def test_do_is_a_floor():
    assert param_class("do", D("7.5"), "river") == "I"
    assert param_class("do", D("7.4"), "river") == "II"
    assert param_class("do", 2, "river") == "V"
    assert param_class("do", D("1.9"), "river") == "劣V"


def test_there_are_23_parameters_and_21_evaluated():
    assert list(PARAMETERS) == [
        "ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn", "cu", "zn", "f", "se",
        "as", "hg", "cd", "cr6", "pb", "cn", "phenol", "oil", "las", "s2", "fc",
    ]  # fmt: skip
    assert len(EVALUATED) == 21
    assert "tn" not in EVALUATED and "fc" not in EVALUATED


def test_section_without_evaluated_parameters_has_no_class():
    assert section_class({"tn": D("1.6")}, "lake") is None
    assert section_class({}, "river") is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I", "I"), ("II", "II"), ("III", "III"), ("IV", "IV"), ("V", "V"),
        ("Ⅰ", "I"), ("Ⅱ", "II"), ("Ⅲ", "III"), ("Ⅳ", "IV"), ("Ⅴ", "V"),
        ("劣V", "劣V"), ("劣Ⅴ", "劣V"), (" Ⅲ ", "III"), ("劣 Ⅴ", "劣V"), ("Ⅲ类", "III"),
    ],
)  # fmt: skip
def test_parse_class_accepts_the_usual_spellings(text, key):
    assert parse_class(text) == key


def test_parse_class_rejects_anything_else_in_chinese():
    with pytest.raises(ValueError, match="无法识别"):
        parse_class("VI")


def test_class_labels_use_roman_numerals():
    assert [class_label(c) for c in CLASSES] == ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "劣Ⅴ"]


def test_grades_and_good_classes():
    assert [grade(c) for c in CLASSES] == ["优", "优", "良好", "轻度污染", "中度污染", "重度污染"]
    assert [is_good_class(c) for c in CLASSES] == [True, True, True, False, False, False]


def test_meets_target_when_no_worse_than_the_target():
    assert meets_target("III", "III")
    assert meets_target("II", "III")
    assert not meets_target("IV", "III")
    assert meets_target("劣V", "劣Ⅴ")
    assert not meets_target("劣V", "Ⅴ")


def test_exceeding_times_against_the_target_class():
    # W3 against Ⅲ: NH3-N (2.3 − 1.0) / 1.0 = 1.30; TP (0.35 − 0.2) / 0.2 = 0.75; DO (5 − 1.8) / 5 = 0.64
    result = dict(exceeding(W3, "III", "river"))
    assert result == {
        "do": Decimal("0.64"),
        "codmn": Decimal("0.58"),  # 3.5 / 6 = 0.583
        "cod": Decimal("0.75"),
        "bod5": Decimal("0.75"),
        "nh3n": Decimal("1.30"),
        "tp": Decimal("0.75"),
    }
    assert [key for key, _ in exceeding(W3, "III", "river")] == ["do", "codmn", "cod", "bod5", "nh3n", "tp"]


def test_exceeding_lists_ph_without_times():
    assert exceeding({"ph": D("9.5")}, "III", "river") == [("ph", None)]


def test_nothing_exceeds_when_the_target_is_met():
    assert exceeding(W1, "III", "river") == []
    assert exceeding(W3, "劣V", "river") == []


def test_w2_lake_tp_exceeds_iii_by_0_20_times():
    assert exceeding(W2, "III", "lake") == [("tp", Decimal("0.20"))]


def test_period_means_are_exact_per_parameter():
    samples = [
        {"tp": D("0.05"), "do": D("6"), "date": "2025-01-01"},
        {"tp": D("0.06"), "do": None},
        {"tp": D("0.05")},
    ]
    means = period_means(samples)
    assert means["do"] == Decimal(6)
    assert round_gb8170(means["tp"], 3) == Decimal("0.053")
    assert means["tp"] > Decimal("0.0533333")
    assert "date" not in means


CEILINGS = [key for key in EVALUATED if PARAMETERS[key].kind == "ceiling"]
BASE = dict(W1)


@settings(max_examples=200, deadline=None)
@given(
    key=st.sampled_from(CEILINGS),
    body=st.sampled_from(["river", "lake"]),
    a=st.decimals(min_value=0, max_value=100, places=5, allow_nan=False, allow_infinity=False),
    b=st.decimals(min_value=0, max_value=100, places=5, allow_nan=False, allow_infinity=False),
)
def test_section_class_never_improves_as_a_ceiling_parameter_rises(key, body, a, b):
    low, high = sorted((a, b))
    better = section_class(dict(BASE, **{key: low}), body)
    worse = section_class(dict(BASE, **{key: high}), body)
    assert CLASSES.index(worse.cls) >= CLASSES.index(better.cls)


@settings(max_examples=200, deadline=None)
@given(
    body=st.sampled_from(["river", "lake"]),
    a=st.decimals(min_value=0, max_value=20, places=3, allow_nan=False, allow_infinity=False),
    b=st.decimals(min_value=0, max_value=20, places=3, allow_nan=False, allow_infinity=False),
)
def test_section_class_never_improves_as_do_falls(body, a, b):
    low, high = sorted((a, b))
    at_high = section_class(dict(BASE, do=high), body)
    at_low = section_class(dict(BASE, do=low), body)
    assert CLASSES.index(at_low.cls) >= CLASSES.index(at_high.cls)
