"""Health probe and the error pages of a running deployment.

- ``/healthz`` asks the database for ``SELECT 1``: 200 "ok", or 503 when it cannot answer, for
  systemd, nginx or a load balancer to act on.
- ``server_error`` is the ``handler500``: an uncaught database OperationalError/InterfaceError
  (database down, connection lost) gives the 503 page "服务暂时不可用", anything else the 500 page.
  Both templates are plain HTML without template tags, so showing them cannot fail in turn.
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

_FALLBACK = {
    500: "<!doctype html><title>服务器错误</title><h1>服务器错误 (500)</h1>",
    503: "<!doctype html><title>服务暂时不可用</title><h1>服务暂时不可用 (503)</h1>",
}


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True for a database OperationalError/InterfaceError, also when it caused ``exc``.

    Django's own classes, and the driver's (sqlite3, psycopg2) for code that used the driver directly.
    """
    driver = connection.Database
    kinds = (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError)
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, kinds):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _page(status: int) -> str:
    try:
        return loader.get_template(f"{status}.html").render()
    except Exception:  # the error page must not fail: plain text rather than nothing
        logger.exception("Could not render %s.html", status)
        return _FALLBACK[status]


def server_error(request, *args, **kwargs):
    """handler500: 503 with Retry-After when the database is unavailable, else the 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(_page(503), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(_page(500))
