"""``{{ key|pollutant }}`` and ``{{ regime|regime_title }}``: names, never codes (issue 13).

The names live in ``indicators.standards.aqi``; these filters only reach them from a template.
``pollutant`` takes one key, a list of keys or the stored comma-separated text ("pm10,o3_8h").
"""

from __future__ import annotations

from django import template

from indicators.standards import aqi

register = template.Library()


@register.filter
def pollutant(keys) -> str:
    if isinstance(keys, str):
        keys = [key for key in keys.split(",") if key.strip()]
    return "、".join(aqi.pollutant_name(key) for key in keys) or "—"


@register.filter
def regime_title(name: str) -> str:
    return aqi.regime_title(str(name))
