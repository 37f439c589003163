from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "ecoreport.audit"
    label = "audit"
    verbose_name = "变更与导入记录"

    def ready(self) -> None:
        post_migrate.connect(_install_version_triggers, sender=self)


def _install_version_triggers(sender, using="default", **kwargs) -> None:
    """After migrate (and flush): every tracked table bumps data versions (``audit.version_triggers``)."""
    from ecoreport.audit import version_triggers

    version_triggers.install(using)
