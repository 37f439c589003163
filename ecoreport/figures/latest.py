"""The day the data of an organization's subtree reach: the pages open on the latest period with data."""

from __future__ import annotations

import datetime

from django.db.models import Max

from indicators.aggregates import AirDayAggregate


def latest_air_date(org_id: int) -> datetime.date | None:
    """The latest day with a daily air record at a station of this organization's subtree, or None.

    The organization's daily aggregates have a row for each such day (kept on write with the
    records), so this is the last entry of one organization in their (organization, date) index."""
    return AirDayAggregate.objects.filter(organization_id=org_id).aggregate(latest=Max("date"))["latest"]
