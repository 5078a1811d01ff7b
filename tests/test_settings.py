"""Settings come from the environment, fail loudly on bad values, and are
production-safe when DEBUG is off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k" * 20 + "-a-long-random-production-key-" + "z" * 20


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="tracker.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="tracker.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="tracker.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("entry_point", ["tracker.wsgi", "tracker.asgi"])
def test_the_server_refuses_to_start_without_a_secret_key(entry_point):
    result = python(f"import {entry_point}")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize("entry_point", ["tracker.wsgi", "tracker.asgi"])
def test_the_server_starts_with_a_secret_key(entry_point):
    result = python(f"import {entry_point}", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr


def test_check_deploy_fails_without_a_secret_key():
    result = manage("check", "--deploy", "--fail-level", "WARNING", ALLOWED_HOSTS="a.org")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_commands_that_sign_nothing_run_without_configuration():
    # e.g. the migrations check in CI and in the developers' before-stop hook
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_a_malformed_boolean_fails_loudly():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_debug_mode_runs_without_any_configuration():
    result = manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr
