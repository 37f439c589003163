"""A request whose address holds a NUL character is refused with the 400 page before any view reads it.

No page, filter or code in this application contains NUL, and PostgreSQL refuses it in any string
("A string literal cannot contain NUL"), so a ``%00`` in a path or a query parameter reached the
database as a 500. Django's forms refuse it in posted fields themselves; this covers the address.
"""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation


class NulCharacter(SuspiciousOperation):
    """Answered with the 400 page (templates/400.html) and logged under django.security."""


def refuse_nul_characters(get_response):
    def middleware(request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise NulCharacter("NUL character in the request address")
        return get_response(request)

    return middleware
