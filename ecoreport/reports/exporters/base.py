"""What every report exporter returns, how its files are named, and the mark on each page."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.utils import timezone


class Export(NamedTuple):
    """A rendered file, as pretix's exporters return it: ``(filename, mimetype, bytes)``."""

    filename: str
    mimetype: str
    content: bytes


def export_filename(
    code: str, start: datetime.date, end: datetime.date, extension: str, *, version: int | None = None
) -> str:
    """``360483-20220101-20220630-draft.pdf`` for a draft, ``…-v2.pdf`` for published version 2."""
    state = "draft" if version is None else f"v{version}"
    return f"{code}-{start:%Y%m%d}-{end:%Y%m%d}-{state}.{extension}"


def document_filename(document, extension: str, *, version: int | None = None) -> str:
    figures = document.figures
    return export_filename(figures.organization.code, figures.start, figures.end, extension, version=version)


def made_at(generated_at: datetime.datetime | None) -> datetime.datetime:
    """When the file is made, in local time (now unless given)."""
    return timezone.localtime(generated_at or timezone.now())


def page_mark(version: int | None, generated_at: datetime.datetime) -> str:
    """The line at the top of every page: a draft says so and when it was made; a published file its version.

    A draft must never pass for the issued document, nor two drafts for each other.
    """
    if version is None:
        return f"草稿　生成于{generated_at:%Y-%m-%d %H:%M}　未经签发，不作正式文件"
    return f"第{version}版　{generated_at:%Y-%m-%d %H:%M}发布"
