from decimal import Decimal
from fractions import Fraction

import pytest

from indicators.standards.rounding import change_pct, change_pp, round_gb8170


def test_exact_half_rounds_down_to_even():
    assert round_gb8170(Decimal("32.5")) == Decimal("32")


def test_exact_half_rounds_up_to_even():
    assert round_gb8170(Decimal("33.5")) == Decimal("34")


def test_0_125_rounds_to_0_12_at_two_places():
    assert round_gb8170(Decimal("0.125"), 2) == Decimal("0.12")


def test_anything_after_the_five_rounds_up():
    assert round_gb8170(Decimal("32.51")) == Decimal("33")


def test_six_and_above_round_up_and_four_and_below_round_down():
    assert round_gb8170("32.6") == 33
    assert round_gb8170("32.4") == 32


def test_accepts_int_str_decimal_and_fraction():
    assert round_gb8170(7) == Decimal(7)
    assert round_gb8170("0.125", 2) == Decimal("0.12")
    assert round_gb8170(Fraction(1, 8), 2) == Decimal("0.12")
    assert round_gb8170(Fraction(65, 2)) == Decimal(32)


def test_float_is_read_as_its_decimal_text_not_its_binary_value():
    # Binary 0.125 is exact, but 2.675 is 2.67499999… as a float; str() gives 2.675.
    assert round_gb8170(2.675, 2) == Decimal("2.68")


def test_result_keeps_the_requested_places():
    assert str(round_gb8170(Fraction(27, 30) * 100, 1)) == "90.0"


def test_negative_values_round_symmetrically():
    assert round_gb8170("-32.5") == Decimal("-32")
    assert round_gb8170("-0.125", 2) == Decimal("-0.12")


def test_non_numeric_text_is_rejected():
    with pytest.raises(ValueError):
        round_gb8170("abc")


def test_0_053_against_0_063_is_minus_15_9_percent():
    assert change_pct(Decimal("0.053"), Decimal("0.063")) == Decimal("-15.9")


def test_0_052_against_0_065_is_minus_20_0_percent():
    result = change_pct(Decimal("0.052"), Decimal("0.065"))
    assert result == Decimal("-20.0")
    assert str(result) == "-20.0"


def test_change_pct_is_none_without_a_usable_base():
    assert change_pct(Decimal("1"), None) is None
    assert change_pct(Decimal("1"), 0) is None
    assert change_pct(None, Decimal("1")) is None


def test_change_of_a_rate_is_in_percentage_points():
    assert change_pp(Decimal("86.2"), Decimal("94.5")) == Decimal("-8.3")
    assert change_pp(None, Decimal("94.5")) is None


def test_exact_sum_adds_mixed_inputs_exactly_and_skips_missing_ones():
    from fractions import Fraction

    from indicators.standards.rounding import exact_sum

    total, count = exact_sum([Decimal("0.1"), 2, 0.2, Fraction(1, 3), None, " ", "0.05"])
    assert count == 5
    assert total == Fraction(1, 10) + 2 + Fraction(2, 10) + Fraction(1, 3) + Fraction(5, 100)


def test_exact_sum_stays_exact_beyond_the_decimal_context():
    from fractions import Fraction

    from indicators.standards.rounding import exact_sum

    # 1e70 + 1e-10 needs 81 digits: the Decimal path would round, so it must fall back.
    total, count = exact_sum([Decimal("1e70"), Decimal("1e-10")])
    assert (total, count) == (Fraction(10) ** 70 + Fraction(1, 10**10), 2)
