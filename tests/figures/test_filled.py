"""``results.filled`` builds the same frozen objects as their ``__init__``."""

import dataclasses
import datetime
import pickle
from decimal import Decimal

import pytest

from ecoreport.figures.results import DayFigure, SectionMonth, filled


def test_a_filled_month_equals_and_hashes_as_the_constructed_one():
    fields = {"year": 2024, "month": 3, "cls": "II", "cls_label": "Ⅱ", "tp": Decimal("0.062")}
    made, built = filled(SectionMonth, **fields), SectionMonth(**fields)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert pickle.loads(pickle.dumps(made)) == built


def test_a_filled_day_stays_frozen():
    day = filled(DayFigure, date=datetime.date(2024, 1, 1), aqi=42, category="优", level=1, color="#00e400",
                 primary=(), regime="2012", is_good=True, is_heavy=False)  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        day.aqi = 43
    assert dataclasses.asdict(day)["aqi"] == 42
