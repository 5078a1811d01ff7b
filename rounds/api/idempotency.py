"""Idempotent creates: `POST` with an `Idempotency-Key` header.

A client whose connection dropped after the server committed cannot know whether
its record exists; it retries with the same key and gets the first response
(status and body, marked `Idempotent-Replayed: true`) instead of a duplicate.
The same key with another body is a 422; keys are per user and expire after
`IDEMPOTENCY_KEY_TTL` seconds. The key row is written in the create's own
transaction: either both are stored or neither is."""

import hashlib
import json
import re
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from ..models import IdempotencyKey

HEADER = "Idempotency-Key"
# Printable ASCII without spaces at the ends: what a UUID or any token looks like.
KEY_FORM = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?")


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = _(
        "This Idempotency-Key was already used with a different request. Use a new "
        "key for a new record."
    )


class KeyInFlight(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_in_flight"
    default_detail = _("A request with this Idempotency-Key is being processed. Retry in a moment.")


def fingerprint(request) -> str:
    """The request as the server understood it: method, path with query, and the
    body's JSON in a canonical form (key order and spacing do not matter)."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    text = f"{request.method}\n{request.get_full_path()}\n{body}"
    return hashlib.sha256(text.encode()).hexdigest()


def key_of(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY_FORM.fullmatch(key):
        raise ValidationError({HEADER: [_("1 to 255 printable ASCII characters, e.g. a UUID.")]})
    return key


class IdempotentCreates:
    """For the viewsets: `create()` honours an Idempotency-Key."""

    def create(self, request, *args, **kwargs):
        key = key_of(request)
        if key is None:
            return super().create(request, *args, **kwargs)
        print_ = fingerprint(request)
        try:
            with transaction.atomic():
                now = timezone.now()
                IdempotencyKey.objects.filter(user=request.user).expired(now).delete()
                stored = self.stored_key(request.user, key)
                if stored is not None:
                    return self.replay(stored, print_)
                response = super().create(request, *args, **kwargs)
                IdempotencyKey.objects.create(
                    user=request.user,
                    key=key,
                    fingerprint=print_,
                    status=response.status_code,
                    response=json.dumps(response.data, cls=DjangoJSONEncoder),
                    location=response.get("Location", ""),
                    version=getattr(self, "_etag_version", None),
                    expires_at=now + timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL),
                )
                return response
        except IntegrityError:
            # A concurrent request with the same key committed first (the unique
            # constraint), and this one's record was rolled back with it.
            with transaction.atomic():
                stored = self.stored_key(request.user, key)
            if stored is None:
                raise
            return self.replay(stored, print_)

    def stored_key(self, user, key: str) -> IdempotencyKey | None:
        rows = IdempotencyKey.objects.select_for_update().filter(user=user, key=key)
        return rows.live(timezone.now()).first()

    def replay(self, stored: IdempotencyKey, print_: str) -> Response:
        if stored.fingerprint != print_:
            raise KeyReused()
        headers = {"Idempotent-Replayed": "true"}
        if stored.location:
            headers["Location"] = stored.location
        self._etag_version = stored.version
        return Response(json.loads(stored.response), status=stored.status, headers=headers)
