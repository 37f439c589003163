"""Organizations' daily air values as NumPy arrays: station sums in, rounded city values and AQI out.

A day of an organization (HJ 663) is the mean over every station of its subtree that has the
pollutant, rounded to the input places; its AQI follows (HJ 633). Both the figures and the
stored daily aggregates (``indicators.services``) start from the same rows: per (date,
organization) the SUM and COUNT of each pollutant over the organization's *own* stations, as the
database returns them. ``own_sums`` turns such rows into exact scaled integers, ``roll_up`` adds
them up over each wanted organization's subtree in one grouped pass, and ``evaluate`` gives the
AQI of every row at once (``indicators.standards.vector``). No Decimal arithmetic per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from indicators.standards.aqi import INPUT_PLACES, POLLUTANTS
from indicators.standards.vector import MISSING, DayArrays, evaluate_days, to_scaled
from indicators.standards.vector_stats import mean_from_sums

# Decimal places of a station's stored value (AirDailyRecord: μg/m³ to 0.01, CO mg/m³ to 0.001);
# sums are held scaled by 10**places, so a float or Decimal sum from the database is exact again.
STATION_PLACES: dict[str, int] = {key: 2 for key in POLLUTANTS} | {"co": 3}


@dataclass
class OwnSums:
    """Per (date, organization): the number of station records and each pollutant's exact sum and count.

    ``sums[key]`` is scaled by ``10**STATION_PLACES[key]``, ``MISSING`` where no station had the key.
    """

    days: np.ndarray  # datetime64[D]
    orgs: np.ndarray  # int64
    records: np.ndarray  # int64
    sums: dict[str, np.ndarray]
    counts: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.days)


@dataclass
class OrgDays:
    """Rounded daily values of organizations (each over its whole subtree), one row per (org, day).

    Rows are sorted by organization, then date; a row exists when some station of the subtree
    has a record that day. ``values[key]`` is scaled at ``INPUT_PLACES`` (CO in 0.1 mg/m³),
    ``MISSING`` where no station had the pollutant; ``records`` counts the subtree's records.
    """

    orgs: np.ndarray
    days: np.ndarray
    records: np.ndarray
    values: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.days)

    def select(self, mask: np.ndarray) -> OrgDays:
        values = {key: column[mask] for key, column in self.values.items()}
        return OrgDays(self.orgs[mask], self.days[mask], self.records[mask], values)

    def of(self, org: int, first, last) -> OrgDays:
        """The rows of ``org`` from ``first`` to ``last`` (dates, inclusive)."""
        first, last = np.datetime64(first, "D"), np.datetime64(last, "D")
        return self.select((self.orgs == org) & (self.days >= first) & (self.days <= last))


def _column(rows: Sequence[Sequence], index: int) -> list:
    return [row[index] for row in rows]


def scaled_sums(values: list, places: int) -> np.ndarray:
    """Database sums (int, float on SQLite; Decimal on PostgreSQL; None) → exact integers scaled
    by ``10**places``. The sums of values with ``places`` decimals are recovered exactly from
    their nearest floats (``vector.to_scaled`` rounds by exact comparisons)."""
    floats = np.array([np.nan if value is None else value for value in values], dtype=np.float64)
    return to_scaled(floats, places)


def own_sums(rows: Sequence[Sequence], *, date_at: int, org_at: int, records_at: int | None, sums_at: int) -> OwnSums:
    """``OwnSums`` from raw rows holding, from column ``sums_at`` on, (SUM, COUNT) of each pollutant
    in ``POLLUTANTS`` order; ``records_at`` None when the rows do not carry a record count."""
    sums, counts = {}, {}
    for position, key in enumerate(POLLUTANTS):
        at = sums_at + 2 * position
        counts[key] = np.array(_column(rows, at + 1), dtype=np.int64)
        sums[key] = np.where(counts[key] > 0, scaled_sums(_column(rows, at), STATION_PLACES[key]), MISSING)
    n = len(rows)
    records = (
        np.array(_column(rows, records_at), dtype=np.int64) if records_at is not None else np.ones(n, dtype=np.int64)
    )
    return OwnSums(
        days=np.array(_column(rows, date_at), dtype="datetime64[D]").reshape(n),
        orgs=np.array(_column(rows, org_at), dtype=np.int64).reshape(n),
        records=records,
        sums=sums,
        counts=counts,
    )


def roll_up(own: OwnSums, members: Mapping[int, Iterable[int]]) -> OrgDays:
    """Each wanted organization's daily values over its subtree: ``members`` maps the organization to
    the ids whose own stations count for it (itself and every organization below it)."""
    containing: dict[int, list[int]] = {}
    for target, ids in members.items():
        for org in ids:
            containing.setdefault(org, []).append(target)
    row_parts, target_parts = [], []
    for org in np.unique(own.orgs).tolist():
        targets = containing.get(org)
        if not targets:
            continue
        rows = np.flatnonzero(own.orgs == org)
        for target in targets:
            row_parts.append(rows)
            target_parts.append(np.full(len(rows), target, dtype=np.int64))
    if not row_parts:
        empty = np.zeros(0, dtype=np.int64)
        return OrgDays(empty, np.zeros(0, dtype="datetime64[D]"), empty, {k: empty for k in POLLUTANTS})
    rows = np.concatenate(row_parts)
    targets = np.concatenate(target_parts)
    day_numbers = own.days[rows].astype(np.int64)
    first_day = int(day_numbers.min())
    span = int(day_numbers.max()) - first_day + 1
    unique, inverse = np.unique(targets * span + (day_numbers - first_day), return_inverse=True)
    inverse = inverse.ravel()
    groups = len(unique)
    records = np.zeros(groups, dtype=np.int64)
    np.add.at(records, inverse, own.records[rows])
    values = {}
    for key in POLLUTANTS:
        count = own.counts[key][rows]
        present = count > 0
        totals = np.zeros(groups, dtype=np.int64)
        counts = np.zeros(groups, dtype=np.int64)
        np.add.at(totals, inverse[present], own.sums[key][rows][present])
        np.add.at(counts, inverse[present], count[present])
        values[key] = mean_from_sums(totals, counts, STATION_PLACES[key], INPUT_PLACES[key])
    group_days = (unique % span + first_day).astype("datetime64[D]")
    return OrgDays(unique // span, group_days, records, values)


def evaluate(days: OrgDays) -> DayArrays:
    """Daily AQI, category and primary pollutants of every row (HJ 633, by each day's regime)."""
    return evaluate_days(days.values, days.days, exact=True)


def empty_values(rows: int) -> dict[str, np.ndarray]:
    return {key: np.full(rows, MISSING, dtype=np.int64) for key in POLLUTANTS}


def primary_tuples(primary: np.ndarray) -> list[tuple[str, ...]]:
    """Rows of a primary-pollutant matrix as ``DayAQI.primary`` holds them (keys of ``POLLUTANTS``,
    empty at AQI ≤ 50)."""
    return _by_combination(primary, lambda keys: keys)


def primary_texts(primary: np.ndarray) -> list[str]:
    """Rows of a primary-pollutant matrix as stored: the keys joined by commas ("" at AQI ≤ 50)."""
    return _by_combination(primary, ",".join)


def _by_combination(primary: np.ndarray, render) -> list:
    """``render(keys)`` of each row, computed once per distinct combination of primary pollutants."""
    masks = np.asarray(primary, dtype=np.int64).reshape(-1, len(POLLUTANTS)) @ (1 << np.arange(len(POLLUTANTS)))
    distinct, inverse = np.unique(masks, return_inverse=True)
    keys = [tuple(key for bit, key in enumerate(POLLUTANTS) if mask >> bit & 1) for mask in distinct.tolist()]
    rendered = [render(combination) for combination in keys]
    return [rendered[i] for i in inverse.ravel().tolist()]
