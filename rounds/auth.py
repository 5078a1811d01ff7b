"""Who is asking: the client address that the throttles (rounds/throttling.py) and
django-axes's login lockout count requests against.

Behind TRUSTED_PROXY_COUNT reverse proxies, each of which appends the address it
received the request from to X-Forwarded-For, the client is the hop the outermost
trusted proxy wrote: counted from the right, since the client may write anything
at the left end. README "Production" shows the setting for common deployments."""

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)
_warned_short_header = False


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost
    of them saw. A header with fewer hops than proxies (the proxy does not set it, or
    the request went around it) falls back to the peer's own address."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies and valid_ip(hops[-proxies]):
            return hops[-proxies]
        warn_short_header(proxies, forwarded)
    remote = request.META.get("REMOTE_ADDR")
    return remote if valid_ip(remote) else None


def client_key(request: HttpRequest) -> str:
    """The throttles' bucket: the IPv4 address, or the IPv6 /64 network (one
    subscriber's usual allocation, which a client could otherwise walk through)."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def valid_ip(value: str | None) -> bool:
    try:
        ipaddress.ip_address(value or "")
    except ValueError:
        return False
    return True


def warn_short_header(proxies: int, forwarded: str) -> None:
    """Once per process: every client may be sharing the proxy's bucket."""
    global _warned_short_header
    if not _warned_short_header:
        _warned_short_header = True
        logger.warning(
            "TRUSTED_PROXY_COUNT=%s but X-Forwarded-For is %r: does the proxy set it?",
            proxies,
            forwarded,
        )
