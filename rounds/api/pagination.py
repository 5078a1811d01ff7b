"""Page-number pagination for every list, and cursor pagination for events.

A page is `{count, next, previous, results}`; `page_size` may go up to 200. A CSV
download is the whole filtered list unless `page`, `page_size` or `cursor` is given."""

from datetime import date

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

MAX_PAGE_SIZE = 200
# Numbered event pages go this many rows deep; beyond, the cursor (an offset that
# deep makes the database step over every row before it).
MAX_OFFSET = 10_000
PAGE_FIELDS = {
    "count": "How many records match, across all pages.",
    "next": "Link to the next page, or null on the last.",
    "previous": "Link to the previous page, or null on the first.",
    "results": "The records of this page.",
}


def wants_whole_csv(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    paging = {"page", "page_size", "cursor"} & set(request.query_params)
    return renderer is not None and renderer.format == "csv" and not paging


class PagePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = f"Results per page (default 50, at most {MAX_PAGE_SIZE})."

    def paginate_queryset(self, queryset, request, view=None):
        if wants_whole_csv(request):
            return None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        for name, description in PAGE_FIELDS.items():
            paginated["properties"][name]["description"] = description
        return paginated


class EventCursorPagination(CursorPagination):
    ordering = ("date_earliest", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:  # a mangled cursor is the caller's mistake: 400, named
            raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None
        if cursor is not None and cursor.position is not None:
            # Every ordering of events is by a date: a crafted position that is not
            # one would fail in the database.
            try:
                date.fromisoformat(cursor.position)
            except ValueError:
                raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None
        return cursor


class CappedCountPaginator(Paginator):
    """Counts at most MAX_OFFSET + 1 rows: numbered pages stop MAX_OFFSET rows deep,
    and counting every published event cost most of a page's time (200,000 rows).
    Past the cap, `count` is MAX_OFFSET and `capped` is true."""

    @cached_property
    def seen(self) -> int:
        # Ids only, in no order: the page's columns, per-row subqueries
        # (hide_draft_links) and order would otherwise cost for every row counted.
        return self.object_list.values("pk").order_by()[: MAX_OFFSET + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.seen, MAX_OFFSET)

    @property
    def capped(self) -> bool:
        return self.seen > MAX_OFFSET


class EventPagination(PagePagination):
    """Pages by number, or by cursor once the request carries `cursor` (start with
    an empty `?cursor=` and follow `next`): stable while new events are added."""

    django_paginator_class = CappedCountPaginator
    capped_description = (
        f"True when more than {MAX_OFFSET:,} events match: `count` then stops at "
        f"{MAX_OFFSET:,}, as numbered pages do; the cursor reaches the rest."
    )
    cursor_description = (
        "Switches to cursor pagination: send it empty to start, then follow `next`. "
        "Cursor pages have no `count` and stay stable while events are added."
    )

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor = None
        if "cursor" in request.query_params:
            self.cursor = EventCursorPagination()
            return self.cursor.paginate_queryset(queryset, request, view)
        page = request.query_params.get(self.page_query_param, "1")
        size = self.get_page_size(request) or self.page_size
        if page.isdigit() and (int(page) - 1) * size >= MAX_OFFSET:
            raise ValidationError(
                {
                    self.page_query_param: [
                        _(
                            "Numbered pages stop %(n)s events deep: page with the cursor "
                            "instead (send an empty `cursor=` and follow `next`)."
                        )
                        % {"n": f"{MAX_OFFSET:,}"}
                    ]
                }
            )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.cursor:
            return self.cursor.get_paginated_response(data)
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_capped": self.page.paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view):
        cursor = {
            "name": "cursor",
            "required": False,
            "in": "query",
            "description": self.cursor_description,
            "schema": {"type": "string"},
        }
        return [*super().get_schema_operation_parameters(view), cursor]

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["results"]
        properties = paginated["properties"]
        properties["count"]["description"] += (
            f" At most {MAX_OFFSET:,} (see `count_is_capped`); absent on cursor pages."
        )
        capped = {"type": "boolean", "description": self.capped_description}
        paginated["properties"] = {"count": properties.pop("count"), "count_is_capped": capped}
        paginated["properties"].update(properties)
        return paginated
