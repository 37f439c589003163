"""Backup and restore: one archive holds every row and every published report's PDF.

The archive is a .tar.gz with

- ``data.json``: every row of every model, as Django's ``dumpdata --natural-foreign --all`` writes
  it (primary keys kept) but with times to the microsecond, except what ``migrate`` makes itself
  (content types and permissions, referred to by their natural keys), the login sessions and the
  data versions (see ``EXCLUDED``);
- ``pdf/<org>_<start>_<end>_v<version>.pdf``: each published version's PDF, byte for byte;
- ``manifest.json``: the applied migrations, per model the number of rows and a SHA-256 of its
  rows in a canonical form (``row_fingerprint``), the SHA-256 of ``data.json``, and each PDF's
  file name, version, organization, period and SHA-256.

Why Django's serializers (``dumpdata``/``loaddata``) rather than ``pg_dump``: the same archive
restores on SQLite (the default, and the test suite's database) and on PostgreSQL, in either
direction, needs no client binary that matches the server's version, and loads through the models,
so a restore checks every row against the current schema. The price is speed and memory on restore
(``loaddata`` reads the whole file): fine for a county's data (the demo is a few megabytes); a city
with decades of data would use ``pg_dump`` beside it. On PostgreSQL the rows are read in one
REPEATABLE READ transaction, so a backup taken while people work is one consistent moment.

``restore_backup`` refuses a database that holds any row, migrates it, checks that its migrations
are those of the backup, loads the rows and then checks, inside the same transaction, each model's
count and fingerprint and each published PDF against the manifest and its own recorded SHA-256;
any difference rolls everything back.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import django
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from ecoreport.reports.models import PublishedReport

FORMAT = "ecoreport-backup/1"
MANIFEST = "manifest.json"
DATA = "data.json"
PDF_DIR = "pdf"
# Made by migrate in the new database (and found there by natural key), not worth restoring (login
# sessions), or renewed by the database itself on every write: the data versions that caches are
# keyed by get new random tokens from their triggers as the rows load, as they should after a restore.
EXCLUDED = ("contenttypes.contenttype", "auth.permission", "sessions.session", "audit.dataversion")
CHUNK = 2000


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


@dataclass(frozen=True)
class Summary:
    models: int
    rows: int
    pdfs: int
    archive_bytes: int = 0


def backed_up_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model._meta.label_lower not in EXCLUDED]


def _canonical(rows: list[dict], many_to_many: list[str]) -> Iterator[bytes]:
    for row in rows:
        for name in many_to_many:  # related rows come in no fixed order
            row["fields"][name] = sorted(row["fields"][name], key=json.dumps)
        yield json.dumps(row, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")).encode()


def row_fingerprint(model: type[models.Model]) -> tuple[int, str]:
    """The number of rows and a SHA-256 of all of them, the same on SQLite and PostgreSQL.

    Rows in primary-key order, each serialized with natural foreign keys (so content types and
    users compare by name, not by id), keys sorted, many-to-many lists sorted.
    """
    digest = hashlib.sha256()
    many_to_many = [field.name for field in model._meta.many_to_many]
    count = 0
    batch: list[models.Model] = []

    def flush() -> None:
        rows = serializers.serialize("python", batch, use_natural_foreign_keys=True)
        for line in _canonical(rows, many_to_many):
            digest.update(line + b"\n")
        batch.clear()

    for obj in model._base_manager.order_by("pk").iterator(chunk_size=CHUNK):
        batch.append(obj)
        count += 1
        if len(batch) == CHUNK:
            flush()
    flush()
    return count, digest.hexdigest()


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds, as JavaScript's Date would; a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _dump(path: Path) -> None:
    """What ``dumpdata --natural-foreign --all`` writes, with times to the microsecond.

    Models come in dependency order, so that ``loaddata`` finds each natural key's row already there.
    """
    wanted = set(backed_up_models())
    ordered = serializers.sort_dependencies([(config, None) for config in apps.get_app_configs()], allow_cycles=True)

    def rows() -> Iterator[models.Model]:
        for model in ordered:
            if model in wanted:
                yield from model._base_manager.order_by("pk").iterator(chunk_size=CHUNK)

    with open(path, "w", encoding="utf-8") as stream:
        serializers.serialize("json", rows(), stream=stream, use_natural_foreign_keys=True, cls=_ExactEncoder)


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pdf_name(published: PublishedReport) -> str:
    report = published.report
    return f"{PDF_DIR}/{report.organization.code}_{report.period_start}_{report.period_end}_v{published.version}.pdf"


@contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of the database for everything the backup reads."""
    isolate = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if isolate:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _write_pdfs(folder: Path) -> list[dict]:
    entries = []
    published = PublishedReport.objects.select_related("report__organization").order_by("pk")
    for version in published.iterator(chunk_size=20):
        content = bytes(version.pdf)
        sha256 = hashlib.sha256(content).hexdigest()
        if sha256 != version.sha256:
            raise BackupError(
                f"已发布版本「{version}」（编号 {version.pk}）的 PDF 与其记录的 SHA-256 不符，"
                "数据可能已被改动：请先核查，再备份。"
            )
        name = _pdf_name(version)
        (folder / name).write_bytes(content)
        report = version.report
        entries.append(
            {
                "file": name,
                "published_report": version.pk,
                "organization": report.organization.code,
                "period_start": report.period_start.isoformat(),
                "period_end": report.period_end.isoformat(),
                "version": version.version,
                "sha256": sha256,
                "bytes": len(content),
            }
        )
    return entries


def write_backup(output: Path) -> Summary:
    """Write the archive to ``output`` (a new .tar.gz); it appears only once it is complete."""
    output = Path(output)
    if not output.name.endswith((".tar.gz", ".tgz")):
        raise BackupError(f"备份文件名须以 .tar.gz 结尾：{output}")
    if output.exists():
        raise BackupError(f"{output} 已存在：备份不覆盖已有文件，请换一个文件名。")
    if not output.parent.is_dir():
        raise BackupError(f"目录 {output.parent} 不存在。")
    with tempfile.TemporaryDirectory(prefix="ecoreport-backup-") as tmp:
        folder = Path(tmp)
        (folder / PDF_DIR).mkdir()
        with _snapshot():
            _dump(folder / DATA)
            counts = {}
            for model in backed_up_models():
                rows, sha256 = row_fingerprint(model)
                counts[model._meta.label_lower] = {"rows": rows, "sha256": sha256}
            pdfs = _write_pdfs(folder)
            migrations = applied_migrations()
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database": connection.vendor,
            "migrations": migrations,
            "data": {"file": DATA, "sha256": _sha256_file(folder / DATA)},
            "models": counts,
            "published_pdfs": pdfs,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        partial = output.with_name(f".{output.name}.partial")
        with tarfile.open(partial, "w:gz") as archive:
            for name in [MANIFEST, DATA, *(entry["file"] for entry in pdfs)]:
                archive.add(folder / name, arcname=name, recursive=False)
        os.replace(partial, output)
    return Summary(len(counts), sum(c["rows"] for c in counts.values()), len(pdfs), output.stat().st_size)


def occupied_models() -> dict[str, int]:
    """Models that already hold rows in this database (tables that do not exist yet count as empty)."""
    tables = set(connection.introspection.table_names())
    found = {}
    for model in backed_up_models():
        if model._meta.db_table in tables and model._base_manager.exists():
            found[str(model._meta.verbose_name)] = model._base_manager.count()
    return found


def _read(archive: tarfile.TarFile, name: str) -> tarfile.ExFileObject:
    try:
        handle = archive.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError(f"备份文件中缺少 {name}：文件不完整或不是 ecoreport 的备份。")
    return handle


def _check_migrations(manifest: dict) -> None:
    here, there = set(applied_migrations()), set(manifest["migrations"])
    if here != there:
        newer = sorted(there - here)[:5]
        older = sorted(here - there)[:5]
        raise BackupError(
            "备份的数据库结构与本程序不一致，无法直接恢复："
            + (f"备份有本程序没有的迁移 {newer}；" if newer else "")
            + (f"本程序有备份没有的迁移 {older}；" if older else "")
            + "请用制作备份时的程序版本恢复，再升级。"
        )


def _verify(manifest: dict, pdfs: dict[int, bytes]) -> None:
    """Every model's rows and every published PDF are what the backup recorded."""
    problems = []
    for model in backed_up_models():
        label = model._meta.label_lower
        expected = manifest["models"].get(label, {"rows": 0, "sha256": hashlib.sha256().hexdigest()})
        rows, sha256 = row_fingerprint(model)
        if rows != expected["rows"] or sha256 != expected["sha256"]:
            problems.append(f"{model._meta.verbose_name}：应有 {expected['rows']} 行，恢复后 {rows} 行，或内容不同")
    restored = {version.pk: version for version in PublishedReport.objects.order_by("pk")}
    for entry in manifest["published_pdfs"]:
        version = restored.get(entry["published_report"])
        if version is None:
            problems.append(f"已发布版本 {entry['file']} 没有恢复")
            continue
        content = bytes(version.pdf)
        if content != pdfs[entry["published_report"]] or version.sha256 != entry["sha256"]:
            problems.append(f"已发布版本 {entry['file']} 的 PDF 与备份中的文件不同")
        elif hashlib.sha256(content).hexdigest() != version.sha256:
            problems.append(f"已发布版本 {entry['file']} 的 PDF 与其记录的 SHA-256 不符")
    if len(restored) != len(manifest["published_pdfs"]):
        problems.append(f"已发布版本应有 {len(manifest['published_pdfs'])} 个，恢复后 {len(restored)} 个")
    if problems:
        raise BackupError("恢复后的核对未通过，已全部撤销：\n" + "\n".join(problems))


def restore_backup(path: Path) -> Summary:
    """Rebuild this (empty) database from the archive at ``path``; all or nothing."""
    occupied = occupied_models()
    if occupied:
        listed = "、".join(f"{name} {rows} 行" for name, rows in list(occupied.items())[:6])
        raise BackupError(
            f"数据库不是空的（已有{listed}等），恢复只能写入空数据库，以免覆盖现有数据。"
            "请新建一个空数据库，让 DATABASE_URL 指向它，再运行恢复。"
        )
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件 {path}：{exc}") from exc
    with archive, tempfile.TemporaryDirectory(prefix="ecoreport-restore-") as tmp:
        manifest = json.load(io.TextIOWrapper(_read(archive, MANIFEST), encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"不认识的备份格式 {manifest.get('format')!r}（本程序读 {FORMAT}）。")
        data = Path(tmp) / DATA
        with open(data, "wb") as handle:
            shutil.copyfileobj(_read(archive, DATA), handle)
        if _sha256_file(data) != manifest["data"]["sha256"]:
            raise BackupError(f"备份中的 {DATA} 与清单记录的 SHA-256 不符：文件已损坏或被改动。")
        pdfs = {}
        for entry in manifest["published_pdfs"]:
            content = _read(archive, entry["file"]).read()
            if hashlib.sha256(content).hexdigest() != entry["sha256"]:
                raise BackupError(f"备份中的 {entry['file']} 与清单记录的 SHA-256 不符：文件已损坏或被改动。")
            pdfs[entry["published_report"]] = content
        call_command("migrate", interactive=False, verbosity=0)
        _check_migrations(manifest)
        with transaction.atomic():
            call_command("loaddata", str(data), verbosity=0)
            _verify(manifest, pdfs)
    counts = manifest["models"].values()
    return Summary(len(manifest["models"]), sum(c["rows"] for c in counts), len(pdfs), Path(path).stat().st_size)
