"""The tables figures read, registered for data versions (``ecoreport.audit.versions``).

A cached figure is only as fresh as this list is complete: every table whose rows feed a figure
is here, with the path from a row to its organization (None: the row concerns every organization).
``tests/figures/test_data_version.py`` fails when a model of these apps is neither listed nor
named in ``NOT_INPUTS``.
"""

from __future__ import annotations

from ecoreport.accounts.models import Organization
from ecoreport.audit.versions import track
from indicators import models as indicators
from tasks import models as tasks

INPUTS = {
    Organization: "pk",
    indicators.AirStation: "organization",
    indicators.AirDailyRecord: "station__organization",
    indicators.SectionGroup: None,
    indicators.WaterSection: "organization",
    indicators.WaterSection.groups.through: "watersection__organization",
    indicators.WaterSample: "section__organization",
    indicators.SectionTarget: "section__organization",
    indicators.DrinkingWaterSource: "organization",
    indicators.DrinkingWaterResult: "source__organization",
    indicators.AnnualTarget: "organization",
    indicators.PublishedFigure: "organization",
    indicators.Assessment: "organization",
    tasks.ResponsibleUnit: "organization",
    tasks.InspectionBatch: "organization",
    tasks.RectificationItem: "batch__organization",
    tasks.RectificationProgress: "item__batch__organization",
    tasks.RectificationStatusChange: "item__batch__organization",
    tasks.LedgerArea: "organization",
    tasks.LedgerTask: "area__organization",
    tasks.LedgerProgress: "task__area__organization",
    tasks.LedgerStatusChange: "task__area__organization",
    tasks.WorkIndicator: None,
    tasks.WorkValue: "organization",
}

# Models of the same apps that no figure reads: derived from tracked rows (the daily aggregates
# change in the transaction of the records they come from) or about people, not data.
NOT_INPUTS = {indicators.AirDayAggregate}


def register() -> None:
    for model, path in INPUTS.items():
        track(model, path)
