"""Django's own Redis cache backend, made to forgive an outage.

Django 5.2's `RedisCache` lets `redis.ConnectionError` escape from every call, so a
stopped Redis would turn every page into a 500. Here each call that fails answers
as an empty cache would (a miss, a write that did not stick, an unknown counter),
and for `OUTAGE_PAUSE` seconds after a failure this process does not even try, so
an unreachable Redis costs one short timeout per pause, not one per call. The site
keeps serving, slower: timelines are rebuilt, throttles let requests through."""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

OUTAGE_PAUSE = 5.0  # seconds without trying Redis after a failed call


class ForgivingRedisCache(RedisCache):
    _down_until = 0.0  # when to try Redis again (each thread has its own instance)

    def _attempt(self, method: str, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            if not self._down_until:
                logger.warning("Redis unavailable, serving without the cache: %s", error)
            self._down_until = time.monotonic() + OUTAGE_PAUSE
            return fallback()
        if self._down_until:
            logger.warning("Redis is back")
            self._down_until = 0.0
        return result

    def add(self, key, *args, **kwargs):
        return self._attempt("add", lambda: False, key, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._attempt("get", lambda: default, key, default, version)

    def set(self, key, *args, **kwargs):
        return self._attempt("set", lambda: None, key, *args, **kwargs)

    def touch(self, key, *args, **kwargs):
        return self._attempt("touch", lambda: False, key, *args, **kwargs)

    def delete(self, key, *args, **kwargs):
        return self._attempt("delete", lambda: False, key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        return self._attempt("get_many", dict, keys, *args, **kwargs)

    def has_key(self, key, *args, **kwargs):
        return self._attempt("has_key", lambda: False, key, *args, **kwargs)

    def incr(self, key, delta=1, version=None):
        return self._attempt("incr", lambda: _missing(key), key, delta, version)

    def set_many(self, data, *args, **kwargs):
        return self._attempt("set_many", lambda: list(data), data, *args, **kwargs)

    def delete_many(self, keys, *args, **kwargs):
        return self._attempt("delete_many", lambda: None, keys, *args, **kwargs)

    def clear(self):
        return self._attempt("clear", lambda: False)


def _missing(key):
    """What incr() does on an empty cache: the key is not there."""
    raise ValueError(f"Key '{key}' not found (Redis unavailable)")
