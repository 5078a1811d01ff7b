"""A process's public corrections log: /processes/<slug>/corrections/."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ..corrections import log_entries, process_log, with_reader_links
from ..models import Process

CORRECTIONS_PER_PAGE = 50


@dataclass
class PageChoice:
    """The page a reader asked for, read leniently like the timeline's filters: a
    page that is not a number, or not there, is reported and another one shown."""

    page: Page
    problem: str = ""
    status: int = 200

    @classmethod
    def from_query(cls, paginator: Paginator, value: str) -> "PageChoice":
        value = value.strip()
        if not value:
            return cls(paginator.page(1))
        if not (value.isascii() and value.isdigit()):
            problem = _("“%(value)s” is not a page number; showing the first page.")
            return cls(paginator.page(1), problem % {"value": value[:20]}, 400)
        number = int(value)
        if 1 <= number <= paginator.num_pages:
            return cls(paginator.page(number))
        shown = 1 if number < 1 else paginator.num_pages
        problem = _("There is no page %(number)s; showing page %(shown)s.")
        return cls(paginator.page(shown), problem % {"number": number, "shown": shown}, 404)


def process_corrections(request, slug: str):
    # Queries: 1 the process, 2 the count of its corrections, 3 a page of them
    # with their record types and the links to their records.
    process = get_object_or_404(
        Process.objects.published().select_related("superseded_by"), slug=slug
    )
    paginator = Paginator(with_reader_links(process_log(process)), CORRECTIONS_PER_PAGE)
    choice = PageChoice.from_query(paginator, request.GET.get("page", ""))
    context = {
        "process": process,
        "page": choice.page,
        "entries": log_entries(choice.page, process),
        "problem": choice.problem,
    }
    return render(request, "rounds/corrections.html", context, status=choice.status)
