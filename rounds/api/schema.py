"""OpenAPI details shared by every operation (drf-spectacular)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

LANG = OpenApiParameter(
    "lang",
    str,
    enum=["en", "ar"],
    description="Language of text fields (English or Arabic; Arabic falls back to "
    "English where no translation exists). Accept-Language works too.",
)
FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="`json` (the default) or `csv`. A CSV list holds the same filtered rows "
    "(UTF-8 with a byte-order mark; lists joined with “; ”), all of them unless "
    "`page`, `page_size` or `cursor` is given.",
)


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The ETag you read (e.g. `"v3-..."`, or `"v3"`): the write is '
    "refused with 412 if the record changed since. Rounds need it (or `version` in "
    "the body) on PUT and PATCH (428 without).",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="A unique value per new record (e.g. a UUID). Retrying with the "
    "same key and body returns the first response (with `Idempotent-Replayed: true`) "
    "instead of creating a duplicate; the same key with another body is a 422. "
    "Keys are per user and kept for 24 hours.",
)
CSV_BODY = {"type": "string", "description": "UTF-8 CSV with a header row."}

ERROR_BODY = {
    "type": "object",
    "description": "`detail` says what went wrong; a 400 on a write maps each field "
    "(or query parameter) to its messages.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}

ERRORS = {
    "400": "Malformed or unknown query parameter, or invalid data (field messages).",
    "401": "Authentication required for writes, or the credentials are wrong.",
    "403": "Authenticated, but without the model permission this needs.",
    "404": "No such record (or not published), or a page beyond the last.",
    "406": "The requested format is not available.",
    "429": "Too many requests: wait as many seconds as Retry-After says.",
}
WRITE_ERRORS = {
    "409": "Refused: other records still refer to this one.",
    "412": "The record changed since it was read (If-Match does not match).",
    "428": "Rounds: send If-Match with the ETag you read (or the `version` you read).",
}
CREATE_ERRORS = {
    "409": "A request with this Idempotency-Key is still being processed: retry.",
    "422": "This Idempotency-Key was already used with a different request.",
}


class TrackerAutoSchema(AutoSchema):
    """Adds the `lang` and `format` parameters and the error responses that every
    operation can give, so clients (and schemathesis) know every status code."""

    def get_override_parameters(self):
        headers = {"POST": [IDEMPOTENCY_KEY], "PUT": [IF_MATCH], "PATCH": [IF_MATCH]}
        headers["DELETE"] = [IF_MATCH]
        return [*super().get_override_parameters(), LANG, FORMAT, *headers.get(self.method, [])]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for response in responses.values():
            content = response.get("content", {}) if isinstance(response, dict) else {}
            if "text/csv" in content:  # the CSV renderer's body is text, not JSON
                content["text/csv"] = {"schema": CSV_BODY}
        errors = dict(ERRORS)
        if self.method in ("PUT", "PATCH", "DELETE"):
            errors.update(WRITE_ERRORS)
        if self.method == "POST":
            errors.update(CREATE_ERRORS)
        content = {
            "application/json": {"schema": ERROR_BODY},
            "text/csv": {"schema": {"type": "string"}},
        }
        for code, description in errors.items():
            responses.setdefault(code, {"description": description, "content": content})
        return responses
