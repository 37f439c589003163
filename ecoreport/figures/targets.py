"""Figures against their annual targets, and the official figures staff published beside them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ecoreport.accounts.models import Organization
from ecoreport.figures import prepared
from ecoreport.figures.memo import Fingerprint
from ecoreport.figures.results import AirFigures, DrinkingFigures, Published, SectionFigures, TargetCheck
from indicators.models import AnnualTarget, PublishedFigure
from indicators.standards.rounding import round_gb8170

# Decimal places a published figure is compared (and shown) with, by indicator.
PUBLISHED_PLACES = {
    PublishedFigure.Indicator.PM25: 0,
    PublishedFigure.Indicator.GOOD_DAYS: 0,
    PublishedFigure.Indicator.GOOD_RATE: 1,
    PublishedFigure.Indicator.HEAVY_DAYS: 0,
    PublishedFigure.Indicator.SECTION_TP: 3,
    PublishedFigure.Indicator.DRINKING_RATE: 1,
}
# A figure that meets its target by less than this share of the limit is flagged 'at_risk'.
_AT_RISK_SHARE = Decimal("0.05")


def _check(value, target: Decimal | None, *, ceiling: bool, cumulative: bool) -> TargetCheck | None:
    """A figure against a ceiling (PM2.5) or a floor (good rate, drinking rate); see TargetCheck."""
    if target is None:
        return None
    if value is None:
        return TargetCheck(target=target, met=None, on_pace=None, status=None)
    value = Decimal(value)
    met = value <= target if ceiling else value >= target
    margin = target * _AT_RISK_SHARE
    # A floor on a rate cannot be beaten by more than 100%: a perfect 100% is never at risk.
    close = value >= target - margin if ceiling else value < min(target + margin, Decimal(100))
    status = "not_met" if not met else ("at_risk" if close else "met")
    return TargetCheck(target=target, met=met, on_pace=met if cumulative else None, status=status)


def _published(row, computed) -> Published:
    places = PUBLISHED_PLACES.get(row["indicator"], 4)
    value = round_gb8170(row["value"], places)
    shown = None if computed is None else round_gb8170(computed, places)
    return Published(
        value=value,
        source=row["source"],
        note=row["note"],
        computed=shown,
        differs=shown is None or shown != value,
    )


def check_targets(
    org: Organization,
    year: int,
    *,
    cumulative: bool,
    air: AirFigures,
    drinking: DrinkingFigures,
    fingerprint: Fingerprint,
) -> None:
    """Set the air and drinking-water figures' target checks from the organization's AnnualTarget."""
    found = prepared.rows("target", _target_query, org.pk, year, dicts=True)
    target = found[0] if found else {"pm25_max": None, "good_rate_min": None, "drinking_water_rate_min": None}
    fingerprint.add("target", [target])
    air.pm25_target = _check(air.pm25, target["pm25_max"], ceiling=True, cumulative=cumulative)
    air.good_rate_target = _check(air.good_rate, target["good_rate_min"], ceiling=False, cumulative=cumulative)
    drinking.target = _check(drinking.rate, target["drinking_water_rate_min"], ceiling=False, cumulative=cumulative)


def attach_published(
    org: Organization,
    start: datetime.date,
    end: datetime.date,
    *,
    air: AirFigures,
    drinking: DrinkingFigures,
    sections: dict[int, SectionFigures],
    fingerprint: Fingerprint,
) -> None:
    """Put the figures published for the organization and exactly this period beside the computed ones."""
    published_rows = prepared.rows("published", _published_query, org.pk, start, end, dicts=True)
    fingerprint.add("published", published_rows)
    computed_air = {"pm25": air.pm25, "good_days": air.good_days, "good_rate": air.good_rate,
                    "heavy_days": air.heavy_days}  # fmt: skip
    for row in published_rows:
        indicator = row["indicator"]
        if indicator in computed_air:
            air.published[indicator] = _published(row, computed_air[indicator])
        elif indicator == PublishedFigure.Indicator.DRINKING_RATE:
            drinking.published = _published(row, drinking.rate)
        elif indicator == PublishedFigure.Indicator.SECTION_TP and row["section_id"] in sections:
            section = sections[row["section_id"]]
            section.published_tp = _published(row, section.tp)


def _target_query(org_id: int, year: int):
    found = AnnualTarget.objects.filter(organization_id=org_id, year=year).values(
        "pm25_max", "good_rate_min", "drinking_water_rate_min"
    )
    return (found if found.ordered else found.order_by("pk"))[:1]  # QuerySet.first()


def _published_query(org_id: int, start: datetime.date, end: datetime.date):
    return (
        PublishedFigure.objects.filter(organization_id=org_id, period_start=start, period_end=end)
        .values("indicator", "section_id", "value", "source", "note")
        .order_by("indicator", "section_id")
    )
