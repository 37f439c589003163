
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
                name='ImportEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                    ('kind', models.CharField(max_length=30, verbose_name='数据类型')),
                    ('file_name', models.CharField(max_length=255, verbose_name='文件名')),
                    ('source', models.CharField(default='admin', max_length=20, verbose_name='来源')),
                    ('created', models.PositiveIntegerField(default=0, verbose_name='新增')),
                    ('updated', models.PositiveIntegerField(default=0, verbose_name='更新')),
                    ('unchanged', models.PositiveIntegerField(default=0, verbose_name='未变')),
                    ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                ],
                options={
                    'verbose_name': '导入记录',
                    'verbose_name_plural': '导入记录',
                    'db_table': 'ecoreport_importevent',
                    'ordering': ['-at'],
                },
            ),
            migrations.CreateModel(
                name='AuditEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='时间')),
                    ('action', models.CharField(choices=[('create', '新增'), ('update', '修改'), ('delete', '删除')], max_length=10, verbose_name='操作')),
                    ('model', models.CharField(max_length=60, verbose_name='数据表')),
                    ('object_id', models.CharField(max_length=64, verbose_name='记录编号')),
                    ('object_repr', models.CharField(max_length=200, verbose_name='记录')),
                    ('changes', models.JSONField(default=dict, help_text='字段: [修改前, 修改后]', verbose_name='变更内容')),
                    ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                    ('import_event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='audit.importevent', verbose_name='导入记录')),
                ],
                options={
                    'verbose_name': '变更历史',
                    'verbose_name_plural': '变更历史',
                    'db_table': 'ecoreport_auditentry',
                    'ordering': ['-at', '-id'],
                    'indexes': [models.Index(fields=['model', 'object_id'], name='auditentry_object_idx')],
                },
            ),
        ],
            database_operations=[],
        ),
    ]
