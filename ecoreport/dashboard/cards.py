"""What the overview's air cards may claim: a figure is judged against its target only when the
period holds enough daily values (HJ 663 / GB 3095 Table 4, ``stats.period_is_complete``); a period
without a valid day shows 无数据, never a zero in green (issue 13)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ecoreport.figures.results import AirFigures, TargetCheck
from ecoreport.lib.periods import months_between
from indicators.standards import stats

NO_DATA, INSUFFICIENT, COMPLETE = "no_data", "insufficient", "complete"


@dataclass(frozen=True)
class AirCards:
    """``coverage``: no_data / insufficient / complete; ``*_status``: what each card's badge says
    (met, at_risk, not_met, none for no target, or the coverage when it forbids a judgement);
    ``period_months`` the months the period touches, against which the water cards count theirs."""

    valid_days: int
    calendar_days: int
    coverage: str
    pm25_status: str
    good_rate_status: str
    heavy_status: str
    period_months: int = 0

    @property
    def judged(self) -> bool:
        return self.coverage == COMPLETE


def air_cards(air: AirFigures, start: datetime.date, end: datetime.date) -> AirCards:
    valid_by_month = {(month.year, month.month): month.valid_days for month in air.monthly}
    if air.valid_days == 0:
        coverage = NO_DATA
    elif not stats.period_is_complete(valid_by_month, start, end):
        coverage = INSUFFICIENT
    else:
        coverage = COMPLETE

    def judged(check: TargetCheck | None) -> str:
        if coverage != COMPLETE:
            return coverage
        return (check.status if check is not None else None) or "none"

    heavy = coverage if coverage != COMPLETE else ("not_met" if air.heavy_days else "met")
    return AirCards(
        air.valid_days,
        air.calendar_days,
        coverage,
        judged(air.pm25_target),
        judged(air.good_rate_target),
        heavy,
        len(months_between(start, end)),
    )
