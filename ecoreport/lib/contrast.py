"""Colour contrast as WCAG 2.x defines it (relative luminance, contrast ratio), for text on colour.

Text must reach 4.5:1 against its background (WCAG 2.x, 1.4.3 AA, normal-size text). Badges
drawn on a colour that comes from data, such as the AQI category colours of HJ 633, take the text
colour ``readable_text_color`` picks. Pure: no Django.
"""

from __future__ import annotations

BLACK = "#000000"
WHITE = "#ffffff"
# WCAG 2.x success criterion 1.4.3 (AA) for normal-size text.
MIN_TEXT_CONTRAST = 4.5


def parse_hex(color: str) -> tuple[int, int, int]:
    """``#rgb`` or ``#rrggbb`` as (red, green, blue) 0–255."""
    digits = color.strip().removeprefix("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"not a #rgb or #rrggbb colour: {color!r}")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    red, green, blue = (_linear(c) for c in parse_hex(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (same luminance) to 21 (black on white); the order of the colours does not matter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_color(background: str) -> str:
    """Black or white, whichever contrasts more with the background."""
    return BLACK if contrast_ratio(BLACK, background) >= contrast_ratio(WHITE, background) else WHITE
