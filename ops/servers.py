"""Real servers for the operations tests and the load test: gunicorn with the
repository's config, PostgreSQL databases made and dropped for one run, and the
production environment (DEBUG off). Loopback only."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production server on loopback (no TLS in front)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DEBUG="0",
        SECRET_KEY="operations-test-only-" + "x" * 40,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def postgres_database(server_url: str, name: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`, dropped afterwards."""
    import psycopg

    admin = with_database(server_url, "postgres")
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare_site(env: dict[str, str], demo: bool = True) -> None:
    """Migrate, load the demo data and collect static files (DEBUG off serves
    them from the manifest)."""
    manage(env, "migrate", "--noinput", "-v0")
    if demo:
        manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v0")


def editor_token(env: dict[str, str], username: str = "ops-editor") -> str:
    """An API token for a member of the Editors group."""
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User\n"
        f"u, _ = User.objects.get_or_create(username={username!r}, is_staff=True)\n"
        "u.groups.add(Group.objects.get(name='Editors'))",
    )
    return manage(env, "drf_create_token", username).split()[2]


class Gunicorn:
    """gunicorn -c tracker/gunicorn.conf.py on a loopback port."""

    def __init__(self, env: dict[str, str], port: int | None = None, workers: int = 2):
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log_path = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                "tracker/gunicorn.conf.py",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "tracker.wsgi",
            ],
            cwd=ROOT,
            env={**env, "GUNICORN_ACCESS_LOG": ""},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> "Gunicorn":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_text()}")
            try:
                urllib.request.urlopen(f"{self.url}/robots.txt", timeout=2)
                return self
            except urllib.error.HTTPError:
                return self  # it answers, whatever it says
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on {self.url} within {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        self.log_path.unlink(missing_ok=True)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def __enter__(self) -> "Gunicorn":
        return self.wait_ready()

    def __exit__(self, *exc) -> None:
        self.stop()


def service_or_fail(name: str, url: str, reachable: bool):
    """Skip a test when a server it needs is missing; fail under CI=true."""
    import pytest

    if reachable:
        return url
    message = f"{name} is not reachable at {url}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI must provide it)")
    pytest.skip(message)


def redis_for_tests() -> str:
    """TEST_REDIS_URL (default DB 5 on the local server), if it answers."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        reachable = True
    except redis.RedisError:
        reachable = False
    return service_or_fail("Redis", url, reachable)


def postgres_for_tests() -> str:
    """A PostgreSQL server URL: DATABASE_URL when it is one, else TEST_POSTGRES_URL
    (default the local server), if it answers."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        psycopg.connect(with_database(url, "postgres"), connect_timeout=2).close()
        reachable = True
    except psycopg.Error:
        reachable = False
    return service_or_fail("PostgreSQL", url, reachable)


def python_settings(code: str, env: dict[str, str]) -> str:
    """Run `code` after django.setup() with the production settings; its output."""
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip()
