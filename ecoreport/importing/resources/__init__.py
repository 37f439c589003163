"""One django-import-export resource per kind of file in data-formats.md, by kind name."""

from __future__ import annotations

from .base import KindResource, SheetResult
from .measurements import AirDailyResource, WaterSampleResource
from .places import AirStationResource, OrganizationResource, WaterSectionResource
from .work import LedgerResource, RectificationResource
from .workstats import AssessmentResource, WorkIndicatorResource, WorkValueResource

RESOURCES: dict[str, type[KindResource]] = {
    resource.kind: resource
    for resource in (
        OrganizationResource,
        AirStationResource,
        AirDailyResource,
        WaterSectionResource,
        WaterSampleResource,
        RectificationResource,
        LedgerResource,
        WorkIndicatorResource,
        WorkValueResource,
        AssessmentResource,
    )
}

__all__ = ["RESOURCES", "KindResource", "SheetResult"]
