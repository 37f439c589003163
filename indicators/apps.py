from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "环境质量监测"

    def ready(self) -> None:
        from indicators import signals  # noqa: F401  (connects the aggregate receivers)

        post_migrate.connect(_build_missing_aggregates, sender=self)


def _build_missing_aggregates(sender, using="default", **kwargs) -> None:
    """A database that had daily records before the aggregates existed gets them on migrate."""
    from indicators.models import AirDailyRecord, AirDayAggregate
    from indicators.services import rebuild_air_aggregates

    if AirDailyRecord.objects.using(using).exists() and not AirDayAggregate.objects.using(using).exists():
        rebuild_air_aggregates()
