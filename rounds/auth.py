"""Who is knocking at the admin's door: the client address that django-axes
counts failed logins against."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind LOGIN_PROXY_COUNT trusted proxies the address the
    outermost of them saw (X-Forwarded-For, counted from the right, since a
    client may write anything at its left end)."""
    proxies = settings.LOGIN_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
