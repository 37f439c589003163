from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "ecoreport.importing"
    label = "importing"
    verbose_name = "表格导入导出"

    def ready(self) -> None:
        # Plug the importer into the admin's spreadsheet screens, which live below this layer.
        from ecoreport.importing import backend

        backend.install()
