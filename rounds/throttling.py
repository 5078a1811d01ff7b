"""Fair throttling, shared by every app server through the default cache (Redis
when REDIS_URL is set).

One fixed-window counter serves the API's anonymous throttle and the reader pages'
middleware: `cache.add` starts a window's count and `cache.incr` moves it on, both
atomic in Redis, so concurrent requests on several servers are all counted (DRF's
own throttle reads a list of timestamps and writes it back, losing counts under
concurrency). Clients are told by rounds.auth.client_key (trusted proxy hops).
When the cache is unreachable the counter is unknown and requests go through."""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from rest_framework.throttling import AnonRateThrottle

from .auth import client_key

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/minute" -> (600, 60); settings.env_rate has checked the form."""
    count, period = rate.split("/")
    return int(count), PERIODS[period]


def seconds_to_wait(scope: str, client: str, limit: int, period: int) -> int | None:
    """Count one request of `client` in `scope`; the seconds until its window
    ends if that was more than `limit` in the window, else None."""
    now = time.time()
    window = int(now // period)
    key = f"throttle:{scope}:{client}:{window}"
    if cache.add(key, 1, period + 1):
        return None
    try:
        count = cache.incr(key)
    except ValueError:  # expired meanwhile, or the cache is down: let it through
        return None
    if count <= limit:
        return None
    return max(1, math.ceil((window + 1) * period - now))


class AnonThrottle(AnonRateThrottle):
    """DRF's anonymous throttle (its rates and Retry-After), counted by
    seconds_to_wait() per client_key()."""

    def allow_request(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        limit, period = self.parse_rate(self.get_rate())
        self.wait_seconds = seconds_to_wait(self.scope, client_key(request), limit, period)
        return self.wait_seconds is None

    def wait(self):
        return self.wait_seconds


class ReaderThrottleMiddleware:
    """Reader pages and feeds: READER_RATE requests per client, then a plain 429
    page with Retry-After. The API has its own throttle, the admin its login
    lockout; static files are served before this runs."""

    skipped = ("/api/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path_info.startswith(self.skipped):
            limit, period = parse_rate(settings.READER_RATE)
            wait = seconds_to_wait("reader", client_key(request), limit, period)
            if wait is not None:
                return too_many_requests(request, wait)
        return self.get_response(request)


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    """A page without database access, in the path's language."""
    language = translation.get_language_from_path(request.path_info) or "en"
    with translation.override(language):
        body = render_to_string("429.html", {"retry_after": wait})
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response
