"""Water sections' period figures by the exact vectorised engine (``indicators.standards.vector_water``).

All sample rows of all sections go into one integer matrix at once; each section's period, its
period a year earlier and each of its months is a group of rows, and the engine gives every
group's class, TP, CWQI and exceeding parameters in a few array operations. ``water`` builds the
``SectionFigures`` from them, exactly as from the scalar functions (its reference path).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np

from ecoreport.lib.periods import months_between
from indicators.models import WATER_FIELD, WaterSample
from indicators.standards import vector_water, water

COLUMNS = [WATER_FIELD[key] for key in vector_water.KEYS]
_FIELD = WaterSample._meta.get_field(COLUMNS[0])
_PLACES = _FIELD.decimal_places
# A value read through the model has at most _PLACES decimals and fewer than 15 digits in all, so
# the float nearest it, times 10**_PLACES, rounds to the exact scaled integer (error < 0.03).
assert all(WaterSample._meta.get_field(name).decimal_places == _PLACES for name in COLUMNS)
assert all(WaterSample._meta.get_field(name).max_digits <= 14 for name in COLUMNS)
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class SampleColumns:
    """Sample rows as columns: each row's section and date, and its values (columns as
    ``vector_water.KEYS``) as the floats nearest them, NaN where missing."""

    section_ids: list[int]
    dates: list[datetime.date]
    values: np.ndarray

    @classmethod
    def from_dicts(cls, rows: list[dict]) -> SampleColumns:
        """From ``WaterSample.values("section_id", "date", *COLUMNS …)`` rows."""
        values = np.array([[row[name] for name in COLUMNS] for row in rows], dtype=np.float64)
        return cls(
            section_ids=[row["section_id"] for row in rows],
            dates=[row["date"] for row in rows],
            values=values.reshape(len(rows), len(COLUMNS)),
        )

    @classmethod
    def from_tuples(cls, rows: list[tuple], values_at: int) -> SampleColumns:
        """From (section id, date, …) tuples whose values (as ``COLUMNS``, floats or None) start at ``values_at``."""
        values = np.array([row[values_at:] for row in rows], dtype=np.float64)
        return cls(
            section_ids=[row[0] for row in rows],
            dates=[row[1] for row in rows],
            values=values.reshape(len(rows), len(COLUMNS)),
        )


def section_figures_arrays(
    sections, scope: set[int], samples: SampleColumns, start, end, prev_start, prev_end
) -> dict[int, dict]:
    """For each section row, the keyword arguments of ``water.section_result``: its class, TP and
    CWQI in the period and a year earlier, the exceeding parameters and, for sections of the
    organization (``scope``), each month's class and TP. Raises OverflowError for values beyond
    exact int64 sums."""
    count, months = len(sections), months_between(start, end)
    section_at = {section["id"]: at for at, section in enumerate(sections)}
    at_of_row = np.array([section_at[pk] for pk in samples.section_ids], dtype=np.int64)
    days = np.array([day.toordinal() for day in samples.dates], dtype=np.int64)
    now = np.flatnonzero((days >= start.toordinal()) & (days <= end.toordinal()))
    before = np.flatnonzero((days >= prev_start.toordinal()) & (days <= prev_end.toordinal()))
    month_numbers = (days[now] - _EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    month_at = month_numbers - ((start.year - 1970) * 12 + start.month - 1)
    rows = np.concatenate([now, now, before])
    groups = np.concatenate(
        [at_of_row[now], 2 * count + at_of_row[now] * len(months) + month_at, count + at_of_row[before]]
    )
    now_counts = np.bincount(at_of_row[now], minlength=count).tolist()
    matrix = samples.values[rows]
    present = ~np.isnan(matrix)
    scaled = np.rint(np.where(present, matrix, 0.0) * 10**_PLACES).astype(np.int64)
    stats = vector_water.group_sums(scaled, present, groups, count * (2 + len(months)), _PLACES)
    bodies = [water._body(section["body"]) for section in sections]
    lake = np.array([body == "lake" for body in bodies] * (2 + len(months)), dtype=bool)
    lake[2 * count :] = np.repeat(lake[:count], len(months))
    classes = vector_water.param_classes(stats, lake)
    cls = vector_water.worst_classes(classes)
    tp = vector_water.tp_display(stats)
    periods = vector_water.GroupSums(stats.sums[: 2 * count], stats.counts[: 2 * count], _PLACES)
    cwqi = vector_water.cwqi(periods, lake[: 2 * count])
    found = {}
    for at, section in enumerate(sections):
        target = section["year_target"] or section["target_class"]
        monthly = []
        if section["organization_id"] in scope:
            for month, (year, number) in enumerate(months):
                group = 2 * count + at * len(months) + month
                if cls[group] is not None:
                    monthly.append((year, number, cls[group], tp[group]))
        found[section["id"]] = {
            "cls": cls[at],
            "tp": tp[at],
            "tp_prev": tp[count + at],
            "cwqi_now": cwqi[at],
            "cwqi_prev": cwqi[count + at],
            "exceeding": vector_water.exceeding(stats, classes, at, target, bool(lake[at])) if cls[at] else [],
            "monthly": monthly,
            "sample_count": now_counts[at],
        }
    return found
