"""The day the data of an organization's subtree reach: the pages open on the latest period with data."""

from __future__ import annotations

import datetime

from django.db.models import Max

from indicators.models import AirDailyRecord


def latest_air_date(org_ids: list[int]) -> datetime.date | None:
    """The latest day with a daily air record at a station of these organizations, or None."""
    return AirDailyRecord.objects.filter(station__organization_id__in=org_ids).aggregate(latest=Max("date"))["latest"]
