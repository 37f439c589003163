"""``manage.py backup OUTPUT.tar.gz``: every row and every published PDF in one archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecoreport.ops.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "备份：把数据库全部数据和已发布报告的 PDF（附 SHA-256 清单）写入一个 .tar.gz 文件。"
    # A data command: the system checks load the URLconf and every admin, which it never uses.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("output", help="新的备份文件，如 /var/backups/ecoreport-2022-07-01.tar.gz")

    def handle(self, *args, **options):
        try:
            summary = write_backup(Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已备份到 {options['output']}（{summary.archive_bytes / 1024:.0f} KB）："
            f"{summary.models} 个数据表 {summary.rows} 行，已发布 PDF {summary.pdfs} 份。"
        )
