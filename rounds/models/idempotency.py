"""Idempotency keys: a POST sent twice with the same `Idempotency-Key` creates
one record. The key, a fingerprint of the request and the first response are
stored in the database (not a per-process cache) so that a retry reaching
another app server is recognised too, and they commit in the same transaction
as the record they describe."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKeyQuerySet(models.QuerySet):
    def live(self, now):
        return self.filter(expires_at__gt=now)

    def expired(self, now):
        return self.filter(expires_at__lte=now)


class IdempotencyKey(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(
        _("request fingerprint"),
        max_length=64,
        help_text=_("SHA-256 of the method, path, query and JSON body."),
    )
    status = models.PositiveSmallIntegerField(_("response status"))
    # JSON text rather than a JSONField: jsonb would reorder the keys, and a
    # replay must be byte for byte the first response (its ETag too).
    response = models.TextField(_("response body (JSON)"))
    location = models.CharField(_("response location"), max_length=800, blank=True)
    version = models.PositiveIntegerField(_("record version"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            # One first response per user and key, whichever server answers.
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique")
        ]
        indexes = [
            # The purge of expired keys on each keyed write.
            models.Index(fields=["expires_at"], name="idempotency_key_expiry")
        ]

    def __str__(self) -> str:
        return self.key
