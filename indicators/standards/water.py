"""Surface water quality classes (GB 3838-2002) and the CWQI (环办监测〔2017〕51号)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .rounding import Number, exact_sum, fraction_to_decimal, is_missing, round_gb8170, to_fraction

CLASSES: tuple[str, ...] = ("I", "II", "III", "IV", "V", "劣V")

_LABELS: dict[str, str] = {
    "I": "Ⅰ",
    "II": "Ⅱ",
    "III": "Ⅲ",
    "IV": "Ⅳ",
    "V": "Ⅴ",
    "劣V": "劣Ⅴ",
}

# Both the ASCII spelling and the Unicode Roman numerals (U+2160…) occur in bureau data.
_PARSE: dict[str, str] = {key: key for key in CLASSES} | {label: key for key, label in _LABELS.items()}

BODIES: tuple[str, ...] = ("river", "lake")

CEILING = "ceiling"
FLOOR = "floor"
RANGE = "range"


def class_label(key: str) -> str:
    """Display form of a class key: "Ⅰ".."Ⅴ", "劣Ⅴ"."""
    try:
        return _LABELS[key]
    except KeyError:
        raise ValueError(f"未知的水质类别：{key!r}") from None


def parse_class(text: str) -> str:
    """Class key from how people write it: I/Ⅰ … V/Ⅴ, 劣V/劣Ⅴ; spaces and a trailing 类 are ignored."""
    cleaned = "".join(str(text).split())
    if cleaned.endswith("类"):
        cleaned = cleaned[:-1]
    try:
        return _PARSE[cleaned.upper() if cleaned.isascii() else cleaned]
    except KeyError:
        raise ValueError(f"无法识别的水质类别：{text!r}（应为 Ⅰ、Ⅱ、Ⅲ、Ⅳ、Ⅴ 或 劣Ⅴ）") from None


def _normalize_class(value: str) -> str:
    return value if value in _LABELS else parse_class(value)


def _body(body: str) -> str:
    if body == "reservoir":
        return "lake"  # reservoirs take the lake column of GB 3838
    if body not in BODIES:
        raise ValueError(f"水体类型必须是 river 或 lake：{body!r}")
    return body


@dataclass(frozen=True)
class Parameter:
    key: str
    name: str
    unit: str
    kind: str  # "ceiling" (≤), "floor" (≥, DO) or "range" (pH)
    # Limits of classes Ⅰ..Ⅴ; for "range" the (low, high) bounds shared by all classes.
    limits: tuple[Decimal, ...]
    lake_limits: tuple[Decimal, ...] | None = None

    def limits_for(self, body: str) -> tuple[Decimal, ...]:
        if self.lake_limits is not None and _body(body) == "lake":
            return self.lake_limits
        return self.limits

    def limit(self, cls: str, body: str) -> Decimal:
        """Limit of one class (Ⅰ..Ⅴ) for ceiling and floor parameters."""
        if self.kind == RANGE:
            raise ValueError(f"{self.name} 是范围型指标，没有单一限值")
        index = CLASSES.index(_normalize_class(cls))
        if index >= 5:
            raise ValueError("劣Ⅴ类没有限值")
        return self.limits_for(body)[index]


def _p(
    key: str, name: str, kind: str, *limits: str, unit: str = "mg/L", lake: tuple[str, ...] | None = None
) -> Parameter:
    return Parameter(
        key=key,
        name=name,
        unit=unit,
        kind=kind,
        limits=tuple(Decimal(v) for v in limits),
        lake_limits=None if lake is None else tuple(Decimal(v) for v in lake),
    )


_TABLE: tuple[Parameter, ...] = (
    _p("ph", "pH", RANGE, "6", "9", unit="无量纲"),
    _p("do", "溶解氧", FLOOR, "7.5", "6", "5", "3", "2"),
    _p("codmn", "高锰酸盐指数", CEILING, "2", "4", "6", "10", "15"),
    _p("cod", "化学需氧量", CEILING, "15", "15", "20", "30", "40"),
    _p("bod5", "五日生化需氧量", CEILING, "3", "3", "4", "6", "10"),
    _p("nh3n", "氨氮", CEILING, "0.15", "0.5", "1.0", "1.5", "2.0"),
    _p("tp", "总磷", CEILING, "0.02", "0.1", "0.2", "0.3", "0.4", lake=("0.01", "0.025", "0.05", "0.1", "0.2")),
    _p("tn", "总氮", CEILING, "0.2", "0.5", "1.0", "1.5", "2.0"),
    _p("cu", "铜", CEILING, "0.01", "1.0", "1.0", "1.0", "1.0"),
    _p("zn", "锌", CEILING, "0.05", "1.0", "1.0", "2.0", "2.0"),
    _p("f", "氟化物", CEILING, "1.0", "1.0", "1.0", "1.5", "1.5"),
    _p("se", "硒", CEILING, "0.01", "0.01", "0.01", "0.02", "0.02"),
    _p("as", "砷", CEILING, "0.05", "0.05", "0.05", "0.1", "0.1"),
    _p("hg", "汞", CEILING, "0.00005", "0.00005", "0.0001", "0.001", "0.001"),
    _p("cd", "镉", CEILING, "0.001", "0.005", "0.005", "0.005", "0.01"),
    _p("cr6", "六价铬", CEILING, "0.01", "0.05", "0.05", "0.05", "0.1"),
    _p("pb", "铅", CEILING, "0.01", "0.01", "0.05", "0.05", "0.1"),
    _p("cn", "氰化物", CEILING, "0.005", "0.05", "0.2", "0.2", "0.2"),
    _p("phenol", "挥发酚", CEILING, "0.002", "0.002", "0.005", "0.01", "0.1"),
    _p("oil", "石油类", CEILING, "0.05", "0.05", "0.05", "0.5", "1.0"),
    _p("las", "阴离子表面活性剂", CEILING, "0.2", "0.2", "0.2", "0.3", "0.3"),
    _p("s2", "硫化物", CEILING, "0.05", "0.1", "0.2", "0.5", "1.0"),
    _p("fc", "粪大肠菌群", CEILING, "200", "2000", "10000", "20000", "40000", unit="个/L"),
)

PARAMETERS: dict[str, Parameter] = {p.key: p for p in _TABLE}

# TN and fecal coliform are reported apart and never decide a section's class.
REPORTED_APART: tuple[str, ...] = ("tn", "fc")
EVALUATED: tuple[str, ...] = tuple(key for key in PARAMETERS if key not in REPORTED_APART)


def _class_index(key: str, value: Fraction, body: str) -> int:
    param = PARAMETERS[key]
    if param.kind == RANGE:
        low, high = param.limits
        # Within 6–9 pH does not distinguish classes, so it never worsens a section.
        return 0 if low <= value <= high else 5
    for index, limit in enumerate(param.limits_for(body)):
        meets = value <= limit if param.kind == CEILING else value >= limit
        if meets:
            return index
    return 5


def param_class(key: str, value: Number, body: str) -> str:
    """Best class whose limit the value meets (boundaries inclusive); beyond Ⅴ is 劣Ⅴ."""
    if key not in PARAMETERS:
        raise ValueError(f"未知的水质指标：{key}")
    return CLASSES[_class_index(key, to_fraction(value), _body(body))]


@dataclass(frozen=True)
class SectionClass:
    cls: str
    worst: tuple[str, ...]
    param_classes: dict[str, str]
    tn_class: str | None
    fc_class: str | None

    @property
    def label(self) -> str:
        return class_label(self.cls)


def section_class(values: Mapping[str, Number | None], body: str) -> SectionClass | None:
    """A section's class: the worst over the 21 evaluated parameters present.

    ``worst`` lists every parameter at that class, in table order. TN and fecal
    coliform are classified when present but reported apart; TN is classified
    for rivers too (the standard's column is for lakes) so a report can show it
    for reference.
    """
    body = _body(body)
    classes = {
        key: param_class(key, values[key], body)  # type: ignore[arg-type]
        for key in EVALUATED
        if not is_missing(values.get(key))
    }
    if not classes:
        return None
    worst_index = max(CLASSES.index(c) for c in classes.values())
    cls = CLASSES[worst_index]

    def apart(key: str) -> str | None:
        value = values.get(key)
        return None if is_missing(value) else param_class(key, value, body)  # type: ignore[arg-type]

    return SectionClass(
        cls=cls,
        worst=tuple(key for key, c in classes.items() if c == cls),
        param_classes=classes,
        tn_class=apart("tn"),
        fc_class=apart("fc"),
    )


def meets_target(cls: str, target: str) -> bool:
    """Class no worse than the target. Accepts keys or labels (Ⅲ, 劣Ⅴ …)."""
    return CLASSES.index(_normalize_class(cls)) <= CLASSES.index(_normalize_class(target))


def exceeding(values: Mapping[str, Number | None], target: str, body: str) -> list[tuple[str, Decimal | None]]:
    """超标因子 and 超标倍数 against the target class, in table order.

    Times = (C − L) / L for ceilings, L being the target class's limit. DO is a
    floor, so its shortfall (L − C) / L is used, the convention of the national
    water reports. pH has no limit to divide by: it is listed with times None.
    A 劣Ⅴ target has nothing worse, so nothing exceeds it.
    """
    body = _body(body)
    target = _normalize_class(target)
    target_index = CLASSES.index(target)
    result: list[tuple[str, Decimal | None]] = []
    if target_index >= 5:
        return result
    for key in EVALUATED:
        raw = values.get(key)
        if is_missing(raw):
            continue
        value = to_fraction(raw)  # type: ignore[arg-type]
        if _class_index(key, value, body) <= target_index:
            continue
        param = PARAMETERS[key]
        if param.kind == RANGE:
            result.append((key, None))
            continue
        limit = Fraction(param.limits_for(body)[target_index])
        excess = value - limit if param.kind == CEILING else limit - value
        result.append((key, round_gb8170(excess / limit, 2)))
    return result


_GRADES: dict[str, str] = {
    "I": "优",
    "II": "优",
    "III": "良好",
    "IV": "轻度污染",
    "V": "中度污染",
    "劣V": "重度污染",
}


def grade(cls: str) -> str:
    """Qualitative grade of a class (Ⅰ–Ⅱ 优 … 劣Ⅴ 重度污染)."""
    return _GRADES[_normalize_class(cls)]


def is_good_class(cls: str) -> bool:
    """Ⅰ–Ⅲ count as 优良 (good) water."""
    return CLASSES.index(_normalize_class(cls)) <= 2


def cwqi_exact(values: Mapping[str, Number | None], body: str) -> Fraction | None:
    """Unrounded CWQI; None when no evaluated parameter is present."""
    body = _body(body)
    total = Fraction(0)
    seen = False
    for key in EVALUATED:
        raw = values.get(key)
        if is_missing(raw):
            continue
        value = to_fraction(raw)  # type: ignore[arg-type]
        seen = True
        if key == "ph":
            total += 7 - value if value <= 7 else (value - 7) / 2
        elif key == "do":
            if value <= 0:
                # 5 / C has no value at zero oxygen; a silent cap would hide an anoxic sample.
                raise ValueError("溶解氧须大于 0 才能计算 CWQI")
            total += Fraction(5) / value
        else:
            total += value / Fraction(PARAMETERS[key].limit("III", body))
    return total if seen else None


def cwqi(values: Mapping[str, Number | None], body: str, places: int = 4) -> Decimal | None:
    """Water quality index CWQI, GB/T 8170 rounded to ``places`` (4 for display).

    Sum over the evaluated parameters present of C / class-Ⅲ limit, with DO as
    5 / C and pH as 7 − pH (pH ≤ 7) or (pH − 7) / 2. Use ``cwqi_exact`` for the
    unrounded value. None when no evaluated parameter is present.
    """
    exact = cwqi_exact(values, body)
    return None if exact is None else round_gb8170(exact, places)


def period_means(samples: Iterable[Mapping[str, Number | None]]) -> dict[str, Fraction]:
    """Arithmetic mean per parameter over the samples that have it, exact and unrounded.

    Only keys of ``PARAMETERS`` are averaged, so sample rows may carry other
    fields (date, section id). The means are exact rationals, so a class, a CWQI
    or a display value found from them is rounded from the exact value: a CWQI of
    several non-terminating means can sit exactly on a GB/T 8170 tie (NH3-N 2/3 and
    COD 20.003/3 give 1.00005, which is 1.0000), where means cut to any number of
    digits could tip it. Round only for display (TP: ``display_value``).
    """
    rows = list(samples)
    means: dict[str, Fraction] = {}
    for key in PARAMETERS:
        total, count = exact_sum(sample.get(key) for sample in rows)
        if count:
            means[key] = total / count
    return means


DISPLAY_PLACES: dict[str, int] = {"tp": 3}


def display_value(key: str, value: Number) -> Decimal:
    """A period mean as shown in reports: TP to 3 decimals (project rule), others as given."""
    places = DISPLAY_PLACES.get(key)
    if places is None:
        return fraction_to_decimal(to_fraction(value))
    return round_gb8170(value, places)
