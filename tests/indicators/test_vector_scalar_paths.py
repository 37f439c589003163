"""The engine's one-value shortcuts give what its array path gives for the same values."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.standards.vector_scale import check_range, div_half_even

LIMIT = 2**62
NUMERATORS = st.one_of(st.integers(-(10**12), 10**12), st.sampled_from([0, 1, -1, 5, -5, 15, -15, 25, -25]))
DENOMINATORS = st.one_of(st.integers(1, 10**9), st.sampled_from([1, 2, 10, 100]))


@given(NUMERATORS, DENOMINATORS)
def test_one_value_is_rounded_as_in_an_array(num, den):
    one = div_half_even(num, den)
    in_array = div_half_even(np.array([num, 0]), np.array([den, 1]))[0]
    assert (type(one), int(one)) == (np.int64, int(in_array))


def test_halves_go_to_the_even_neighbour():
    assert [int(div_half_even(n, 10)) for n in (5, 15, 25, -5, -15, 16, -16)] == [0, 2, 2, 0, -2, 2, -2]


def test_one_value_refuses_a_denominator_that_is_not_positive():
    with pytest.raises(ValueError):
        div_half_even(3, 0)


@given(st.integers(-(2**63) + 1, 2**63 - 1), st.integers(1, 10**6))
def test_one_value_overflows_where_an_array_of_it_does(value, factor):
    outcomes = []
    for values in (np.int64(value), np.array([value], dtype=np.int64)):
        try:
            check_range(np.asarray(values), factor)
            outcomes.append(abs(value) * factor < LIMIT)
        except OverflowError:
            outcomes.append(False)
    assert outcomes[0] == outcomes[1] == (abs(value) * factor < LIMIT)
