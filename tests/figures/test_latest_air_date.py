"""The pages open on the latest period with data: the day is read from the root's daily aggregates."""

from __future__ import annotations

import datetime

from django.db.models import Max

from ecoreport.figures.latest import latest_air_date
from indicators.models import AirDailyRecord, AirStation


def _from_records(org) -> datetime.date | None:
    records = AirDailyRecord.objects.filter(station__organization_id__in=org.subtree_ids())
    return records.aggregate(latest=Max("date"))["latest"]


def test_it_is_the_latest_record_of_the_subtree_and_follows_a_new_one(demo_org, make_org):
    assert latest_air_date(demo_org.pk) == _from_records(demo_org) == datetime.date(2022, 6, 30)

    city = make_org("369000", "测试市")
    demo_org.parent = city
    demo_org.save()
    assert latest_air_date(city.pk) == datetime.date(2022, 6, 30)  # moving a county moves its days up
    station = AirStation.objects.filter(organization=demo_org).first()
    AirDailyRecord.objects.create(station=station, date=datetime.date(2022, 7, 3), pm25=20, pm10=40)

    assert latest_air_date(demo_org.pk) == _from_records(demo_org) == datetime.date(2022, 7, 3)
    assert latest_air_date(city.pk) == datetime.date(2022, 7, 3)
    assert latest_air_date(make_org("369001", "无站点县", parent=city).pk) is None
