"""Input no record can hold, refused with a 400 before any view sees it.

PostgreSQL cannot store or even compare a text containing NUL (U+0000): a NUL in
a slug, a filter, a search or a form field would end as a 500 from the database
driver. Deeply nested JSON would exhaust Python's recursion while parsing. Both
are refused here: a 400 that says why, JSON under /api/, plain text elsewhere."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

NUL = "\x00"
# Deeper than any record the API reads or writes (a round with its agenda is 3).
MAX_JSON_DEPTH = 32
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def holds_nul(values) -> bool:
    return any(NUL in key or any(NUL in value for value in values.getlist(key)) for key in values)


class RefuseNul:
    """A NUL in the path, the query string or a form field is a 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = NUL in request.path or holds_nul(request.GET)
        if not found and request.content_type in FORM_TYPES:
            found = holds_nul(request.POST)
        if found:
            return refusal(request, _("Null characters (U+0000) are not allowed in a request."))
        return self.get_response(request)


def refusal(request, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def depth(data) -> int:
    """How deeply lists and objects nest in parsed JSON (iteratively: no recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, level + 1) for child in children)
    return deepest


def strings(data):
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


class StrictJSONParser(JSONParser):
    """DRF's JSON parser, refusing (400) JSON nested too deeply to parse, nested
    beyond MAX_JSON_DEPTH, or carrying a NUL or a lone surrogate in any string."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON nested too deeply.")) from None
        if depth(data) > MAX_JSON_DEPTH:
            raise ParseError(
                _("JSON nested more than %(depth)s levels deep.") % {"depth": MAX_JSON_DEPTH}
            )
        for text in strings(data):
            if NUL in text:
                raise ParseError(_("Null characters (U+0000) are not allowed in a request."))
            if not encodable(text):
                raise ParseError(_("Lone surrogates (U+D800 to U+DFFF) are not text."))
        return data


def encodable(text: str) -> bool:
    """Text a database can store: no lone surrogate (JSON lets one be escaped)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
