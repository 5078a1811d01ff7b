"""Where an uploaded import file waits between the preview and the confirmation:
in the database (rounds.models.ImportPreview), not a server's temp folder, so that
any app server can confirm it, keyed by an unguessable name and the editor who
uploaded it. django-import-export's admin asks for it through
IMPORT_EXPORT_TMP_STORAGE_CLASS; the admin tells it the editor (for_editor())."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import Http404
from django.utils.translation import gettext as _
from import_export.tmp_storages import BaseStorage

from ..models import ImportPreview

_editor: ContextVar = ContextVar("import_editor", default=None)


@contextmanager
def for_editor(user) -> Iterator[None]:
    """Within this block, previews are saved and read as `user`'s."""
    token = _editor.set(user)
    try:
        yield
    finally:
        _editor.reset(token)


class DatabaseStorage(BaseStorage):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = _editor.get()
        if self.user is None or not self.user.is_authenticated:
            raise RuntimeError("Import previews are stored within for_editor(user).")

    def save(self, data: bytes) -> None:
        ImportPreview.objects.expired().delete()
        preview = ImportPreview.objects.create(user=self.user, data=data)
        self.name = preview.key

    def read(self) -> bytes | str:
        """The file, as text when the format reads text (CSV)."""
        preview = ImportPreview.objects.filter(key=self.name, user=self.user).first()
        if preview is None:
            raise Http404(
                _("This import preview has expired or is not yours: upload the file again.")
            )
        data = bytes(preview.data)
        return data if "b" in self.read_mode else data.decode(self.encoding or "utf-8")

    def remove(self) -> None:
        ImportPreview.objects.filter(key=self.name, user=self.user).delete()
