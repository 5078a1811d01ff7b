"""gunicorn settings for production: `gunicorn -c tracker/gunicorn.conf.py tracker.wsgi`.

Each value can be changed from the environment (GUNICORN_BIND, WEB_CONCURRENCY,
GUNICORN_TIMEOUT) or on the command line, which wins over this file."""

import multiprocessing
import os

# Behind nginx on the same host; a unix socket works too ("unix:/run/tracker.sock").
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: each request holds one worker, so the count is the concurrency.
# Two per core plus one is gunicorn's advice; throttle counts and cached timelines
# are per worker unless REDIS_URL is set, so set it when running more than one.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))

# A worker stuck longer than this is killed and replaced (the database's own
# connect timeout is 2 s, so an outage never gets here).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30

# Recycle workers now and then, staggered, so a slow leak cannot grow forever.
max_requests = 2000
max_requests_jitter = 200

# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Access log to stdout; GUNICORN_ACCESS_LOG="" turns it off (e.g. under load tests).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"

# gunicorn 27's control socket defaults to one path per user: two servers on one
# host would fight over it, and nothing here uses it.
control_socket_disable = True


def post_worker_init(worker):
    """Once the worker has loaded the app, move everything loaded so far (Django,
    the app's modules, settings) out of the garbage collector's sight: collections
    during requests then scan only what requests create."""
    import gc

    gc.collect()
    gc.freeze()
