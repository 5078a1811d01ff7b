"""`make loadtest`: a bounded load on loopback, and a check that no acknowledged
write was lost.

It starts its own PostgreSQL cluster, Redis server and gunicorn (tracker/
gunicorn.conf.py, DEBUG off, behind one pretend proxy: TRUSTED_PROXY_COUNT=1 and
a client address per reader), loads the demo data, then for LOADTEST_SECONDS
(default 60) runs 50 readers across pages, feeds and the API and 4 editors writing
through the API (PATCH with If-Match, POST with an Idempotency-Key, retried with
the same key after a failure). It prints throughput, p50/p99 per endpoint and the
errors, then checks in the database that every write the server acknowledged is
there, once. Everything it started is stopped at the end.

LOADTEST_OUTAGE=postgres restarts PostgreSQL halfway through; LOADTEST_OUTAGE=redis
stops Redis from a third to two thirds of the run. During an outage 503 (with
Retry-After) is the expected answer; a 500, a lost or duplicated write, or a
request hanging past its 10-second timeout fails the run (exit status 1).

The throttles are set out of reach: this measures capacity, tests/ test them."""

import http.client
import json
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .servers import HOST, Gunicorn, editor_token, manage, prepare_site, production_env
from .services import PrivatePostgres, PrivateRedis

READERS = 50
EDITORS = 4
TIMEOUT = 10.0


@dataclass
class Stats:
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, endpoint: str, status: int | str, seconds: float) -> None:
        with self.lock:
            if isinstance(status, int) and status < 400:
                self.latencies[endpoint].append(seconds)
            else:
                self.errors[(endpoint, status)] += 1


class Client:
    def __init__(self, port: int, stats: Stats, forwarded_for: str, token: str = ""):
        self.port, self.stats = port, stats
        self.headers = {"X-Forwarded-For": forwarded_for, "Accept-Language": "en"}
        if token:
            self.headers["Authorization"] = f"Token {token}"

    def call(self, endpoint: str, method: str, path: str, body=None, **headers):
        """(status, headers, parsed body or None); status is the exception's name
        when there was no answer."""
        payload = None if body is None else json.dumps(body).encode()
        all_headers = {**self.headers, **headers}
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        started = time.monotonic()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=payload, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
            status, answer_headers = response.status, response
        except (OSError, http.client.HTTPException) as error:
            self.stats.record(endpoint, type(error).__name__, time.monotonic() - started)
            return type(error).__name__, None, None
        finally:
            connection.close()
        self.stats.record(endpoint, status, time.monotonic() - started)
        parsed = None
        if answer_headers.getheader("Content-Type", "").startswith("application/json"):
            parsed = json.loads(data)
        return status, answer_headers, parsed


def discover(port: int) -> dict:
    """Slugs and ids of the demo data, read through the API."""
    client = Client(port, Stats(), "192.0.2.1")

    def ids(resource: str, key: str = "id") -> list:
        _status, _headers, page = client.call("setup", "GET", f"/api/v1/{resource}/?page_size=200")
        return [row[key] for row in page["results"]]

    return {
        "slug": ids("processes", "slug"),
        "round": ids("rounds"),
        "person": ids("people"),
    }


def reader_paths(found: dict) -> list[tuple[str, str, int]]:
    """(endpoint, path template, weight): what readers ask for, and how often."""
    return [
        ("page home", "/", 3),
        ("page process", "/processes/{slug}/", 6),
        ("page process ar", "/ar/processes/{slug}/", 3),
        ("page agenda", "/processes/{slug}/agenda/", 2),
        ("page round", "/rounds/{round}/", 6),
        ("page person", "/people/{person}/", 2),
        ("page search", "/search/?q=Geneva", 1),
        ("feed atom", "/processes/{slug}/feed/", 2),
        ("feed corrections", "/processes/{slug}/corrections/feed/", 1),
        ("feed calendar", "/processes/{slug}/rounds.ics", 1),
        ("api rounds", "/api/v1/rounds/", 3),
        ("api round", "/api/v1/rounds/{round}/", 3),
        ("api events", "/api/v1/events/", 2),
        ("api timeline", "/api/v1/processes/{slug}/timeline/", 3),
        ("api rounds csv", "/api/v1/rounds/?format=csv", 1),
    ]


def reader(port: int, number: int, found: dict, stats: Stats, deadline: float) -> None:
    client = Client(port, stats, f"198.51.100.{number + 1}")
    paths = reader_paths(found)
    weights = [weight for _name, _path, weight in paths]
    rng = random.Random(number)
    while time.monotonic() < deadline:
        endpoint, template, _weight = rng.choices(paths, weights)[0]
        path = template.format(**{key: rng.choice(values) for key, values in found.items()})
        client.call(endpoint, "GET", path)


@dataclass
class Acknowledged:
    patches: list = field(default_factory=list)  # (round id, summary)
    creates: list = field(default_factory=list)  # (event id, title)
    lock: threading.Lock = field(default_factory=threading.Lock)


def editor(
    port: int,
    number: int,
    token: str,
    rounds: list,
    slug: str,
    stats: Stats,
    acked: Acknowledged,
    deadline: float,
) -> None:
    """Edits its own rounds (no two editors race for one) and adds draft events."""
    client = Client(port, stats, f"203.0.113.{number + 1}", token)
    step = 0
    while time.monotonic() < deadline:
        step += 1
        marker = f"loadtest {number}-{step} {uuid.uuid4().hex[:8]}"
        if step % 2:
            round_id = rounds[step % len(rounds)]
            status, headers, _body = client.call("edit read", "GET", f"/api/v1/rounds/{round_id}/")
            if status != 200:
                time.sleep(0.2)
                continue
            status, _headers, _body = client.call(
                "edit PATCH round",
                "PATCH",
                f"/api/v1/rounds/{round_id}/",
                {"summary": marker},
                **{"If-Match": headers.getheader("ETag")},
            )
            if status == 200:
                with acked.lock:
                    acked.patches.append((round_id, marker))
        else:
            create_event(client, slug, marker, acked, deadline)


def create_event(client: Client, slug: str, marker: str, acked: Acknowledged, deadline: float):
    """POST, retried with the same Idempotency-Key until it is answered (a client
    that lost the answer cannot tell whether the event was stored)."""
    body = {
        "process": slug,
        "kind": "other",
        "title": marker,
        "date": "2017-07-10",
        "publication": "draft",
    }
    key = str(uuid.uuid4())
    while time.monotonic() < deadline + 5:
        status, _headers, answer = client.call(
            "edit POST event", "POST", "/api/v1/events/", body, **{"Idempotency-Key": key}
        )
        if status in (200, 201):
            with acked.lock:
                acked.creates.append((answer["id"], marker))
            return
        if isinstance(status, int) and status < 500:
            return  # refused: nothing stored
        time.sleep(0.5)


VERIFY = """
import json, sys
from django.db.models import Count
from rounds.models import Event, Round
acked = json.load(sys.stdin)
missing = [
    p for p in acked["patches"]
    if not Round.history.filter(summary_en=p[1], id=p[0]).exists()
] + [
    c for c in acked["creates"]
    if not Event.objects.filter(title_en=c[1], pk=c[0]).exists()
]
duplicates = list(
    Event.objects.filter(title_en__startswith="loadtest ").values("title_en")
    .annotate(n=Count("id")).filter(n__gt=1).values_list("title_en", flat=True)
)
print(json.dumps({"missing": missing, "duplicates": duplicates,
                  "events": Event.objects.filter(title_en__startswith="loadtest ").count()}))
"""


def verify(env: dict, acked: Acknowledged) -> dict:
    import subprocess

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", VERIFY],
        input=json.dumps({"patches": acked.patches, "creates": acked.creates}),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"checking the writes failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def outage(kind: str, seconds: int, pg: PrivatePostgres, redis: PrivateRedis, log: list):
    started = time.monotonic()

    def at(fraction: float) -> None:
        time.sleep(max(0.0, started + seconds * fraction - time.monotonic()))

    if kind == "postgres":
        at(0.5)
        log.append((time.monotonic() - started, "PostgreSQL restart begins"))
        pg.restart()
        log.append((time.monotonic() - started, "PostgreSQL is back"))
    elif kind == "redis":
        at(1 / 3)
        redis.stop()
        log.append((time.monotonic() - started, "Redis stopped"))
        at(2 / 3)
        redis.start()
        log.append((time.monotonic() - started, "Redis started again"))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def report(stats: Stats, seconds: float, acked: Acknowledged, checked: dict, log: list) -> list:
    total = sum(len(v) for v in stats.latencies.values()) + sum(stats.errors.values())
    print(f"\n{total} requests in {seconds:.0f} s: {total / seconds:.0f} requests/s")
    print(f"{'endpoint':<20} {'ok':>7} {'p50 ms':>8} {'p99 ms':>8}  errors")
    for endpoint in sorted(set(stats.latencies) | {e for e, _s in stats.errors}):
        times = stats.latencies.get(endpoint, [])
        errors = {s: n for (e, s), n in stats.errors.items() if e == endpoint}
        p50 = f"{percentile(times, 0.5):8.0f}" if times else f"{'-':>8}"
        p99 = f"{percentile(times, 0.99):8.0f}" if times else f"{'-':>8}"
        print(f"{endpoint:<20} {len(times):>7} {p50} {p99}  {errors or ''}")
    for at, what in log:
        print(f"at {at:5.1f} s: {what}")
    print(
        f"acknowledged writes: {len(acked.patches)} round edits, {len(acked.creates)} new "
        f"events; missing from the database: {len(checked['missing'])}; events stored "
        f"twice: {len(checked['duplicates'])}; events stored: {checked['events']}"
    )
    problems = []
    if checked["missing"]:
        problems.append(f"acknowledged writes missing: {checked['missing'][:5]}")
    if checked["duplicates"]:
        problems.append(f"events stored twice: {checked['duplicates'][:5]}")
    for (endpoint, status), n in stats.errors.items():
        if status == 500 or status == "TimeoutError" or status == "timeout":
            problems.append(f"{n} x {status} on {endpoint}")
        if status == 503 and not log:
            problems.append(f"{n} x 503 on {endpoint} without an outage")
    if not acked.patches or not acked.creates:
        problems.append("no write was acknowledged")
    return problems


def main() -> int:
    seconds = int(os.environ.get("LOADTEST_SECONDS", "60"))
    kind = os.environ.get("LOADTEST_OUTAGE", "")
    if kind not in ("", "postgres", "redis"):
        print("LOADTEST_OUTAGE is postgres, redis or empty", file=sys.stderr)
        return 2
    print(f"load test: {seconds} s, {READERS} readers, {EDITORS} editors, outage: {kind or 'none'}")
    pg = PrivatePostgres().start()
    redis = PrivateRedis().start()
    server = None
    try:
        env = production_env(
            DATABASE_URL=pg.url.rsplit("/", 1)[0] + "/tracker",
            REDIS_URL=redis.url,
            TRUSTED_PROXY_COUNT="1",
            API_ANON_RATE="1000000/minute",
            READER_RATE="1000000/minute",
        )
        manage(
            {**env, "DATABASE_URL": pg.url},
            "shell",
            "-c",
            "from django.db import connection\n"
            "connection.cursor().execute('CREATE DATABASE tracker')",
        )
        prepare_site(env)
        token = editor_token(env)
        server = Gunicorn(env).wait_ready()
        found = discover(server.port)
        stats, acked, log = Stats(), Acknowledged(), []
        started = time.monotonic()
        deadline = started + seconds
        threads = [
            threading.Thread(target=reader, args=(server.port, n, found, stats, deadline))
            for n in range(READERS)
        ] + [
            threading.Thread(
                target=editor,
                args=(
                    server.port,
                    n,
                    token,
                    found["round"][n::EDITORS],
                    found["slug"][0],
                    stats,
                    acked,
                    deadline,
                ),
            )
            for n in range(EDITORS)
        ]
        if kind:
            threads.append(threading.Thread(target=outage, args=(kind, seconds, pg, redis, log)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 60)
        elapsed = time.monotonic() - started
        checked = verify(env, acked)
        problems = report(stats, elapsed, acked, checked, log)
    finally:
        if server:
            server.stop()
        redis.stop()
        pg.stop()
    for problem in problems:
        print(f"FAILED: {problem}")
    print("load test passed" if not problems else "load test FAILED")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
