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


class TrackerAutoSchema(AutoSchema):
    """Adds the `lang` and `format` parameters and the error responses that every
    operation can give, so clients (and schemathesis) know every status code."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), LANG, FORMAT]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method in ("PUT", "PATCH", "DELETE"):
            errors.update(WRITE_ERRORS)
        content = {
            "application/json": {"schema": ERROR_BODY},
            "text/csv": {"schema": {"type": "string"}},
        }
        for code, description in errors.items():
            responses.setdefault(code, {"description": description, "content": content})
        return responses
