"""The air figures evaluate their days once and slice the result: a slice equals evaluating its rows."""

from __future__ import annotations

import random

import numpy as np

from indicators.standards.aqi import POLLUTANTS
from indicators.standards.vector import MISSING, evaluate_days


def test_a_slice_of_an_evaluation_is_the_evaluation_of_the_slice():
    rng = random.Random(7)
    rows = 400
    days = np.array([np.datetime64("2012-06-01") + rng.randrange(0, 5000) for _ in range(rows)], dtype="datetime64[D]")
    values = {
        key: np.array([MISSING if rng.random() < 0.05 else rng.randrange(0, 600) for _ in range(rows)], dtype=np.int64)
        for key in POLLUTANTS
    }
    whole = evaluate_days(values, days, exact=True)
    assert whole.valid.sum() > rows // 2  # most days have an AQI, some do not
    assert (~whole.valid).sum() > 0
    mask = np.array([rng.random() < 0.4 for _ in range(rows)])
    part = evaluate_days({key: column[mask] for key, column in values.items()}, days[mask], exact=True)
    taken = whole.take(mask)
    for name in ("days", "regime", "iaqi", "aqi", "category", "primary"):
        assert np.array_equal(getattr(taken, name), getattr(part, name)), name
    for key in POLLUTANTS:
        assert np.array_equal(taken.values[key], part.values[key]), key
