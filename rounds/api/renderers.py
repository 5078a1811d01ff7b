"""CSV for every list: `?format=csv` gives the same filtered rows as the JSON.

A small renderer rather than djangorestframework-csv (no release since 2023): it
needs a byte-order mark so spreadsheets read Arabic as UTF-8, nested values joined
into one cell, and formula cells neutralised."""

import csv
import io

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

# A cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """One value as spreadsheet-safe text: a list becomes "; "-joined items, a
    nested object the ", "-joined text of its fields."""
    if value is None:
        return ""
    if isinstance(value, dict):
        # A nested object reads as its text; its ids are for machines.
        text = ", ".join(cell(v) for v in value.values() if isinstance(v, str) and v)
    elif isinstance(value, list):
        text = "; ".join(cell(v) for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        if isinstance(data, dict):
            rows = data["results"] if "results" in data else [data]
        else:
            rows = data or []
        header = self.header(rows, renderer_context.get("view"))
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([cell(row.get(name)) for name in header] for row in rows)
        response = renderer_context.get("response")
        if response is not None and response.status_code == 200:
            name = getattr(renderer_context.get("view"), "basename", None) or "export"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return out.getvalue().encode(self.charset)

    def header(self, rows, view) -> list[str]:
        if rows:
            return list(rows[0])
        # An empty list still gets the header row of its serializer.
        if view is not None and hasattr(view, "get_serializer"):
            fields = view.get_serializer().fields
            return [name for name, field in fields.items() if not field.write_only]
        return []


class FormatNegotiation(DefaultContentNegotiation):
    """An unknown `?format=` is a 400 naming the parameter, not DRF's bare 404."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            choices = ", ".join(renderer.format for renderer in renderers)
            raise ValidationError({"format": [_("Choose one of: %s.") % choices]})
        return matching
