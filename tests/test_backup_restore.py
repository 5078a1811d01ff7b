"""Backup and restore as README "Production" tells them, on PostgreSQL: a pg_dump
restored into an empty database, and a dataset export imported into an empty
migrated one, both give back the same records (compared through export_dataset).

Needs PostgreSQL and its client tools (skipped without, failed under CI=true); run
by `make test-ops` and .ci/run."""

import os
import shutil
import subprocess

import pytest

from ops.servers import manage, postgres_database, postgres_for_tests, production_env

pytestmark = pytest.mark.ops


def database_env(url: str) -> dict[str, str]:
    return production_env(DATABASE_URL=url)


def export(url: str, path) -> bytes:
    manage(database_env(url), "export_dataset", str(path))
    return path.read_bytes()


@pytest.fixture(scope="module")
def server():
    url = postgres_for_tests()
    for tool in ("pg_dump", "pg_restore"):
        if not shutil.which(tool):
            message = f"{tool} is not installed"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
    return url


@pytest.fixture(scope="module")
def original(server):
    """The demo data with some editing history, on its own database."""
    name = f"{os.environ.get('TEST_DB_NAME', 'test')}_backup_source"
    with postgres_database(server, name) as url:
        env = database_env(url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo")
        manage(
            env,
            "shell",
            "-c",
            "from rounds.models import Round\n"
            "r = Round.objects.order_by('pk').first(); r.summary = 'Edited before the backup'\n"
            "r.save()",
        )
        yield url


def test_a_pg_dump_restored_into_an_empty_database_holds_the_same_records(
    server, original, tmp_path
):
    dump = tmp_path / "tracker.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), original], check=True, timeout=300)
    name = f"{os.environ.get('TEST_DB_NAME', 'test')}_backup_restored"

    with postgres_database(server, name) as restored:
        subprocess.run(
            ["pg_restore", "--no-owner", "-d", restored, str(dump)], check=True, timeout=300
        )
        after = export(restored, tmp_path / "after.json")

    before = export(original, tmp_path / "before.json")
    assert after == before
    assert b"Edited before the backup" in after


def test_a_dataset_export_imported_into_an_empty_database_holds_the_same_records(
    server, original, tmp_path
):
    before = export(original, tmp_path / "before.json")
    name = f"{os.environ.get('TEST_DB_NAME', 'test')}_backup_imported"

    with postgres_database(server, name) as imported:
        manage(database_env(imported), "migrate", "--noinput", "-v0")
        manage(database_env(imported), "import_dataset", str(tmp_path / "before.json"))
        after = export(imported, tmp_path / "after.json")

    assert after == before
