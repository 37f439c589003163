from django.apps import AppConfig


class EcoreportConfig(AppConfig):
    name = "ecoreport"
    verbose_name = "机构与报告"
