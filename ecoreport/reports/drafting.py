"""起草本期: a period's narrative sections, drafted from the previous period's templates.

The staff's text is written with placeholders, so copying last period's sections gives this
period's draft with this period's numbers (``placeholders``); the editor only changes what is new.
Which period is "previous", among the earlier periods that have sections: the latest covering the
same months (last year's 上半年 for this 上半年: the same structure, 下半年 plans and all), else the
latest of the same kind (``lib.periods.period_of``), else the latest.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from ecoreport.accounts.models import Organization
from ecoreport.audit import history
from ecoreport.lib.periods import period_of
from ecoreport.reports.models import ReportSection

COPIED_FIELDS = ("part", "order", "heading", "body", "generated")


class DraftRefused(Exception):
    """Nothing was drafted; ``str()`` says why, for staff."""


def previous_period(
    org: Organization, start: datetime.date, end: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """The period whose sections a draft of ``start``–``end`` copies, or None when no earlier period has any."""
    periods = list(
        ReportSection.objects.filter(organization=org, period_end__lt=start)
        .values_list("period_start", "period_end")
        .distinct()
        .order_by("-period_end", "-period_start")
    )
    kind = period_of(start, end)
    same_kind = [
        (first, last)
        for first, last in periods
        if period_of(first, last).kind == kind.kind and (first.month, last.month) == (start.month, end.month)
    ]
    found = same_kind or [(first, last) for first, last in periods if period_of(first, last).kind == kind.kind]
    found = found or periods
    return found[0] if found else None


@transaction.atomic
def draft_period(*, org: Organization, start: datetime.date, end: datetime.date, user=None) -> list[ReportSection]:
    """Create the period's sections from the previous period's; DraftRefused when it has some already."""
    if ReportSection.objects.filter(organization=org, period_start=start, period_end=end).exists():
        raise DraftRefused("本期已有文字段落，未重复起草；如需重新起草，请先删除本期段落。")
    source = previous_period(org, start, end)
    if source is None:
        raise DraftRefused("没有可供参照的往期文字段落，请先在“报告文字段落”中撰写。")
    created = []
    for row in ReportSection.objects.filter(organization=org, period_start=source[0], period_end=source[1]).order_by(
        "part", "order"
    ):
        copy = ReportSection(organization=org, period_start=start, period_end=end)
        for name in COPIED_FIELDS:
            setattr(copy, name, getattr(row, name))
        copy.save()
        history.record_save(user=user, instance=copy, before=None)
        created.append(copy)
    return created
