"""``manage.py restore ARCHIVE.tar.gz``: rebuild an empty database from a backup, then check it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecoreport.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "恢复：把备份写入一个空数据库（先执行迁移），并逐表、逐份 PDF 核对；核对不通过则全部撤销。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="manage.py backup 写出的 .tar.gz 文件")

    def handle(self, *args, **options):
        try:
            summary = restore_backup(Path(options["archive"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已从 {options['archive']} 恢复：{summary.models} 个数据表 {summary.rows} 行，"
            f"已发布 PDF {summary.pdfs} 份，行数、内容和 SHA-256 均与备份一致。"
        )
