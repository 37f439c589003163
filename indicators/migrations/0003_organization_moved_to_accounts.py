
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('indicators', '0002_aqi_category_choices'),
    ]

    # Organization moved from ecoreport to accounts with its table: the foreign keys change in state only.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='airstation',
                name='organization',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organization', verbose_name='所属机构'),
            ),
            migrations.AlterField(
                model_name='annualtarget',
                name='organization',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='accounts.organization', verbose_name='机构'),
            ),
            migrations.AlterField(
                model_name='drinkingwatersource',
                name='organization',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organization', verbose_name='所属机构'),
            ),
            migrations.AlterField(
                model_name='publishedfigure',
                name='organization',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='accounts.organization', verbose_name='机构'),
            ),
            migrations.AlterField(
                model_name='watersection',
                name='organization',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organization', verbose_name='所属机构'),
            ),
        ],
            database_operations=[],
        ),
    ]
