
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('tasks', '0001_initial'),
    ]

    # Organization moved from ecoreport to accounts with its table: the foreign keys change in state only.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='inspectionbatch',
                name='organization',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organization', verbose_name='机构'),
            ),
            migrations.AlterField(
                model_name='ledgerarea',
                name='organization',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organization', verbose_name='机构'),
            ),
            migrations.AlterField(
                model_name='responsibleunit',
                name='organization',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='accounts.organization', verbose_name='所属机构'),
            ),
        ],
            database_operations=[],
        ),
    ]
