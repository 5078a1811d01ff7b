"""`make bench`: generate the data, serve it three ways, load each, report.

Ours (gunicorn, the project as deployed), the plain-Django ceiling
(benchmarks/ceiling.py) and Datasette run in turn on the same SQLite file, on
127.0.0.1 only; wrk drives them (a small Python client when wrk is missing). For
each scenario: requests/s, p50, p99, SQL queries per request at a small and the
large size, peak worker memory, and our requests/s as a ratio of each reference.
Writes benchmarks/latest.json.

Environment: BENCH_SCALE (1 = 200 processes, 10,000 rounds, 200,000 events),
BENCH_SECONDS per run, BENCH_CONNECTIONS (8), BENCH_PORT (first of three ports)."""

import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import scenarios  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10" if SCALE >= 1 else "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PORT = int(os.environ.get("BENCH_PORT", "8160"))
DATA = ROOT / "benchmarks" / "data"
# PostgreSQL when DATABASE_URL names a server: the data go to databases of their
# own there (bench_<scale x 1000>); SQLite files in DATA otherwise.
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
COLD_REQUESTS = 10
SMALL_SCALE = 0.01


def database(scale: float) -> str:
    """The DATABASE_URL of the data at this scale, generated on first use."""
    if ON_POSTGRES:
        return postgres_database(scale)
    return f"sqlite:///{sqlite_database(scale)}"


def generate(url: str, scale: float) -> None:
    print(f"Generating {url} (scale {scale:g})...", flush=True)
    started = time.monotonic()
    env = {**os.environ, "DATABASE_URL": url, "BENCH_SCALE": str(scale)}
    subprocess.run([PYTHON, "benchmarks/generate.py"], cwd=ROOT, env=env, check=True)
    print(f"  done in {time.monotonic() - started:.0f} s", flush=True)


def sqlite_database(scale: float) -> Path:
    # Datasette names a database after its file: no dots in the name.
    path = DATA / f"bench-{round(scale * 1000)}.sqlite3"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        for leftover in DATA.glob(f"{partial.name}*"):
            leftover.unlink()
        generate(f"sqlite:///{partial}", scale)
        with sqlite3.connect(partial) as db:  # one file, without its write-ahead log
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("PRAGMA journal_mode=DELETE")
        partial.rename(path)
    return path


def postgres_database(scale: float) -> str:
    """A database of its own on the server of DATABASE_URL, bench_<scale x 1000>,
    generated under another name and renamed once complete."""
    import psycopg

    name = f"bench_{round(scale * 1000)}"
    with psycopg.connect(SERVER_URL, autocommit=True) as server:
        found = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if found.fetchone() is None:
            server.execute(f'DROP DATABASE IF EXISTS "{name}_partial"')
            server.execute(f'CREATE DATABASE "{name}_partial"')
            generate(with_database(SERVER_URL, f"{name}_partial"), scale)
            server.execute(f'ALTER DATABASE "{name}_partial" RENAME TO "{name}"')
    return with_database(SERVER_URL, name)


def with_database(url: str, name: str) -> str:
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def probe(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run(
        [PYTHON, "benchmarks/probe.py"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def server_env(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "benchmark-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "API_ANON_RATE": "1000000000/second",
        "LOG_LEVEL": "WARNING",
        "READER_RATE": "1000000000/second",
        "GUNICORN_ACCESS_LOG": "",
    }


def start(name: str, args: list[str], env: dict, port: int) -> subprocess.Popen:
    log = open(DATA / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=log)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{name} did not start: see {log.name}") from None
            time.sleep(0.1)
    raise SystemExit(f"{name} did not answer on port {port}")


def gunicorn(name: str, app: str, url: str, port: int) -> subprocess.Popen:
    args = [str(BIN / "gunicorn"), app, "-b", f"127.0.0.1:{port}", "-w", "2"]
    # No recycling during a run: memory growth would be hidden, caches emptied.
    args += ["--max-requests", "0"]
    # A whole-table CSV streams for longer than the 30-s production timeout here.
    args += ["--timeout", "120"]
    config = ROOT / "tracker" / "gunicorn.conf.py"
    if config.exists():
        args += ["-c", str(config)]
    return start(name, args, server_env(url), port)


def workers(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def rss_mb(pids: list[int]) -> float:
    """The largest resident memory among the processes, in MB."""
    sizes = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes.append(int(match[1]) / 1024)
    return max(sizes, default=0.0)


class PeakMemory:
    """Samples the workers' memory while a run goes on."""

    def __init__(self, server):
        self.server, self.peak, self.running = server, 0.0, True

    def __enter__(self):
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def sample(self):
        while self.running:
            self.peak = max(self.peak, rss_mb(workers(self.server)) if self.server else 0)
            time.sleep(0.05)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS:g}s", "--latency", "--timeout", "20s", url],
        capture_output=True,
        text=True,
    ).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        return round(float(match[1]) * UNITS[match[2]], 2) if match else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": round(float(rps[1]), 1) if rps else 0.0,
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "errors": int(errors[1]) if errors else 0,
    }


def fetch(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            code = response.status
    except urllib.error.HTTPError as error:
        code = error.code
    except (OSError, http.client.HTTPException):  # cut off, e.g. a worker timeout
        code = 599
    return (time.perf_counter() - started) * 1000, code


def python_load(url: str) -> dict:
    """The fallback load generator: CONNECTIONS threads for SECONDS."""
    deadline, times, errors = time.monotonic() + SECONDS, [], []

    def worker():
        while time.monotonic() < deadline:
            took, code = fetch(url)
            (times if code < 400 else errors).append(took)

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        for _ in range(CONNECTIONS):
            pool.submit(worker)
    return summary(times, SECONDS, len(errors))


def summary(times: list[float], elapsed: float, errors: int = 0) -> dict:
    times = sorted(times)
    if not times:
        return {"rps": 0.0, "p50_ms": None, "p99_ms": None, "errors": errors}
    return {
        "rps": round(len(times) / elapsed, 1),
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
        "errors": errors,
    }


def load(url: str) -> dict:
    result = wrk(url) if shutil.which("wrk") else python_load(url)
    drain(url)
    return result


def drain(url: str) -> None:
    """Wait until the requests wrk left in flight are done: otherwise a slow
    scenario's backlog is charged to the next one."""
    base = re.match(r"(http://[^/]+)", url)[1]
    for _ in range(120):
        took, _code = fetch(base + "/robots.txt")
        if took < 500:
            return
        time.sleep(0.5)


def touch_process(url: str, process_id: int) -> None:
    """An edit: one event of the process changes (as a save would stamp it)."""
    first = "(SELECT min(id) FROM rounds_event WHERE process_id = {})"
    if ON_POSTGRES:
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            db.execute(
                f"UPDATE rounds_event SET updated_at = now() WHERE id = {first.format('%s')}",
                (process_id,),
            )
        return
    with sqlite3.connect(sqlite_path(url), timeout=60) as db:
        db.execute(
            "UPDATE rounds_event SET updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now') "
            f"WHERE id = {first.format('?')}",
            (process_id,),
        )


def cold(base: str, url: str, database_url: str, process_id: int) -> dict:
    """Each request right after an edit of the process: the cache cannot help."""
    times = []
    started = time.perf_counter()
    for _ in range(COLD_REQUESTS):
        touch_process(database_url, process_id)
        took, _code = fetch(base + url)
        times.append(took)
    return summary(times, time.perf_counter() - started)


def first_byte(url: str) -> float:
    host, port, rest = re.match(r"http://([^:/]+):(\d+)(.*)", url).groups()
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=120) as sock:
        sock.sendall(f"GET {rest} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        sock.recv(1)
        took = (time.perf_counter() - started) * 1000
        while sock.recv(65536):
            pass
    return round(took, 1)


def ratio(ours: float, reference: dict | None) -> float | None:
    if not reference or not reference.get("rps"):
        return None
    return round(ours / reference["rps"], 2)


def machine() -> dict:
    cpu = "unknown"
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())[1]
    except (OSError, TypeError):
        pass
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(mem[1]) / 1024 / 1024, 1) if mem else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "database": "postgresql" if ON_POSTGRES else "sqlite",
        "scale": SCALE,
        "seconds_per_run": SECONDS,
        "connections": CONNECTIONS,
        "load_generator": "wrk" if shutil.which("wrk") else "python",
    }


def main():
    started = time.monotonic()
    large, small = database(SCALE), database(SMALL_SCALE)
    if not ON_POSTGRES:
        with sqlite3.connect(sqlite_path(large)) as db:  # readers never block the edits
            db.execute("PRAGMA journal_mode=WAL")
    print("Counting queries at both sizes...", flush=True)
    at_small, at_large = probe(small), probe(large)
    facts = at_large["facts"]
    ours_urls = scenarios.ours(facts)
    references = {"ceiling": scenarios.ceiling(facts), "datasette": scenarios.datasette(facts)}
    if ON_POSTGRES:  # Datasette reads SQLite only: no reference there (null ratios)
        references["datasette"] = {}
    bases = {name: f"http://127.0.0.1:{PORT + i}" for i, name in enumerate(("ours", *references))}

    results = {name: {} for name in ("ours", *references)}
    peaks, idle, growth = {}, None, None
    servers = {}
    try:
        servers["ours"] = gunicorn("ours", "tracker.wsgi", large, PORT)
        idle = rss_mb(workers(servers["ours"]))
        for url in [*ours_urls.values(), *ours_urls.values()]:
            fetch(bases["ours"] + url)  # each worker loads what it needs once
        settled = rss_mb(workers(servers["ours"]))
        for name, url in ours_urls.items():
            print(f"  ours {name}", flush=True)
            with PeakMemory(servers["ours"]) as peak:
                if name == "csv_all_rounds":  # one download at a time: minutes under wrk
                    results["ours"]["csv_first_byte_ms"] = first_byte(bases["ours"] + url)
                    took, code = fetch(bases["ours"] + url)
                    results["ours"][name] = summary([took] if code < 400 else [], took / 1000)
                else:
                    results["ours"][name] = load(bases["ours"] + url)
            peaks[name] = round(peak.peak, 1)
        for size, process_id in (("big", facts["big_id"]), ("small", facts["small_id"])):
            name = f"timeline_page_{size}_cold"
            print(f"  ours {name}", flush=True)
            with PeakMemory(servers["ours"]) as peak:
                results["ours"][name] = cold(
                    bases["ours"], f"/processes/{size}/", large, process_id
                )
            peaks[name] = round(peak.peak, 1)
        growth = round(rss_mb(workers(servers["ours"])) - settled, 1)
        stop(servers.pop("ours"))

        servers["ceiling"] = gunicorn("ceiling", "benchmarks.ceiling_wsgi", large, PORT + 1)
        for name, url in references["ceiling"].items():
            print(f"  ceiling {name}", flush=True)
            fetch(bases["ceiling"] + url)
            results["ceiling"][name] = load(bases["ceiling"] + url)
        stop(servers.pop("ceiling"))

        datasette = BIN / "datasette"
        path = sqlite_path(large)
        args = [str(datasette), "serve", str(path), "-h", "127.0.0.1", "-p", str(PORT + 2)]
        args += ["--setting", "sql_time_limit_ms", "20000", "--setting", "default_page_size", "50"]
        if references["datasette"]:
            servers["datasette"] = start("datasette", args, server_env(large), PORT + 2)
        datasette_urls = {
            name: url.replace("/large/", f"/{path.stem}/")
            for name, url in references["datasette"].items()
        }
        for name, url in datasette_urls.items():
            print(f"  datasette {name}", flush=True)
            fetch(bases["datasette"] + url)
            results["datasette"][name] = load(bases["datasette"] + url)
    finally:
        for server in servers.values():
            stop(server)

    names = [*ours_urls, "timeline_page_big_cold", "timeline_page_small_cold"]
    rows = []
    for name in names:
        ours = results["ours"][name]
        query_name = name.replace("_cold", "_warm")
        rows.append(
            {
                "name": name,
                "rps": ours["rps"],
                "p50_ms": ours["p50_ms"],
                "p99_ms": ours["p99_ms"],
                "errors": ours["errors"],
                "queries_small": at_small["queries"].get(query_name),
                "queries_large": at_large["queries"].get(query_name),
                "peak_rss_mb": peaks.get(name),
                "vs_ceiling": ratio(ours["rps"], results["ceiling"].get(name)),
                "vs_datasette": ratio(ours["rps"], results["datasette"].get(name)),
                "ceiling": results["ceiling"].get(name),
                "datasette": results["datasette"].get(name),
            }
        )
    report = {
        "machine": machine(),
        "scenarios": rows,
        "memory": {
            "idle_worker_rss_mb": round(idle or 0, 1),
            "worker_rss_growth_mb": growth,
            "csv_first_byte_ms": results["ours"].get("csv_first_byte_ms"),
        },
        "elapsed_s": round(time.monotonic() - started),
    }
    (ROOT / "benchmarks" / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def print_table(report: dict) -> None:
    print()
    header = (
        f"{'scenario':28} {'rps':>8} {'p50 ms':>8} {'p99 ms':>8} {'q small':>7} {'q large':>7} "
        f"{'rss MB':>7} {'x ceil':>7} {'x dsette':>8} {'ceil rps':>8} {'ds rps':>8}"
    )
    print(header)
    print("-" * len(header))

    def show(value, width):
        return f"{'-' if value is None else value:>{width}}"

    for row in report["scenarios"]:
        print(
            f"{row['name']:28} {show(row['rps'], 8)} {show(row['p50_ms'], 8)} "
            f"{show(row['p99_ms'], 8)} {show(row['queries_small'], 7)} "
            f"{show(row['queries_large'], 7)} {show(row['peak_rss_mb'], 7)} "
            f"{show(row['vs_ceiling'], 7)} {show(row['vs_datasette'], 8)} "
            f"{show((row['ceiling'] or {}).get('rps'), 8)} "
            f"{show((row['datasette'] or {}).get('rps'), 8)}"
        )
    memory = report["memory"]
    print(
        f"\nWorker memory: idle {memory['idle_worker_rss_mb']} MB, growth over the run "
        f"{memory['worker_rss_growth_mb']} MB; CSV first byte {memory['csv_first_byte_ms']} ms."
    )
    print(f"Machine: {report['machine']}")
    print(f"Took {report['elapsed_s']} s. Written: benchmarks/latest.json")


if __name__ == "__main__":
    main()
