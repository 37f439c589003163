"""Water sections' period figures by the exact vectorised engine (``indicators.standards.vector_water``).

All sample rows of all sections go into one integer matrix at once; each section's period, its
period a year earlier and each of its months is a group of rows, and the engine gives every
group's class, TP, CWQI and exceeding parameters in a few array operations. ``water`` builds the
``SectionFigures`` from them, exactly as from the scalar functions (its reference path).
"""

from __future__ import annotations

import numpy as np

from ecoreport.lib.periods import months_between
from indicators.models import WATER_FIELD, WaterSample
from indicators.standards import vector_water, water

_COLUMNS = [WATER_FIELD[key] for key in vector_water.KEYS]
_FIELD = WaterSample._meta.get_field(_COLUMNS[0])
_PLACES = _FIELD.decimal_places
# A value read through the model has at most _PLACES decimals and fewer than 15 digits in all, so
# the float nearest it, times 10**_PLACES, rounds to the exact scaled integer (error < 0.03).
assert all(WaterSample._meta.get_field(name).decimal_places == _PLACES for name in _COLUMNS)
assert all(WaterSample._meta.get_field(name).max_digits <= 14 for name in _COLUMNS)


def section_figures_arrays(sections, scope: set[int], sample_rows, start, end, prev_start, prev_end) -> dict[int, dict]:
    """For each section row, the keyword arguments of ``water.section_result``: its class, TP and
    CWQI in the period and a year earlier, the exceeding parameters and, for sections of the
    organization (``scope``), each month's class and TP. ``sample_rows``: ``WaterSample.values()``
    rows. Raises OverflowError for values beyond exact int64 sums."""
    count, months = len(sections), months_between(start, end)
    month_at = {month: at for at, month in enumerate(months)}
    section_at = {section["id"]: at for at, section in enumerate(sections)}
    rows, groups, now_counts = [], [], [0] * count
    for row_at, row in enumerate(sample_rows):
        at, day = section_at[row["section_id"]], row["date"]
        if start <= day <= end:
            rows += [row_at, row_at]
            groups += [at, 2 * count + at * len(months) + month_at[(day.year, day.month)]]
            now_counts[at] += 1
        if prev_start <= day <= prev_end:
            rows.append(row_at)
            groups.append(count + at)
    matrix = np.array([[row[name] for name in _COLUMNS] for row in sample_rows], dtype=np.float64)
    matrix = matrix.reshape(len(sample_rows), len(_COLUMNS))[rows]
    present = ~np.isnan(matrix)
    scaled = np.rint(np.where(present, matrix, 0.0) * 10**_PLACES).astype(np.int64)
    stats = vector_water.group_sums(
        scaled, present, np.array(groups, dtype=np.int64), count * (2 + len(months)), _PLACES
    )
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
