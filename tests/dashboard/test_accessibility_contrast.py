"""Badge text reaches 4.5:1 on its background (WCAG 2.x AA): the AQI 级别 badges, whose colours
come from HJ 633 (indicators.standards.aqi), and the colour pairs of static/css/site.css."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from ecoreport.lib.contrast import BLACK, MIN_TEXT_CONTRAST, WHITE, contrast_ratio, readable_text_color
from indicators.standards.aqi import CATEGORIES

CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
STYLE = re.compile(r'style="background: ?(#[0-9a-fA-F]{3,6}); ?color: ?(#[0-9a-fA-F]{3,6})')


def _badges(html: str) -> list[tuple[str, str]]:
    return STYLE.findall(html)


def test_every_aqi_category_has_readable_badge_text():
    chosen = {c.grade: (readable_text_color(c.color), round(contrast_ratio(readable_text_color(c.color), c.color), 2))
              for c in CATEGORIES}  # fmt: skip
    assert chosen == {
        "一级": (BLACK, 12.1),
        "二级": (BLACK, 19.56),
        "三级": (BLACK, 8.24),
        "四级": (BLACK, 5.25),  # was dark grey on red (1.6:1); white would be 4.0:1
        "五级": (WHITE, 8.54),  # was black on dark red (2.46:1)
        "六级": (WHITE, 10.99),
    }


def test_the_air_pages_badges_use_the_readable_colours(client, leader_user):
    client.force_login(leader_user)
    badges = _badges(client.get("/org/360483/air/?period=2022H1").content.decode())
    assert badges == [(c.color, readable_text_color(c.color)) for c in CATEGORIES]
    days = _badges(client.get("/org/360483/records/air/?period=2022H1&days=valid").content.decode())
    assert len(days) == 181
    assert {background for background, _ in days} >= {"#00e400", "#ffff00", "#ff7e00"}
    assert min(contrast_ratio(text, background) for background, text in days) >= MIN_TEXT_CONTRAST


def test_the_admins_aqi_badges_are_readable(client, staff_user):
    client.force_login(staff_user)
    html = client.get("/admin/indicators/airdailyrecord/?date__gte=2022-01-01").content.decode()
    badges = re.findall(r'style="background:(#[0-9a-fA-F]{6});color:(#[0-9a-fA-F]{6})', html)
    assert badges
    assert min(contrast_ratio(text, background) for background, text in badges) >= MIN_TEXT_CONTRAST


def _css_pairs() -> list[tuple[str, str, str]]:
    """(selector, text, background) of every rule of site.css that sets both, variables resolved."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))

    def resolve(value: str) -> str | None:
        value = value.strip()
        if match := re.fullmatch(r"var\(--([\w-]+)\)", value):
            return variables.get(match[1])
        return value if re.fullmatch(r"#[0-9a-fA-F]{3,6}", value) else None

    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        background = re.search(r"(?<![\w-])background(?:-color)?:\s*([^;]+)", body)
        color = re.search(r"(?<![\w-])color:\s*([^;]+)", body)
        if background and color and resolve(background[1]) and resolve(color[1]):
            pairs.append((selector.strip(), resolve(color[1]), resolve(background[1])))
    return pairs


def test_every_text_and_background_pair_in_the_stylesheet_reaches_4_5():
    pairs = _css_pairs()
    selectors = [selector for selector, _, _ in pairs]
    assert ".status-met .badge" in selectors and ".status-at_risk .badge" in selectors and ".badge" in selectors
    failing = [(s, t, b, round(contrast_ratio(t, b), 2)) for s, t, b in pairs if contrast_ratio(t, b) < 4.5]
    assert failing == []


@pytest.mark.parametrize(("text", "background"), [("--none", "#ffffff"), ("--accent", "#ffffff"), ("--ink", "#f6f8fa")])
def test_card_text_links_and_body_text_are_readable_on_their_page_background(text, background):
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", CSS.read_text(encoding="utf-8")))
    assert contrast_ratio(variables[text.removeprefix("--")], background) >= MIN_TEXT_CONTRAST
