from django.apps import AppConfig


class EcoreportConfig(AppConfig):
    """Holds only the migration history of the models that have since moved to their own apps."""

    name = "ecoreport"
    verbose_name = "ecoreport"
