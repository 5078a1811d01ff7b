"""The admin import's uploaded file waits for confirmation in the database, found by
an unguessable key and its editor: any app server can confirm it, nobody else can,
and no server's temp folder is read."""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from rounds.models import ImportPreview, Round

from .test_imports import CSV_FORMAT, confirm, csv_file, round_row, upload

pytestmark = pytest.mark.django_db

CONFIRM = reverse("admin:rounds_round_process_import")


@pytest.fixture
def geneva():
    from .factories import ProcessFactory

    return ProcessFactory(slug="geneva")


@pytest.fixture
def logged_in(client, editor):
    client.force_login(editor)
    return client


def test_the_preview_is_stored_in_the_database_under_an_unguessable_key(logged_in, editor, geneva):
    preview = upload(logged_in, csv_file([round_row()]))

    key = preview.context["confirm_form"].initial["import_file_name"]
    stored = ImportPreview.objects.get()
    assert (stored.key, stored.user) == (key, editor)
    assert len(key) >= 40
    assert not (Path(tempfile.gettempdir()) / key).exists()


def test_confirming_imports_the_file_and_removes_it(logged_in, geneva):
    preview = upload(logged_in, csv_file([round_row()]))

    response = confirm(logged_in, preview)

    assert response.status_code == 302
    assert Round.objects.count() == 1
    assert not ImportPreview.objects.exists()


def test_another_editor_cannot_confirm_someone_elses_preview(
    logged_in, client, django_user_model, editors_group, geneva
):
    preview = upload(logged_in, csv_file([round_row()]))
    colleague = django_user_model.objects.create_user("colleague", is_staff=True)
    colleague.groups.add(editors_group)
    client.force_login(colleague)

    response = confirm(client, preview)

    # Refused like any confirmation of a file this editor was not shown (test_no_500s).
    assert response.status_code == 400
    assert "not one you previewed" in response.content.decode()
    assert not Round.objects.exists()
    assert ImportPreview.objects.count() == 1


def test_a_tampered_file_name_reads_no_file_from_the_server(logged_in, geneva):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as planted:
        planted.write("anything")
    try:
        response = logged_in.post(
            CONFIRM,
            {
                "import_file_name": Path(planted.name).name,
                "original_file_name": "r.csv",
                "format": CSV_FORMAT,
            },
        )
        assert response.status_code == 400
        assert "not one you previewed" in response.content.decode()
        assert Path(planted.name).exists()
    finally:
        Path(planted.name).unlink()


def test_previews_left_unconfirmed_for_a_day_are_cleared_at_the_next_upload(
    logged_in, editor, geneva
):
    old = ImportPreview.objects.create(user=editor, data=b"x")
    ImportPreview.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )

    upload(logged_in, csv_file([round_row()]))

    assert list(ImportPreview.objects.values_list("pk", flat=True)) != [old.pk]
    assert not ImportPreview.objects.filter(pk=old.pk).exists()
