"""``manage.py send_reminders``: e-mail each data-entry staff member the to-do digest of their organization.

Recipients: active users in the 数据录入 group with a profile (their organization) and an e-mail
address. The digest is ``completeness.digest_for``: this year's missing air days and water months
up to yesterday, stale imports, and overdue or behind work as of today. A member with nothing to do
gets no mail. Run daily from a systemd timer or cron (README, deploy/ecoreport-reminders.*).
"""

from __future__ import annotations

import datetime
import re
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ecoreport.accounts.roles import DATA_ENTRY
from ecoreport.dashboard.completeness import Completeness, digest_for
from ecoreport.lib.periods import PeriodError, parse_date

# The hour of the day ``--date`` stands for: a morning run, as the timer's.
RUN_HOUR = 8


def recipients():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=DATA_ENTRY, profile__isnull=False)
        .select_related("profile__organization")
        .order_by("username")
        .distinct()
    )


def reminder_mail(user, todo: Completeness) -> tuple[str, str]:
    """Subject and plain-text body of one staff member's digest."""
    org = user.profile.organization
    path = reverse("dashboard:completeness", kwargs={"code": org.code})
    link = f"{settings.SITE_URL}{path}?from={todo.start.isoformat()}&to={todo.end.isoformat()}"
    counts = []
    if todo.missing_days:
        counts.append(f"缺空气日数据 {todo.missing_days} 站日")
    if todo.missing_months:
        counts.append(f"缺水质监测 {todo.missing_months} 个断面月")
    if todo.stale_imports:
        counts.append(f"{len(todo.stale_imports)} 类数据超期未导入")
    late = todo.overdue_items + todo.overdue_tasks
    if late:
        counts.append(f"逾期事项 {late} 项")
    subject = f"【待办提醒】{org.name} {todo.today.isoformat()}：{'，'.join(counts) or '无待办'}"
    name = user.get_full_name() or user.username
    body = render_to_string("dashboard/reminder_email.txt", {"name": name, "org": org, "todo": todo, "link": link})
    # The template's tag lines leave blank runs and trailing spaces; a mail reads better without them.
    body = re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", body)).strip() + "\n"
    return subject, body


class Command(BaseCommand):
    help = "给每位数据录入人员发送本机构（含下级）的数据完整性与待办提醒邮件。"
    requires_system_checks = []  # a data command run from cron: start-up without the URLconf's checks

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按这一天生成（YYYY-MM-DD），默认今天")
        parser.add_argument("--dry-run", action="store_true", help="只打印邮件，不发送")

    def handle(self, *args, **options):
        now = timezone.now()
        if options["date"]:
            try:
                day = parse_date(options["date"], "--date")
            except PeriodError as error:
                raise CommandError(str(error)) from None
            now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(RUN_HOUR)))
        digests: dict[int, Completeness] = {}
        connection = None if options["dry_run"] else get_connection()
        sent, failed = 0, []
        for user in recipients():
            org = user.profile.organization
            if not user.email:
                self.stdout.write(f"跳过 {user.username}：没有邮箱地址")
                continue
            if org.pk not in digests:
                digests[org.pk] = digest_for(org, now=now)
            todo = digests[org.pk]
            if not todo.has_todo:
                self.stdout.write(f"跳过 {user.username}：{org.name}无待办")
                continue
            subject, body = reminder_mail(user, todo)
            if options["dry_run"]:
                self.stdout.write(f"收件人：{user.email}\n主题：{subject}\n\n{body}\n{'-' * 40}")
                sent += 1
                continue
            try:
                send_mail(subject, body, None, [user.email], connection=connection)
            except (smtplib.SMTPException, OSError) as error:
                failed.append(f"{user.username}（{user.email}）：{error}")
                continue
            sent += 1
        if options["dry_run"]:
            self.stdout.write(f"演练：{sent} 封提醒邮件，未发送。")
        else:
            self.stdout.write(f"已发送 {sent} 封提醒邮件。")
        if failed:
            raise CommandError("以下邮件未能发送：\n" + "\n".join(failed))
