"""A CWQI of period means is rounded by GB/T 8170 from the exact value, also on an exact tie.

Means with a non-terminating expansion (a third, a seventh) can add up to a value with an exact
trailing 5; means cut to any number of digits would tip such a tie one way or the other, so the
reference keeps them as exact rationals.
"""

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.standards.water import PARAMETERS, cwqi, cwqi_exact, period_means

STEP = Decimal("0.00001")  # samples carry five decimals, as the database stores them
FOUR_PLACES = Decimal("0.0001")


def test_nh3n_two_thirds_and_cod_20_003_thirds_give_a_cwqi_of_1_0000():
    """2/3 + (20.003/3)/20 = 1.00005 exactly: half to even gives 1.0000 (60-digit means gave 1.0001)."""
    samples = [
        {"nh3n": Decimal("0.60000"), "cod": Decimal("6.66700")},
        {"nh3n": Decimal("0.70000"), "cod": Decimal("6.66800")},
        {"nh3n": Decimal("0.70000"), "cod": Decimal("6.66800")},
    ]
    means = period_means(samples)
    assert means == {"nh3n": Fraction(2, 3), "cod": Fraction(20003, 3000)}
    assert cwqi_exact(means, "river") == Fraction(100005, 100000)
    assert cwqi(means, "river") == Decimal("1.0000")
    assert cwqi(means, "river", places=3) == Decimal("1.000")


def test_the_next_tie_up_rounds_to_the_even_digit_above():
    """NH3-N 2/3 and COD 20.009/3: 1.00015 exactly, which is 1.0002."""
    samples = [
        {"nh3n": Decimal("0.6"), "cod": Decimal("6.669")},
        {"nh3n": Decimal("0.7"), "cod": Decimal("6.670")},
        {"nh3n": Decimal("0.7"), "cod": Decimal("6.670")},
    ]
    assert cwqi(period_means(samples), "river") == Decimal("1.0002")


def _split(total: int, parts: int, draw) -> list[int]:
    """``parts`` non-negative integers adding up to ``total``."""
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [high - low for low, high in zip(bounds, bounds[1:], strict=False)]


@st.composite
def tie_samples(draw):
    """Samples whose CWQI is exactly (2m + 1) / 2 · 10⁻⁴ + k · 10⁻⁴, built from non-terminating means.

    NH3-N and fluoride (both class-Ⅲ limit 1.0) over ``count`` samples contribute (A + B) /
    (count · 10⁵); with A + B = 5 · count · (2m + 1) that is (2m + 1) / (2 · 10⁴), a tie at four
    decimals. COD (limit 20) with a mean in multiples of 0.002 adds whole units of 10⁻⁴, keeping the tie.
    """
    count = draw(st.sampled_from([3, 6, 7, 9, 11, 13]))
    odd = 2 * draw(st.integers(0, 20_000)) + 1
    scaled_total = 5 * count * odd
    nh3n_total = draw(st.integers(0, scaled_total))
    nh3n = _split(nh3n_total, count, draw)
    fluoride = _split(scaled_total - nh3n_total, count, draw)
    cod_count = draw(st.integers(1, count))
    cod_mean_units = draw(st.integers(0, 20_000))
    cod = _split(cod_mean_units * cod_count, cod_count, draw)
    samples = []
    for at in range(count):
        sample = {"nh3n": nh3n[at] * STEP, "f": fluoride[at] * STEP}
        if at < cod_count:
            sample["cod"] = cod[at] * Decimal("0.002")
        samples.append(sample)
    # The exact CWQI, in Decimal arithmetic that is exact here (both terms terminate).
    expected_exact = Decimal(odd) / 20_000 + cod_mean_units * FOUR_PLACES
    return samples, expected_exact


@settings(max_examples=300, deadline=None)
@given(tie_samples())
def test_a_cwqi_on_an_exact_tie_is_rounded_half_to_even(case):
    samples, expected_exact = case
    assert PARAMETERS["nh3n"].limit("III", "river") == PARAMETERS["f"].limit("III", "river") == Decimal("1.0")
    means = period_means(samples)
    assert cwqi_exact(means, "river") == Fraction(expected_exact)
    assert (expected_exact * 2 * 10_000) % 2 == 1  # the case is a tie at four decimals
    assert cwqi(means, "river") == expected_exact.quantize(FOUR_PLACES, rounding=ROUND_HALF_EVEN)
