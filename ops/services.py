"""Throwaway PostgreSQL and Redis servers of the load test's own, on loopback ports,
so that restarting or stopping them mid-run disturbs nobody else's servers."""

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .servers import HOST, free_port


def postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found or not found[-1]:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return found[-1]


class PrivatePostgres:
    """initdb in a temp folder, then pg_ctl start/restart/stop. As root, the server
    runs as the postgres user (PostgreSQL refuses root)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="loadtest-pg-"))
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@{HOST}:{self.port}/postgres"
        as_postgres = os.geteuid() == 0
        self.prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
        if as_postgres:
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.prefix, postgres_bin(tool), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses={HOST}"
        self.run(
            "pg_ctl",
            action,
            "-D",
            str(self.data),
            "-m",
            "fast",
            "-w",
            "-o",
            options,
            "-l",
            str(self.dir / "server.log"),
        )

    def start(self) -> "PrivatePostgres":
        self.ctl("start")
        return self

    def restart(self) -> None:
        self.ctl("restart")

    def stop(self) -> None:
        try:
            self.ctl("stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """redis-server on its own port, keeping nothing on disk."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
                return self
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
