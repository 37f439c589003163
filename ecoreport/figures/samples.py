"""Which kinds of sample records (``is_sample``, the demo's invented content) a period's figures draw on.

The dashboard and the report say "示例数据" wherever these appear, so that an invented figure or
text never passes for an official one.
"""

from __future__ import annotations

from django.db.models import Exists

from ecoreport.accounts.models import Organization
from ecoreport.figures import prepared
from tasks.models import LedgerTask, RectificationItem

RECTIFICATION = "督察整改问题"
LEDGER = "工作台账任务"
WORK = "工作指标数值"
ASSESSMENT = "考核评估结果"


def sample_kinds(org: Organization, org_ids: list[int], *, work: bool, assessments: bool) -> list[str]:
    """The kinds, in the order shown; ``work`` / ``assessments``: a value they use is a sample (one query)."""
    found = prepared.rows("sample_kinds", _query, org.pk, list(org_ids))
    rectification, ledger = found[0] if found else (False, False)
    flags = [
        (RECTIFICATION, rectification),
        (LEDGER, ledger),
        (WORK, work),
        (ASSESSMENT, assessments),
    ]
    return [kind for kind, present in flags if present]


def _query(pk: int, org_ids: list[int]):
    return (
        Organization.objects.filter(pk=pk)
        .annotate(
            rectification=Exists(RectificationItem.objects.filter(batch__organization_id__in=org_ids, is_sample=True)),
            ledger=Exists(LedgerTask.objects.filter(area__organization_id__in=org_ids, is_sample=True)),
        )
        .values_list("rectification", "ledger")
        .order_by("pk")[:1]
    )
