"""WCAG 2.x contrast arithmetic, against values the WCAG documents and common tools give."""

import pytest

from ecoreport.lib.contrast import BLACK, WHITE, contrast_ratio, parse_hex, readable_text_color, relative_luminance


def test_black_on_white_is_21_and_a_colour_on_itself_is_1():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21.0)
    assert contrast_ratio("#ff0000", "#ff0000") == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("foreground", "background", "ratio"),
    [
        ("#777777", "#ffffff", 4.48),  # the grey that just fails AA
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes
        ("#ff0000", "#ffffff", 4.00),
        ("#000000", "#ff0000", 5.25),
        ("#0000ff", "#ffffff", 8.59),
    ],
)
def test_known_ratios(foreground, background, ratio):
    assert contrast_ratio(foreground, background) == pytest.approx(ratio, abs=0.005)


def test_luminance_and_short_hex():
    assert parse_hex("#fA0") == (255, 170, 0)
    assert relative_luminance("#fff") == pytest.approx(1.0)
    assert relative_luminance("#808080") == pytest.approx(0.2159, abs=1e-4)
    with pytest.raises(ValueError):
        parse_hex("#12345")


def test_the_readable_text_is_the_one_with_more_contrast():
    assert readable_text_color("#ffff00") == BLACK
    assert readable_text_color("#ff0000") == BLACK  # white on pure red is only 4.0:1
    assert readable_text_color("#0b5394") == WHITE
