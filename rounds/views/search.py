"""The search page: /search/?q=…"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import search as finder

PROBLEMS = {
    "too_long": lambda: (
        _("Please shorten your search to %(n)s characters or fewer.")
        % {"n": finder.MAX_QUERY_LENGTH}
    ),
    "too_many_terms": lambda: (
        _("Please search for %(n)s words or fewer.") % {"n": finder.MAX_TERMS}
    ),
    "timeout": lambda: _("This search took too long: please add a more specific word."),
    "too_short": lambda: (
        _("Please type at least %(n)s letters to search for.") % {"n": finder.MIN_TERM_LENGTH}
    ),
}

SECTIONS = {
    "process": lambda: _("Processes"),
    "round": lambda: _("Rounds"),
    "event": lambda: _("Events"),
    "document": lambda: _("Documents"),
    "person": lambda: _("People"),
    "resolution": lambda: _("Resolutions"),
}


def search(request):
    # Queries: none without a query; else one per kind of record (6), each through
    # the full-text index; on PostgreSQL an anonymous search first sets its time
    # limit (SET LOCAL statement_timeout).
    query = request.GET.get("q", "").strip()
    problem = finder.problem(query) if query else None
    results = {}
    if query and not problem:
        try:
            results = finder.search(query, bounded=not request.user.is_authenticated)
        except finder.SearchTimeout:
            problem = "timeout"
    sections = [(SECTIONS[kind](), hits) for kind, hits in results.items() if hits]
    context = {
        "query": query,
        "problem": PROBLEMS[problem]() if problem else "",
        "sections": sections,
        "searched": bool(results),
        "total": sum(len(hits) for _kind, hits in sections),
    }
    status = {None: 200, "timeout": 503}.get(problem, 400)
    return render(request, "rounds/search.html", context, status=status)
