"""The summary exporter renders one PeriodFigures as the JSON file ``manage.py summary`` prints."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from ecoreport.figures import exporters
from ecoreport.figures.compute import compute_figures

pytestmark = pytest.mark.django_db

START, END = datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)


def test_it_returns_a_named_json_file(demo_org):
    filename, mimetype, content = exporters.render(compute_figures(demo_org, START, END))
    assert (filename, mimetype) == ("summary-360483-20220101-20220630.json", "application/json")
    data = json.loads(content.decode("utf-8"))
    assert (data["org"], data["period_title"], data["air"]["pm25"]) == ("360483", "2022年上半年", 27)
    assert "daily" not in data["air"]
    assert "庐山" in content.decode("utf-8")  # Chinese as text, not \\u escapes


def test_the_daily_option_adds_every_valid_day(demo_org):
    _, _, content = exporters.render(compute_figures(demo_org, START, END), daily=True)
    daily = json.loads(content)["air"]["daily"]
    assert len(daily) == 181
    assert daily[0]["date"] == "2022-01-01"


def test_the_command_prints_the_exported_file(demo_org):
    out = io.StringIO()
    call_command("summary", "--org", "360483", "--from", "2022-01-01", "--to", "2022-06-30", stdout=out)
    _, _, content = exporters.render(compute_figures(demo_org, START, END))
    assert out.getvalue() == content.decode("utf-8") + "\n"
