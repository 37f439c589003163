
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ecoreport', '0001_initial'),
        ('accounts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables were made by ecoreport 0001; this app takes over their state only (db_table keeps the names).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Report',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('period_start', models.DateField(verbose_name='期间开始')),
                    ('period_end', models.DateField(verbose_name='期间结束')),
                    ('title', models.CharField(blank=True, max_length=200, verbose_name='标题')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                    ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organization', verbose_name='机构')),
                ],
                options={
                    'verbose_name': '工作总结',
                    'verbose_name_plural': '工作总结',
                    'db_table': 'ecoreport_report',
                    'ordering': ['-period_end', 'organization'],
                },
            ),
            migrations.CreateModel(
                name='PublishedReport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('version', models.PositiveIntegerField(verbose_name='版本')),
                    ('published_at', models.DateTimeField(auto_now_add=True, verbose_name='发布时间')),
                    ('figures', models.JSONField(verbose_name='所用数据')),
                    ('data_fingerprint', models.CharField(max_length=64, verbose_name='数据指纹')),
                    ('html', models.TextField(verbose_name='HTML')),
                    ('pdf', models.BinaryField(verbose_name='PDF')),
                    ('sha256', models.CharField(max_length=64, verbose_name='PDF SHA-256')),
                    ('published_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='发布人')),
                    ('report', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='reports.report', verbose_name='工作总结')),
                ],
                options={
                    'verbose_name': '已发布版本',
                    'verbose_name_plural': '已发布版本',
                    'db_table': 'ecoreport_publishedreport',
                    'ordering': ['report', '-version'],
                },
            ),
            migrations.CreateModel(
                name='ReportSection',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('period_start', models.DateField(verbose_name='期间开始')),
                    ('period_end', models.DateField(verbose_name='期间结束')),
                    ('part', models.CharField(choices=[('work', '二、主要工作'), ('problems', '三、存在的问题'), ('plan', '四、下步工作计划')], max_length=10, verbose_name='所属部分')),
                    ('order', models.PositiveSmallIntegerField(default=1, verbose_name='顺序')),
                    ('heading', models.CharField(blank=True, max_length=200, verbose_name='小标题')),
                    ('body', models.TextField(help_text='段落之间空一行', verbose_name='正文')),
                    ('generated', models.CharField(blank=True, choices=[('', '无'), ('rectification', '督察整改数据'), ('ledger', '工作台账数据')], default='', help_text='由系统数据生成的段落：正文中写【数据】处插入，未写则放在正文之前', max_length=20, verbose_name='插入数据段落')),
                    ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='accounts.organization', verbose_name='机构')),
                ],
                options={
                    'verbose_name': '报告文字段落',
                    'verbose_name_plural': '报告文字段落',
                    'db_table': 'ecoreport_reportsection',
                    'ordering': ['organization', 'period_start', 'part', 'order'],
                },
            ),
            migrations.AddConstraint(
                model_name='report',
                constraint=models.UniqueConstraint(fields=('organization', 'period_start', 'period_end'), name='report_unique_org_period'),
            ),
            migrations.AddConstraint(
                model_name='publishedreport',
                constraint=models.UniqueConstraint(fields=('report', 'version'), name='publishedreport_unique_version'),
            ),
            migrations.AddConstraint(
                model_name='reportsection',
                constraint=models.UniqueConstraint(fields=('organization', 'period_start', 'period_end', 'part', 'order'), name='reportsection_unique_position'),
            ),
            migrations.AddConstraint(
                model_name='reportsection',
                constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='reportsection_period_ordered'),
            ),
        ],
            database_operations=[],
        ),
    ]
