"""Honest outages: while the database is unreachable every request gets a 503 with
Retry-After (JSON under /api/, a plain page elsewhere) instead of a 500.

Django turns an exception raised anywhere in a request (view, middleware, DRF,
which re-raises what it does not handle) into a call of the 500 handler, so that
is the one place to look at it. Connections fail fast (DATABASES' connect_timeout)
and a broken one is dropped at the end of the request and health-checked before
reuse (conn_health_checks), so the site recovers by itself when the database is
back."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 5


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a 503 for a lost database, Django's plain 500 otherwise."""
    _type, error, _traceback = sys.exc_info()
    if isinstance(error, OperationalError | InterfaceError):
        return service_unavailable(request)
    return django_server_error(request, template_name)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The database is unavailable; please retry shortly."}, status=503
        )
    else:
        language = translation.get_language_from_path(request.path_info) or "en"
        with translation.override(language):
            body = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
