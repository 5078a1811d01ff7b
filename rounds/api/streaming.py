"""The whole-list CSV download (`?format=csv` without paging), streamed.

Rows are read from the database in chunks (with their prefetched relations) and
written as they are serialized, so a download of every round starts at once and
holds one chunk in memory, not the whole list and its text. The cells are those
of the CSV renderer (rounds.api.renderers), in the same columns."""

import csv
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils import translation

from .renderers import cell

CHUNK = 500


class CSVStream(StreamingHttpResponse):
    """A streamed CSV that can still be read whole (`content`), for tests and
    tools that want the body at once: reading it consumes the stream."""

    @property
    def content(self) -> bytes:
        return b"".join(self.streaming_content)


class _Line:
    """A file-like target for csv.writer that gives the line back."""

    def write(self, value: str) -> str:
        return value


def csv_download(view, queryset) -> StreamingHttpResponse:
    fields = [name for name, field in view.get_serializer().fields.items() if not field.write_only]
    writer = csv.writer(_Line())
    # The response is written after the view returns: keep the request's language.
    language = translation.get_language()

    def chunks() -> Iterator[list]:
        chunk = []
        for record in queryset.iterator(chunk_size=CHUNK):
            chunk.append(record)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def lines() -> Iterator[bytes]:
        with translation.override(language):
            yield ("\ufeff" + writer.writerow(fields)).encode()
            for chunk in chunks():
                rows = view.get_serializer(chunk, many=True).data
                text = "".join(
                    writer.writerow([cell(row.get(name)) for name in fields]) for row in rows
                )
                yield text.encode()

    response = CSVStream(lines(), content_type="text/csv; charset=utf-8")
    name = getattr(view, "basename", None) or "export"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
