"""The shared cache: Django's Redis backend when REDIS_URL is set, and a Redis
outage costs speed, never a page."""

import time
import uuid

import pytest
from django.test import override_settings

from ops.servers import free_port, production_env, python_settings, redis_for_tests
from rounds.cache import ForgivingRedisCache
from rounds.throttling import seconds_to_wait

from .factories import ProcessFactory

pytestmark = pytest.mark.django_db


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "rounds.cache.ForgivingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


def dead_redis() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


def test_with_redis_down_the_cache_answers_like_an_empty_one_and_fast():
    cache = ForgivingRedisCache(dead_redis(), {})
    started = time.monotonic()

    cache.set("a", 1)
    assert cache.get("a", "miss") == "miss"
    assert cache.add("b", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("b")
    for _ in range(1000):
        cache.get("a")

    assert time.monotonic() - started < 1


def test_with_redis_down_pages_the_api_and_the_throttle_keep_working(client):
    ProcessFactory(slug="syria")

    with override_settings(CACHES=redis_cache(dead_redis()), READER_RATE="1/minute"):
        pages = [client.get("/processes/syria/").status_code for _ in range(3)]
        api = client.get("/api/v1/processes/syria/timeline/").status_code

    assert pages == [200, 200, 200]  # no count known: nobody is refused
    assert api == 200


def test_redis_holds_one_count_for_every_server():
    settings = redis_cache(redis_for_tests())
    first = ForgivingRedisCache(settings["default"]["LOCATION"], settings["default"])
    second = ForgivingRedisCache(settings["default"]["LOCATION"], settings["default"])

    first.set("timeline", ["entry"])
    assert second.get("timeline") == ["entry"]
    with override_settings(CACHES=settings):
        waits = [seconds_to_wait("anon", "198.51.100.1", 2, 60) for _ in range(3)]
    assert waits[:2] == [None, None]
    assert waits[2] > 0


def test_redis_url_switches_the_cache_to_redis():
    backend = python_settings(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        production_env(REDIS_URL="redis://127.0.0.1:6379/5"),
    )

    assert backend == "rounds.cache.ForgivingRedisCache"
