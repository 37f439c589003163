"""Which faces the report is set in: the official ones when this machine has them, else free ones.

Looked up once per process (``faces_in_use`` is cached): the families fontconfig knows
(``fc-list : family``) and the font files in the fonts folder (settings ``ECOREPORT_FONTS_DIR``,
by default ``fonts/`` in the repository root, ignored by git: copy licensed files such as
``仿宋_GB2312.ttf`` there). A face found in the folder is given to WeasyPrint with ``@font-face``.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

# Per role: the official families in order of preference, then the free stand-in in use without them.
ROLES = {
    "body": (
        "正文",
        ["仿宋_GB2312", "FangSong_GB2312", "方正仿宋_GBK", "方正仿宋简体", "FZFangSong-Z02S"],
        "Noto Serif CJK SC",
    ),
    "title": ("标题", ["方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"], "Noto Serif CJK SC"),
    "kai": ("二级标题", ["楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"], "AR PL KaitiM GB"),
    "hei": ("一级标题和表头", ["黑体", "SimHei"], "Noto Sans CJK SC"),
}
FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}


@dataclass(frozen=True)
class Face:
    role: str
    label: str  # what the role is, for the report page
    family: str
    official: bool
    path: str = ""  # a file of the fonts folder, declared with @font-face

    @property
    def url(self) -> str:
        return Path(self.path).as_uri() if self.path else ""


def fontconfig_families() -> set[str]:
    """Every family name fontconfig knows (a font's names in all its languages)."""
    try:
        listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return {name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip()}


def folder_families(folder: Path) -> dict[str, str]:
    """Family name → file, for the font files in ``folder`` (every name a file gives, e.g. 仿宋_GB2312
    and FangSong_GB2312); unreadable files are skipped."""
    families: dict[str, str] = {}
    if not folder.is_dir():
        return families
    from fontTools.ttLib import TTCollection, TTFont  # a tenth of a second, for a folder most machines lack

    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        try:
            fonts = TTCollection(path).fonts if path.suffix.lower() == ".ttc" else [TTFont(path, lazy=True)]
        except Exception:  # noqa: BLE001 - a damaged file must not stop the report
            continue
        for font in fonts:
            for record in font["name"].names:
                if record.nameID in (1, 16):
                    families.setdefault(record.toUnicode().strip(), str(path))
    return families


def choose_faces(installed: set[str], folder: dict[str, str]) -> dict[str, Face]:
    """Per role the first official family in the folder or installed, else the free stand-in."""
    faces = {}
    for role, (label, official, fallback) in ROLES.items():
        found = next((name for name in official if name in folder or name in installed), None)
        if found is None:
            faces[role] = Face(role, label, fallback, official=False)
        else:
            faces[role] = Face(role, label, found, official=True, path=folder.get(found, ""))
    return faces


def fonts_dir() -> Path:
    return Path(settings.ECOREPORT_FONTS_DIR)


@cache
def faces_in_use() -> dict[str, Face]:
    """The faces of this process, looked up once (restart the server after adding fonts)."""
    return choose_faces(fontconfig_families(), folder_families(fonts_dir()))


def faces_summary(faces: dict[str, Face] | None = None) -> str:
    """``正文：仿宋_GB2312；标题：Noto Serif CJK SC（替代字体）；…``: for the PDF's properties and the page."""
    faces = faces_in_use() if faces is None else faces
    return "；".join(f"{face.label}：{face.family}{'' if face.official else '（替代字体）'}" for face in faces.values())
