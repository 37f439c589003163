"""The narrative sections' admin: placeholders checked on save, the filled-in text beside the template, 起草本期.

``NarrativeFormMixin`` refuses a body with an unknown placeholder (listing them); a known one
without data for the period is allowed (the figures may come later) and shows in the filled-in
text. ``NarrativeAdminMixin`` adds the read-only 填入数据后的正文 and the 起草本期 action of reports.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from ecoreport.figures.compute import compute_figures
from ecoreport.reports.drafting import DraftRefused, draft_period
from ecoreport.reports.hand_typed import hand_typed
from ecoreport.reports.placeholder_names import REGISTRY, load_vocabulary
from ecoreport.reports.placeholders import fill

PLACEHOLDER_HELP = (
    "段落之间空一行。数字请写成占位符，由系统按本期数据填入：如 {执法检查人次}（工作指标名称或编码）、"
    "{空气.PM25}、{空气.优良率}、{水.星子.总磷}、{台账.已完成}、{整改.推进中}、{评估.水质综合指数变好幅度.名次}；"
    "在名称后加 |中文 写成汉字（{水.国考断面数|中文} → 两）。"
)


class NarrativeFormMixin(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        org, start, end = cleaned.get("organization"), cleaned.get("period_start"), cleaned.get("period_end")
        body = cleaned.get("body") or ""
        if org is None or start is None or end is None or end < start or "{" not in body:
            return cleaned
        unknown = fill(body, compute_figures(org, start, end), load_vocabulary(org)).unknown
        if unknown:
            names = "、".join(f"{{{name}}}" for name in unknown)
            self.add_error("body", f"未知占位符：{names}。请检查名称（工作指标须先在“工作指标”中建立）。")
        return cleaned


class NarrativeAdminMixin:
    """For ReportSectionAdmin: the filled-in text, read-only, beside the template."""

    @admin.display(description="填入数据后的正文")
    def filled_text(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "保存后显示按本期数据填入占位符后的正文。"
        filled = fill(obj.body, compute_figures(obj.organization, obj.period_start, obj.period_end),
                      load_vocabulary(obj.organization))  # fmt: skip
        paragraphs = [block.strip() for block in filled.text.replace("\r\n", "\n").split("\n\n") if block.strip()]
        html = format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs))
        typed = hand_typed(obj.body)
        if filled.problems:
            html += format_html('<p class="errornote">未能填入：{}</p>', "、".join(filled.problems))
        if typed:
            html += format_html("<p><em>手工录入的数字（无数据来源）：{}</em></p>", "；".join(typed))
        return html

    @admin.display(description="可用的占位符")
    def placeholder_names(self, obj) -> str:
        fixed = "、".join(f"{{{name}}}" for name in REGISTRY)
        if obj is None or obj.pk is None:
            return fixed
        vocabulary = load_vocabulary(obj.organization)
        codes = set(vocabulary.indicators.values())
        work = "、".join(f"{{{name}}}" for name in sorted(vocabulary.indicators) if name not in codes)
        measures = "、".join(f"{{评估.{measure}}}" for measure in sorted(vocabulary.measures))
        return format_html(
            "{}<br>工作指标：{}<br>考核评估：{}", fixed, work or "（尚未建立）", measures or "（本机构尚无）"
        )


@admin.action(description="起草本期：按上一期文字段落生成所选报告期间的段落")
def draft_reports(modeladmin, request, queryset) -> None:
    """For ReportAdmin: each selected report's period gets sections copied from its previous period."""
    if not request.user.has_perm("reports.add_reportsection"):
        modeladmin.message_user(request, "没有新增报告文字段落的权限。", messages.ERROR)
        return
    for report in queryset.select_related("organization"):
        try:
            created = draft_period(
                org=report.organization, start=report.period_start, end=report.period_end, user=request.user
            )
        except DraftRefused as refusal:
            modeladmin.message_user(request, f"{report}：{refusal}", messages.WARNING)
        else:
            modeladmin.message_user(request, f"{report}：已起草 {len(created)} 个文字段落。", messages.SUCCESS)
