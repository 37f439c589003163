
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ecoreport', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables were made by ecoreport 0001; this app takes over their state only (db_table keeps the names).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Organization',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(help_text='行政区划代码，如 360483', max_length=12, unique=True, verbose_name='机构编码')),
                    ('name', models.CharField(max_length=100, verbose_name='机构名称')),
                    ('full_name', models.CharField(blank=True, help_text='如：九江市庐山生态环境局', max_length=200, verbose_name='单位全称')),
                    ('level', models.CharField(choices=[('province', '省'), ('city', '市'), ('county', '县（市、区）')], default='county', max_length=10, verbose_name='级别')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='accounts.organization', verbose_name='上级机构')),
                ],
                options={
                    'verbose_name': '机构',
                    'verbose_name_plural': '机构',
                    'db_table': 'ecoreport_organization',
                    'ordering': ['code'],
                },
            ),
            migrations.CreateModel(
                name='UserProfile',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organization', verbose_name='所属机构')),
                    ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                ],
                options={
                    'verbose_name': '用户所属机构',
                    'verbose_name_plural': '用户所属机构',
                    'db_table': 'ecoreport_userprofile',
                },
            ),
        ],
            database_operations=[],
        ),
    ]
