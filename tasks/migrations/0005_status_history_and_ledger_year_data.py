"""Existing data under the status history and the yearly ledger, with every figure unchanged.

- Each rectification item and ledger task gets one undated change (``baseline``): its status and
  pace mark of today, from its beginning. Counted for any period, it gives today's status, as the
  figures did before the history existed.
- Each ledger area gets the year of its tasks' deadlines (the most common one; the earliest on a
  tie), else 2022, the year of the demo's ledger. A task whose deadline falls in another year moves
  to an area of the same name and order in that year's ledger.
"""

from collections import Counter

from django.db import migrations

DEFAULT_YEAR = 2022
BATCH = 2000


def ledger_years(apps, schema_editor):
    LedgerArea = apps.get_model("tasks", "LedgerArea")
    LedgerTask = apps.get_model("tasks", "LedgerTask")
    for area in LedgerArea.objects.order_by("pk"):
        tasks = list(LedgerTask.objects.filter(area=area).only("pk", "deadline"))
        years = Counter(task.deadline.year for task in tasks if task.deadline is not None)
        area.year = min(years, key=lambda year: (-years[year], year)) if years else DEFAULT_YEAR
        area.save(update_fields=["year"])
        for year in sorted(set(years) - {area.year}):
            other, _ = LedgerArea.objects.get_or_create(
                organization_id=area.organization_id, year=year, name=area.name, defaults={"order": area.order}
            )
            moved = [task.pk for task in tasks if task.deadline is not None and task.deadline.year == year]
            LedgerTask.objects.filter(pk__in=moved).update(area=other)


def baseline_history(apps, schema_editor):
    for record_model, change_model, key in (
        ("RectificationItem", "RectificationStatusChange", "item_id"),
        ("LedgerTask", "LedgerStatusChange", "task_id"),
    ):
        Record = apps.get_model("tasks", record_model)
        Change = apps.get_model("tasks", change_model)
        rows = Record.objects.order_by("pk").values_list("pk", "status", "on_schedule")
        changes = [
            Change(**{key: pk}, status=status, on_schedule=on_schedule, effective_on=None, source="baseline")
            for pk, status, on_schedule in rows.iterator(chunk_size=BATCH)
        ]
        Change.objects.bulk_create(changes, batch_size=BATCH)


def forward(apps, schema_editor):
    ledger_years(apps, schema_editor)
    baseline_history(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0004_status_history_and_ledger_year"),
    ]

    operations = [
        # Backwards the history tables and the year column go away with the schema; nothing to undo here.
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
