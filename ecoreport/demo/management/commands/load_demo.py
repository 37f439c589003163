"""``manage.py load_demo``: load the Lushan 2022 H1 demo and its three accounts (safe to repeat)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ecoreport.demo.loading import DEMO_ACCOUNTS, load_demo


class Command(BaseCommand):
    help = "加载庐山市2022年上半年演示数据和演示账号（可重复运行，不会产生重复数据）。"
    # A data command: the system checks load the URLconf and every admin, which it never uses.
    requires_system_checks = []

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
        self.stdout.write("演示账号（仅供演示，正式使用前请修改密码）：")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username} / {account.password}（{account.role}）")
