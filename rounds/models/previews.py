"""Uploaded import files between the preview and the confirmation."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREVIEW_LIFETIME = timedelta(days=1)


def new_key() -> str:
    return secrets.token_urlsafe(32)


class ImportPreviewQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(created_at__lt=timezone.now() - PREVIEW_LIFETIME)


class ImportPreview(models.Model):
    """An uploaded file waiting for its editor to confirm the import. In the
    database, so that any app server can confirm what another previewed; found by
    an unguessable key together with the editor who uploaded it."""

    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    data = models.BinaryField(_("file"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ImportPreviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")
        # expired(): the clean-up at each upload.
        indexes = [models.Index(fields=["created_at"], name="importpreview_created")]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
