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


class TrackerAutoSchema(AutoSchema):
    def get_override_parameters(self):
        return [*super().get_override_parameters(), LANG, FORMAT]
