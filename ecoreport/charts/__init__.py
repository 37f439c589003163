"""The report's and dashboard's charts: one function per picture, from the figures object to SVG text.

Each picture function takes the figures (or one section's figures) and returns a ``Picture``, drawn
on request as SVG (web page, PDF) or PNG (Word); the dashboard's chart views and the report call the
same function, so a picture's inputs are built in one place. Bars, points and calendar days carry
hover tips (``<title>``) and link keys that the dashboard turns into its drill-down URLs (``link``).
The ``plot_*`` functions behind them take plain values and draw a matplotlib Figure (see
``style``); none computes a figure itself.
"""

from ecoreport.charts.air import aqi_calendar, pm25_monthly
from ecoreport.charts.style import Picture, clear_cache, link, picture
from ecoreport.charts.water import section_tp_monthly
from ecoreport.charts.work import ledger_status

__all__ = [
    "Picture",
    "aqi_calendar",
    "clear_cache",
    "ledger_status",
    "link",
    "picture",
    "pm25_monthly",
    "section_tp_monthly",
]
