"""History, revert and restore: every record's history with a diff per change,
a revert that is itself recorded, and deleted records restored."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from ...editing import changes_since
from ...models import StaleRecord
from .base import error_summary

# Rows deleted along with a record (its envoys, agenda, citations...) are deleted
# just before it, in the same transaction: restoring the record brings back those
# deleted within this window before it.
CASCADE_WINDOW = timedelta(seconds=10)


def is_id(value) -> bool:
    """A whole number as ids are written (not "abc", "²" or one past 64 bits)."""
    text = str(value)
    return text.isascii() and text.isdigit() and int(text) < 2**63


class HistoryAdmin(SimpleHistoryAdmin):
    """Each record's history with a diff of every change, revert to any version
    (itself recorded, with the editor), the history of its inline rows, and a list
    of deleted records to restore."""

    object_history_template = "admin/rounds/object_history.html"
    change_list_template = "admin/rounds/change_list.html"
    history_list_per_page = 50

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{opts.app_label}_{opts.model_name}_deleted",
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        """Records deleted and not restored, newest first, each with a link to the
        version it had when deleted."""
        if not (self.has_add_permission(request) and self.has_view_permission(request)):
            raise PermissionDenied
        history = self.model.history
        latest = history.filter(id=OuterRef("id")).order_by("-history_date", "-history_id")
        rows = (
            history.filter(history_type="-", history_id=Subquery(latest.values("history_id")[:1]))
            .exclude(id__in=self.model._base_manager.values("pk"))
            .select_related("history_user")
            .order_by("-history_date")[:200]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(name)s") % {"name": self.model._meta.verbose_name_plural},
            "opts": self.model._meta,
            "rows": rows,
        }
        return render(request, "admin/rounds/deleted.html", context)

    def history_view(self, request, object_id, extra_context=None):
        if not is_id(object_id):
            raise Http404  # not an id: no record, rather than a database error
        extra_context = {
            **(extra_context or {}),
            "related_history": self.related_history(object_id),
        }
        return super().history_view(request, object_id, extra_context)

    def related_history(self, object_id) -> list:
        """The latest changes to the record's inline rows (citations, envoys...)."""
        entries = []
        for inline in self.inlines:
            model = inline.model
            if not hasattr(model, "history"):
                continue
            fk = inline.fk_name or next(
                f.name
                for f in model._meta.fields
                if f.is_relation and f.related_model is self.model
            )
            rows = (
                model.history.filter(**{f"{fk}_id": object_id})
                .select_related("history_user")
                .order_by("-history_date")[:50]
            )
            entries += [(model._meta.verbose_name, row) for row in rows]
        return sorted(entries, key=lambda entry: entry[1].history_date, reverse=True)[:100]

    def render_change_form(self, request, context, *args, **kwargs):
        context["error_summary"] = error_summary(
            context.get("adminform"), context.get("inline_admin_formsets", [])
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (is_id(object_id) and is_id(version_id)):
            raise Http404
        if request.method == "POST" and not self.may_revert(request, object_id):
            raise PermissionDenied  # simple_history checks only the view permission
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except StaleRecord as error:
            return self.refuse_stale(request, error)

    def may_revert(self, request, object_id) -> bool:
        current = self.model._base_manager.filter(pk=object_id).first()
        if current is None:  # restoring a deleted record is adding it again
            return self.has_add_permission(request)
        return self.has_change_permission(request, current)

    def save_model(self, request, obj, form, change):
        historic = to_historic(obj)
        if historic is not None:
            when = date_format(historic.history_date, "DATETIME_FORMAT")
            obj._change_reason = _("Reverted to the version of %(when)s") % {"when": when}
            obj._restoring = not type(obj)._base_manager.filter(pk=obj.pk).exists()
        super().save_model(request, obj, form, change)
        if historic is not None and obj._restoring:
            self.restore_cascade(request, obj, historic)

    def restore_cascade(self, request, obj, historic) -> None:
        """Bring back the inline rows deleted with the record."""
        deleted = (
            type(obj).history.filter(id=obj.pk, history_type="-").order_by("-history_date").first()
        )
        if deleted is None:
            return
        window = (deleted.history_date - CASCADE_WINDOW, deleted.history_date)
        for inline in self.inlines:
            model = inline.model
            if not hasattr(model, "history"):
                continue
            fk = inline.fk_name or next(
                f.name for f in model._meta.fields if f.is_relation and f.related_model is type(obj)
            )
            rows = model.history.filter(
                **{f"{fk}_id": obj.pk},
                history_type="-",
                history_date__range=window,
            )
            for row in rows.exclude(id__in=model._base_manager.values("pk")):
                child = row.instance
                child._history_user = request.user
                child._change_reason = obj._change_reason
                child._restoring = True
                child.save()

    def refuse_stale(self, request, error: StaleRecord):
        meanwhile = changes_since(error.record, error.loaded_version)
        self.message_user(
            request,
            _("%(meanwhile)s Nothing of yours was saved.") % {"meanwhile": meanwhile.describe()},
            messages.ERROR,
        )
        return HttpResponseRedirect(request.path)
