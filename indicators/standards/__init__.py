"""National standards used by ecoreport's computed figures, as plain Python.

Kept free of Django so the arithmetic can be tested and reused on its own:

- ``rounding``: GB/T 8170 rounding and the change figures built on it.
- ``aqi``: HJ 633 daily AQI, with the 2012 and 2026 regimes chosen by date.
- ``stats``: HJ 663 city and period statistics.
- ``water``: GB 3838-2002 surface-water classes and the CWQI.

Everything is exact decimal arithmetic (``Decimal``/``Fraction``); floats are
accepted only at the edge and converted through ``str()``.
"""
