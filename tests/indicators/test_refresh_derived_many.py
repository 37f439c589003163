"""``AirDailyRecord.refresh_derived_many`` (the import's vectorised pass) gives what ``refresh_derived``
(the scalar reference, on save) gives, record by record: both regimes, missing values, O3-8h over
800 with and without an O3 1-h value, CO at three decimals, ties between pollutants."""

from __future__ import annotations

import copy
import datetime
import random
from decimal import Decimal

from indicators.models import AIR_POLLUTANTS, AirDailyRecord

DAYS = [datetime.date(2026, 2, 27) + datetime.timedelta(days=n) for n in range(4)]  # across 2026-03-01


def _record(rng: random.Random) -> AirDailyRecord:
    values = {}
    for key in AIR_POLLUTANTS:
        if rng.random() < (0.5 if key == "o3_1h" else 0.04):
            values[key] = None
        elif key == "co":
            values[key] = Decimal(rng.randint(0, 40000)).scaleb(-3)
        elif key == "o3_8h" and rng.random() < 0.1:
            values[key] = Decimal(rng.randint(780, 1100))
        elif rng.random() < 0.2:
            values[key] = Decimal(rng.choice([35, 75, 115, 150, 250, 100, 160]))  # breakpoints: ties
        else:
            values[key] = Decimal(rng.randint(0, 60000)).scaleb(-2)
    return AirDailyRecord(date=rng.choice(DAYS), **values)


def test_the_vectorised_pass_gives_the_scalar_reference_on_every_record():
    rng = random.Random(20260301)
    records = [_record(rng) for _ in range(3000)]
    expected = copy.deepcopy(records)
    for record in expected:
        record.refresh_derived()
    AirDailyRecord.refresh_derived_many(records)
    derived = [(r.aqi, r.category_level, r.primary_pollutants) for r in records]
    assert derived == [(r.aqi, r.category_level, r.primary_pollutants) for r in expected]
    assert {aqi is None for aqi, _, _ in derived} == {True, False}
    assert any("," in primary for _, _, primary in derived)  # ties did happen
