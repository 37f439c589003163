from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _roles_after_migrate(sender, using="default", **kwargs) -> None:
    # Each app's post_migrate creates its permissions; after the last one, the three role groups get
    # the permissions the code gives them, so a deployment has its roles from `migrate` alone and a
    # permission a new model brings reaches the groups with the migration that adds it.
    if sender is not list(apps.get_app_configs())[-1]:
        return
    from ecoreport.accounts.roles import ensure_groups

    ensure_groups(using=using)


class AccountsConfig(AppConfig):
    name = "ecoreport.accounts"
    label = "accounts"
    verbose_name = "机构与用户"

    def ready(self) -> None:
        post_migrate.connect(_roles_after_migrate, dispatch_uid="ecoreport.accounts.roles")
