"""Draft preview: an editor opens the reader page of a record the public may not
see yet (the admin's "View on site" leads there) and reads it as it will read,
under a banner. Everyone else gets the same 404 as for an unknown address.

A preview is the editor's alone: `Cache-Control: private, no-store` keeps it out
of shared caches, `noindex` out of search engines, and the views never read or
write the shared timeline cache for it."""

from typing import NamedTuple

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render


class Shown(NamedTuple):
    record: Model
    preview: bool  # True: not public; shown to an editor only


def may_preview(user, model: type[Model]) -> bool:
    """Staff with the model's view permission (editors, superusers)."""
    opts = model._meta
    return user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def visible_or_preview(
    request: HttpRequest,
    records: QuerySet | type[Model],
    *,
    public: QuerySet | None = None,
    **lookup,
) -> Shown:
    """The record for everyone while the public may see it (`public`, by default
    `records.published()`); else, for an editor allowed to view it, the same
    record as a preview; else 404.

    `records` carries the page's select_related and annotations; the public path
    costs the one query it always did, and looks at no user or session."""
    if not isinstance(records, QuerySet):
        records = records._default_manager.all()
    public = records.published() if public is None else public
    record = public.filter(**lookup).first()
    if record is not None:
        return Shown(record, preview=False)
    if not may_preview(request.user, records.model):
        raise Http404
    return Shown(get_object_or_404(records, **lookup), preview=True)


def render_shown(
    request: HttpRequest, template: str, context: dict, *, preview: bool, status: int = 200
) -> HttpResponse:
    """render(), and for a preview the banner, noindex (in the template, from
    `preview`) and headers that keep it out of every shared cache."""
    response = render(request, template, {**context, "preview": preview}, status=status)
    if preview:
        response["Cache-Control"] = "private, no-store"
    return response
