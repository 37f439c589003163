from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "ecoreport.bench"
    label = "bench"
    verbose_name = "性能测试"
