import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoreport.settings")
application = get_wsgi_application()
# A server loads its URLconf, and with it every admin (ecoreport.apps.AdminOnDemandConfig) and page
# module, when a worker starts rather than on the worker's first request.
get_resolver().url_patterns  # noqa: B018
