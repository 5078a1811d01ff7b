"""CORS for readers' clients: a newsroom's page may read our public data (the API's
GETs, TimelineJS JSON, feeds, calendars, oEmbed) from its own origin.

django-cors-headers does the protocol (preflights, Vary: Origin, the headers);
its settings (tracker/settings.py) limit it to the read-only addresses
(CORS_URLS_REGEX) and to GET/HEAD/OPTIONS, with `*` and no credentials. This
subclass adds what the settings cannot say: a request that carries a session
cookie or an Authorization header, or any other method, gets no CORS header at
all, so a signed-in editor's data or a write is never readable by another site."""

from corsheaders.middleware import CorsMiddleware
from django.conf import settings
from django.http import HttpRequest

READ_METHODS = {"GET", "HEAD"}


def anonymous_read(request: HttpRequest) -> bool:
    """A GET or HEAD (or the preflight of one) with no credentials attached."""
    method = request.method
    if method == "OPTIONS":
        method = request.headers.get("Access-Control-Request-Method", "GET").upper()
    if method not in READ_METHODS:
        return False
    if "Authorization" in request.headers:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class ReaderCorsMiddleware(CorsMiddleware):
    def is_enabled(self, request: HttpRequest) -> bool:
        return super().is_enabled(request) and anonymous_read(request)
