"""``{{ colour|text_on }}``: the text colour readable on a background colour (``ecoreport.lib.contrast``)."""

from __future__ import annotations

from django import template

from ecoreport.lib.contrast import readable_text_color

register = template.Library()


@register.filter
def text_on(background: str) -> str:
    return readable_text_color(background)
