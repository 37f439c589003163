from django.apps import AppConfig
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


class EcoreportConfig(AppConfig):
    """Holds only the migration history of the models that have since moved to their own apps."""

    name = "ecoreport"
    verbose_name = "ecoreport"


class AdminOnDemandConfig(SimpleAdminConfig):
    """``django.contrib.admin`` whose admin modules are imported with the URLconf, not by ``django.setup()``.

    Every app's admin pulls in django-import-export and, through its formats, openpyxl: most of a
    data command's start-up (``summary`` for one day), for screens it never shows. ``ecoreport.urls``
    discovers the admin modules before it mounts the site, and the admin's system check discovers
    them first, so ``manage.py check`` still checks every ModelAdmin.
    """

    def ready(self):
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_every_admin, checks.Tags.admin)


def check_every_admin(app_configs, **kwargs):
    from django.contrib import admin

    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)
