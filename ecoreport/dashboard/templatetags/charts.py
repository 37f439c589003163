"""``{% chart "pm25" "PM2.5 月均浓度同比图" %}``: a chart inline in the page (see ``chart_embed``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ecoreport.dashboard.chart_embed import inline_chart

register = template.Library()


@register.simple_tag(takes_context=True)
def chart(context, name: str, label: str, section_code: str = "") -> SafeString:
    return inline_chart(context, name, section_code, label)
