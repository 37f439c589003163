
from django.db import migrations

NEW_APP = {
    "organization": "accounts",
    "userprofile": "accounts",
    "importevent": "audit",
    "auditentry": "audit",
    "reportsection": "reports",
    "report": "reports",
    "publishedreport": "reports",
}


def relabel(apps, schema_editor):
    """Keep permissions, admin log entries and change history attached to the moved models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for model, app in NEW_APP.items():
        if not ContentType.objects.filter(app_label=app, model=model).exists():
            ContentType.objects.filter(app_label="ecoreport", model=model).update(app_label=app)
        AuditEntry.objects.filter(model=f"ecoreport.{model}").update(model=f"{app}.{model}")


def unlabel(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for model, app in NEW_APP.items():
        ContentType.objects.filter(app_label=app, model=model).update(app_label="ecoreport")
        AuditEntry.objects.filter(model=f"{app}.{model}").update(model=f"ecoreport.{model}")


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
        ('audit', '0001_initial'),
        ('accounts', '0001_initial'),
        ('tasks', '0002_organization_moved_to_accounts'),
        ('indicators', '0003_organization_moved_to_accounts'),
        ('ecoreport', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    # The models now live in accounts, audit and reports, on the same tables: drop them from this app's state.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='importevent',
                name='user',
            ),
            migrations.RemoveField(
                model_name='organization',
                name='parent',
            ),
            migrations.RemoveField(
                model_name='report',
                name='organization',
            ),
            migrations.RemoveField(
                model_name='reportsection',
                name='organization',
            ),
            migrations.RemoveField(
                model_name='userprofile',
                name='organization',
            ),
            migrations.RemoveField(
                model_name='publishedreport',
                name='published_by',
            ),
            migrations.RemoveField(
                model_name='publishedreport',
                name='report',
            ),
            migrations.RemoveField(
                model_name='userprofile',
                name='user',
            ),
            migrations.DeleteModel(
                name='AuditEntry',
            ),
            migrations.DeleteModel(
                name='ImportEvent',
            ),
            migrations.DeleteModel(
                name='ReportSection',
            ),
            migrations.DeleteModel(
                name='Organization',
            ),
            migrations.DeleteModel(
                name='PublishedReport',
            ),
            migrations.DeleteModel(
                name='Report',
            ),
            migrations.DeleteModel(
                name='UserProfile',
            ),
        ],
            database_operations=[],
        ),
        migrations.RunPython(relabel, unlabel),
]
