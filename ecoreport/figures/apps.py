from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "ecoreport.figures"
    label = "figures"
    verbose_name = "统计数据"

    def ready(self) -> None:
        from ecoreport.figures import inputs

        inputs.register()
