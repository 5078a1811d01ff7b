"""The editors' admin: where facts are entered and corrected.

Every text that readers see has English and Arabic inputs (modeltranslation).
Foreign keys to tables that grow use autocomplete; small choice lists are read
once per page, so a change page costs the same queries however big the database.

Editorial safety: every record has a history (django-simple-history) with a diff
per change and a revert that is itself recorded; deleted records can be restored.
A published record's change form refuses a save over a colleague's newer version
and asks for a correction reason when a date, status or vote changes."""

from datetime import timedelta
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from .. import services, sourcing, votes
from ..editing import changes_since
from ..models import (
    AgendaItem,
    AgendaStatus,
    Appointment,
    AppointmentCitation,
    AppointmentOrganisation,
    Correction,
    Delegation,
    Document,
    DocumentCitation,
    Event,
    EventCitation,
    MemberVote,
    Party,
    Person,
    Process,
    Publication,
    Resolution,
    ResolutionCitation,
    Round,
    RoundCitation,
    RoundEnvoy,
    RoundResolution,
    RoundStatusChange,
    Signature,
    Source,
    StaleRecord,
    Track,
    Veto,
)
from . import import_store, imports
from .intake.views import intake_view
from .views import quality_view

admin.site.site_header = _("Peace talks tracker: editors")
admin.site.site_title = _("Peace talks tracker")
admin.site.index_title = _("Records")


class CachedChoicesMixin:
    """Evaluates a foreign key's choices once per formset instead of once per
    inline row (a plain ModelChoiceField queries again for every form)."""

    cached_choice_fields: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name in self.cached_choice_fields:
            field.choices = list(field.choices)
            field.widget.choices = field.choices
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in self.cached_choice_fields:
            field.choices = list(field.choices)
            field.widget.choices = field.choices
        return field


def set_publication(request, queryset, publication: str) -> int:
    """Save each record (not one UPDATE), so that its version moves on and its
    history records who published it, and when. A record that needs a source and
    has none stays a draft, named in an error message."""
    count = 0
    for record in queryset.exclude(publication=publication):
        record.publication = publication
        refusal = sourcing.refusal(record)
        if refusal:
            messages.error(request, refusal)
            continue
        record._history_user = request.user
        record._change_reason = str(Publication(publication).label)
        record.save(update_fields=["publication"])
        count += 1
    return count


@admin.action(description=_("Publish selected records"))
def publish(modeladmin, request, queryset):
    count = set_publication(request, queryset, Publication.PUBLISHED)
    modeladmin.message_user(
        request,
        ngettext("%d record published.", "%d records published.", count) % count,
        messages.SUCCESS,
    )


@admin.action(description=_("Return selected records to draft"))
def unpublish(modeladmin, request, queryset):
    count = set_publication(request, queryset, Publication.DRAFT)
    modeladmin.message_user(
        request,
        ngettext("%d record returned to draft.", "%d records returned to draft.", count) % count,
        messages.SUCCESS,
    )


def error_summary(adminform, inline_formsets) -> list[dict]:
    """Every error of a change form, each linking to its field, for the top of
    the page: a long form's errors are otherwise found by scrolling."""
    if adminform is None:
        return []
    form = adminform.form
    found = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None else _("Record")
        anchor = form[name].id_for_label if field is not None else ""
        found += [{"label": label, "message": e, "anchor": anchor} for e in errors]
    for inline in inline_formsets:
        formset = inline.formset
        title = capfirst(str(inline.opts.verbose_name_plural))
        for error in formset.non_form_errors():
            found.append({"label": title, "message": error, "anchor": f"{formset.prefix}-group"})
        for index, row in enumerate(formset.forms):
            for name, errors in row.errors.items():
                field = row.fields.get(name)
                label = f"{title} #{index + 1}" + (f", {field.label}" if field is not None else "")
                anchor = row[name].id_for_label if field is not None else f"{formset.prefix}-group"
                found += [{"label": label, "message": e, "anchor": anchor} for e in errors]
    return found


# --- History, revert and restore ---------------------------------------------------

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


# --- Bulk import and export -------------------------------------------------------


class ImportExportAdmin(ImportExportMixin):
    """Import and Export buttons on a list page (django-import-export, resources in
    rounds/imports.py): CSV or XLSX. An import is previewed row by row (new,
    update, unchanged, rejected and why) and can be confirmed only when no row is
    rejected; it is stored all or nothing, each record's history naming the
    editor. Importing takes the add and change permissions, exporting the view one."""

    import_formats = imports.FORMATS
    import_form_class = imports.ImportForm
    export_formats = imports.FORMATS
    export_form_class = ExportForm  # every column, so that an export imports back
    import_template_name = "admin/rounds/import.html"
    from_encoding = "utf-8-sig"
    to_encoding = "utf-8-sig"  # the byte-order mark makes spreadsheets read UTF-8

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/sample/",
                self.admin_site.admin_view(self.sample_view),
                name=f"{opts.app_label}_{opts.model_name}_import_sample",
            ),
            *super().get_urls(),
        ]

    def sample_view(self, request):
        """The sample file of rounds/samples/, to start a spreadsheet from."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        name = f"{self.resource_classes[0].file_stem}.csv"
        sample = (imports.SAMPLES / name).open("rb")
        return FileResponse(sample, as_attachment=True, filename=name, content_type="text/csv")

    def get_import_context_data(self, **kwargs):
        resource = self.resource_classes[0]
        return {"column_help": resource.column_help(), "sample": f"{resource.file_stem}.csv"}

    # The previews this editor was shown (their stored files' names), in the
    # session: only those can be confirmed, so a confirm form edited to name any
    # other file is refused, never imported (and then deleted) by name.
    PREVIEWS = "import_previews"

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        name = initial.get("import_file_name")
        if name:
            request.session[self.PREVIEWS] = [*request.session.get(self.PREVIEWS, [])[-9:], name]
        return initial

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        problem = self.confirm_problem(request)
        if problem:
            self.message_user(request, problem, messages.ERROR)
            form_class = self.get_import_form_class(request)
            context = {
                **self.admin_site.each_context(request),
                **self.get_import_context_data(),
                "title": _("Import"),
                "opts": self.model._meta,
                "form": form_class(
                    self.get_import_formats(), self.get_import_resource_classes(request)
                ),
            }
            return TemplateResponse(request, [self.import_template_name], context, status=400)
        with import_store.for_editor(request.user):
            response = super().process_import(request, **kwargs)
        name = request.POST["import_file_name"]
        request.session[self.PREVIEWS] = [
            n for n in request.session.get(self.PREVIEWS, []) if n != name
        ]
        return response

    def confirm_problem(self, request) -> str | None:
        """Why a confirmation cannot go ahead: a file this editor was not shown in a
        preview, an unknown format, or a preview whose file has gone."""
        name = request.POST.get("import_file_name", "")
        if name not in request.session.get(self.PREVIEWS, []):
            return _(
                "This import is not one you previewed, or it was already done: "
                "choose the file again."
            )
        formats = self.get_import_formats()
        number = request.POST.get("format", "")
        if not (is_id(number) and int(number) < len(formats)):
            return _("Unknown file format: choose the file again.")
        input_format = formats[int(number)](encoding=self.from_encoding)
        try:
            with import_store.for_editor(request.user):
                storage = self.get_tmp_storage_class()(
                    name=name,
                    encoding=None if input_format.is_binary() else self.from_encoding,
                    read_mode=input_format.get_read_mode(),
                    **self.get_tmp_storage_class_kwargs(),
                )
                found = storage.read() is not None
        except (OSError, UnicodeDecodeError, Http404):
            found = False
        if not found:
            return _("The previewed file is no longer there: choose the file again.")
        return None

    def import_action(self, request, **kwargs):
        with import_store.for_editor(request.user):
            response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None:
            response.context_data.update(self.preview_context(result))
        return response

    def preview_context(self, result) -> dict:
        return {
            "import_rows": imports.preview_rows(result),
            "import_counts": imports.preview_counts(result),
        }

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeDecodeError):
            upload = form.cleaned_data["import_file"]
            upload.seek(0)
            form.add_error("import_file", imports.encoding_problem(upload.read()))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The records changed since the preview: the import was rolled back.
            self.message_user(
                request, _("Nothing was imported: some rows are now rejected."), messages.ERROR
            )
            form_class = self.get_import_form_class(request)
            context = {
                **self.admin_site.each_context(request),
                **self.get_import_context_data(),
                **self.preview_context(result),
                "title": _("Import"),
                "opts": self.model._meta,
                "result": result,
                "form": form_class(
                    self.get_import_formats(), self.get_import_resource_classes(request)
                ),
                "import_error_display": self.import_error_display,
            }
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        counts = imports.preview_counts(result)
        self.message_user(
            request,
            _("Imported: %(new)s new, %(update)s updated, %(unchanged)s unchanged.") % counts,
            messages.SUCCESS,
        )

    def get_export_filename(self, request, queryset, file_format):
        stem = self.resource_classes[0].file_stem
        return f"{stem}-{timezone.localdate().isoformat()}.{file_format.get_extension()}"


# Rows beside a record whose change readers need not be told of: a new source,
# document or signatory, a dated status step, an organisation. The history keeps them.
HISTORY_ONLY = {
    "citations", "documents", "signature_set", "status_log", "appointmentorganisation_set",
}  # fmt: skip
READERS_TOLD = _("(On a published record, readers are told of a change here: give a reason.)")


def rows_text(formset) -> str:
    """An inline's rows in words, as readers read them: names, not ids."""
    rows = formset.model._default_manager.filter(**{formset.fk.name: formset.instance})
    return "; ".join(sorted(str(row) for row in rows))


class EnvoyRowsNeedAReason(forms.BaseInlineFormSet):
    """Changing the envoys of a published round is told to readers: it needs a reason."""

    def clean(self):
        super().clean()
        instance = self.instance
        if not (instance.pk and getattr(instance, "is_published", False)):
            return
        stored = type(instance)._base_manager.filter(pk=instance.pk).values("publication").first()
        if stored and stored["publication"] == Publication.PUBLISHED and self.has_changed():
            if not (self.data.get("correction_reason") or "").strip():
                raise ValidationError(
                    _("This round is published: say why you changed its envoys (below).")
                )


class VersionedForm(forms.ModelForm):
    """A publishable record's change form. It carries the version the editor
    loaded, refuses a save over a newer one (saying what changed meanwhile), and
    asks for a reason when a date, status or vote of a published record changes."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_(
            "Readers see it in the process's corrections log (not your name). Required "
            "when you change a date, a status or a vote of a published record."
        ),
    )
    minor = forms.BooleanField(
        label=_("Minor fix (a typo, wording): keep it in the history only"),
        required=False,
        help_text=_("Readers are not told of it. Not for dates, status, votes, outcome or envoys."),
    )
    tell_readers = forms.BooleanField(
        label=_("Tell readers of the new sources or documents too"),
        required=False,
        help_text=_(
            "Adding a source or a document is kept in the history only, unless you tick this."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance._state.adding:
            return
        if to_historic(instance) is None:
            self.fields["loaded_version"].initial = instance.version
            return
        # The revert form: check against the record as stored now, if it still is.
        stored = self.stored_version()
        if stored is not None:
            instance.version = stored
        self.fields["loaded_version"].initial = stored

    def stored_version(self, lock: bool = False) -> int | None:
        rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if lock:  # held until the admin's transaction ends: no save can slip between
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance._state.adding or loaded is None:
            return cleaned
        current = self.stored_version(lock=True)
        if current != loaded:
            meanwhile = changes_since(self.instance, loaded)
            # Saving again after reading this message applies this form over theirs.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current
            raise ValidationError(
                _(
                    "%(meanwhile)s Your changes have not been saved: check the fields named, "
                    "then save again to apply your version, or reload the page to start "
                    "from theirs."
                )
                % {"meanwhile": meanwhile.describe()},
                code="stale",
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.instance._state.adding:
            return
        self.instance.correction_reason = self.cleaned_data.get("correction_reason") or ""
        error = self.instance.correction_reason_error()
        if error:
            self.add_error("correction_reason", error)
        needed = self.instance.fields_needing_reason(self.instance.changes())
        if self.cleaned_data.get("minor") and needed:
            self.add_error(
                "minor",
                _("Readers are told of changes to %(fields)s: this is not a minor fix.")
                % {"fields": ", ".join(needed)},
            )
        self.instance.correction_minor = bool(self.cleaned_data.get("minor")) and not needed


class PublishableAdmin(HistoryAdmin, TranslationAdmin):
    form = VersionedForm
    actions = [publish, unpublish]
    readonly_fields = ("created_at", "updated_at", "version")

    def get_fieldsets(self, request, obj=None):
        own = {"loaded_version", "correction_reason", "minor", "tell_readers"}
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in own]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], "loaded_version"]})
        if obj is not None and obj.is_published:
            fieldsets.append(
                (_("Correction"), {"fields": ["correction_reason", "minor", "tell_readers"]})
            )
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and obj.is_published:
            # Said next to each field whose change readers are told of.
            for name in obj.reason_required_fields:
                field = form.base_fields.get(name)
                if field is not None and str(READERS_TOLD) not in str(field.help_text):
                    field.help_text = f"{field.help_text} {READERS_TOLD}".strip()
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecord as error:  # a save that slipped past the form's check
            return self.refuse_stale(request, error)

    def save_model(self, request, obj, form, change):
        if change:
            loaded = form.cleaned_data.get("loaded_version")
            if loaded is not None:
                obj.version = loaded
            reason = (form.cleaned_data.get("correction_reason") or "").strip()
            obj.correction_reason = reason
            if reason:
                obj._change_reason = reason
            obj._was_published = (obj.stored_values() or {}).get(
                "publication"
            ) == Publication.PUBLISHED
            obj.correction_minor = getattr(form.instance, "correction_minor", False)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if not (change and getattr(obj, "_was_published", False)):
            return
        tell_all = form.cleaned_data.get("tell_readers")
        changes = {}
        for formset in formsets:
            if not (formset.has_changed() and getattr(formset, "fk", None)):
                continue
            name = formset.fk.remote_field.get_accessor_name()
            only_added = not (formset.changed_objects or formset.deleted_objects)
            if name in HISTORY_ONLY and only_added and not tell_all:
                continue  # a source or document added: the history keeps it
            before = getattr(formset, "_rows_before", "")
            changes[name] = [before, rows_text(formset)]
        if not changes:
            return
        correction = getattr(obj, "last_correction", None) or Correction.log(
            obj, {}, (form.cleaned_data.get("correction_reason") or "")
        )
        correction.add_fields(list(changes), changes)

    def save_formset(self, request, form, formset, change):
        formset._rows_before = rows_text(formset)
        super().save_formset(request, form, formset, change)


class CitationFormSet(forms.BaseInlineFormSet):
    """A record's sources: a published record keeps at least one."""

    def clean(self):
        super().clean()
        cited = any(
            form.cleaned_data.get("source") and not form.cleaned_data.get("DELETE")
            for form in self.forms
            if form.is_valid() and form.cleaned_data
        )
        message = sourcing.refusal(self.instance, cited)
        if message:
            raise ValidationError(message)


class CitationInline(admin.TabularInline):
    formset = CitationFormSet
    autocomplete_fields = ("source",)
    extra = 1  # the row editors fill on most visits, ready


# --- Sources, people, parties ------------------------------------------------


@admin.register(Source)
class SourceAdmin(ImportExportAdmin, HistoryAdmin):
    resource_classes = [imports.SourceResource]
    list_display = ("publisher", "title", "url", "language", "published_on")
    list_filter = ("language", "publisher")
    search_fields = ("publisher", "title", "url")
    date_hierarchy = "published_on"
    readonly_fields = ("created_at", "updated_at")


class AppointmentInline(CachedChoicesMixin, TranslationTabularInline):
    model = Appointment
    fields = ("processes", "role", "acting", "appointed_on", "start", "end", "publication")
    cached_choice_fields = ("processes",)
    extra = 0
    show_change_link = True


@admin.register(Person)
class PersonAdmin(ImportExportAdmin, HistoryAdmin, TranslationAdmin):
    resource_classes = [imports.PersonResource]
    list_display = ("name", "name_ar", "nationality", "wikidata_id", "appointment_count")
    search_fields = ("name_en", "name_ar", "wikidata_id")
    inlines = [AppointmentInline]
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appointment_count=Count("appointments"))

    @admin.display(description=_("appointments"), ordering="appointment_count")
    def appointment_count(self, obj):
        return obj.appointment_count


@admin.register(Party)
class PartyAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ("name", "short_name", "kind", "wikidata_id")
    list_filter = ("kind",)
    search_fields = ("name_en", "name_ar", "short_name_en", "short_name_ar", "wikidata_id")
    readonly_fields = ("created_at", "updated_at")


class AppointmentOrganisationInline(admin.TabularInline):
    model = AppointmentOrganisation
    autocomplete_fields = ("organisation",)
    extra = 0


class AppointmentCitationInline(CitationInline):
    model = AppointmentCitation


@admin.register(Appointment)
class AppointmentAdmin(PublishableAdmin):
    list_display = ("person", "role", "acting", "appointed_on", "tenure", "publication")
    list_filter = ("processes", "acting", "publication")
    list_select_related = ("person",)
    search_fields = ("person__name_en", "person__name_ar", "role_en", "role_ar")
    autocomplete_fields = ("person", "processes")
    date_hierarchy = "start_earliest"
    inlines = [AppointmentOrganisationInline, AppointmentCitationInline]


# --- Processes and rounds ------------------------------------------------------


class AgendaItemInline(TranslationTabularInline):
    model = AgendaItem
    fields = ("order", "title", "description")
    extra = 0


class TrackInline(TranslationTabularInline):
    model = Track
    fields = ("order", "name", "slug")
    extra = 0


@admin.register(Process)
class ProcessAdmin(PublishableAdmin):
    list_display = ("name", "slug", "conflict", "convener", "dates", "round_count", "publication")
    list_filter = ("publication",)
    search_fields = ("name_en", "name_ar", "slug", "conflict_en", "conflict_ar")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [TrackInline, AgendaItemInline]
    fieldsets = [
        (None, {"fields": ("name", "slug", "conflict", "convener", "description")}),
        (_("Dates"), {"fields": ("start", "end")}),
        (
            _("State of the record"),
            {"fields": ("state", "superseded_by", "state_note", "recorded_up_to")},
        ),
        (_("Publication"), {"fields": ("publication", "wikidata_id")}),
        (_("Record"), {"classes": ["collapse"], "fields": ("created_at", "updated_at")}),
    ]

    def get_urls(self):
        return [
            path(
                "quality/",
                self.admin_site.admin_view(partial(quality_view, self)),
                name="rounds_process_quality",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        quality = reverse("admin:rounds_process_quality")
        extra_context = {**(extra_context or {}), "quality_url": quality}
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(round_count=Count("rounds"))

    @admin.display(description=_("rounds"), ordering="round_count")
    def round_count(self, obj):
        return obj.round_count


@admin.register(AgendaItem)
class AgendaItemAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ("title", "process", "order")
    list_filter = ("process",)
    list_select_related = ("process",)
    search_fields = ("title_en", "title_ar")
    ordering = ("process", "order")


class AgendaStatusInline(CachedChoicesMixin, TranslationStackedInline):
    model = AgendaStatus
    fields = (("item", "status"), "note")
    cached_choice_fields = ("item",)
    extra = 1  # the row editors fill on most visits, ready

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the agenda items of the round's own process.
        if db_field.name == "item" and getattr(request, "_round", None):
            kwargs["queryset"] = AgendaItem.objects.filter(process=request._round.process_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DelegationInline(TranslationStackedInline):
    model = Delegation
    fields = (("party", "capacity"), ("on_behalf_of", "head"), "note")
    autocomplete_fields = ("party", "on_behalf_of", "head")
    extra = 1  # the row editors fill on most visits, ready


class RoundEnvoyInline(admin.TabularInline):
    model = RoundEnvoy
    formset = EnvoyRowsNeedAReason
    autocomplete_fields = ("person",)
    extra = 1  # the row editors fill on most visits, ready


class RoundResolutionInline(admin.TabularInline):
    model = RoundResolution
    autocomplete_fields = ("resolution",)
    extra = 0


class RoundCitationInline(CitationInline):
    model = RoundCitation


class StatusLogInline(TranslationStackedInline):
    """How the round slipped: rows are added when its status changes (or its dates
    while it is still to be held); editors date them and add the source."""

    model = RoundStatusChange
    fields = (("status", "changed_on"), ("start", "end"), "source", "note", "recorded_at")
    readonly_fields = ("recorded_at",)
    autocomplete_fields = ("source",)
    extra = 0
    classes = ["collapse"]
    verbose_name_plural = _("status log (how the round slipped)")


class SideSessionInline(TranslationTabularInline):
    model = Round
    fk_name = "parent"
    fields = ("label", "status", "format", "start", "end", "publication")
    extra = 0
    show_change_link = True
    verbose_name = _("side session")
    verbose_name_plural = _("side sessions (parallel meetings, expert tracks)")


@admin.register(Round)
class RoundAdmin(ImportExportAdmin, PublishableAdmin):
    resource_classes = [imports.RoundResource]
    list_display = (
        "__str__",
        "process",
        "track",
        "number",
        "kind",
        "status",
        "format",
        "dates",
        "city",
        "publication",
    )
    list_filter = (
        "process",
        "track",
        "kind",
        "status",
        "format",
        "publication",
        ("parent", admin.EmptyFieldListFilter),
    )
    list_select_related = ("process", "track")
    search_fields = (
        "=number",
        "label_en",
        "label_ar",
        "city_en",
        "city_ar",
        "summary_en",
        "summary_ar",
        "outcome_en",
        "outcome_ar",
    )
    search_help_text = _("Label, number, city, summary or outcome, in English or Arabic.")
    autocomplete_fields = ("process", "parent")
    date_hierarchy = "start_earliest"
    ordering = ("-start_earliest",)
    actions = ["create_next_round", publish, unpublish]
    inlines = [
        RoundEnvoyInline,
        AgendaStatusInline,
        DelegationInline,
        RoundResolutionInline,
        RoundCitationInline,
        StatusLogInline,
        SideSessionInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "process",
                    "track",
                    "parent",
                    "number",
                    "label",
                    "kind",
                    "status",
                    "format",
                )
            },
        ),
        (
            _("When"),
            {
                "description": _(
                    "Held (or expected) dates, and the dates first announced, kept when "
                    "a round slips."
                ),
                "fields": (
                    ("start", "end"),
                    ("announced_start", "announced_end"),
                    "delegations_arrive_on",
                ),
            },
        ),
        (_("Where"), {"fields": ("city", "venue")}),
        (_("What happened"), {"fields": ("summary", "outcome")}),
        (_("Publication"), {"fields": ("publication",)}),
        (_("Record"), {"classes": ["collapse"], "fields": ("created_at", "updated_at")}),
    ]

    @admin.display(description=_("Dates"))
    def dates(self, round_: Round) -> str:
        """Round.dates with a translated column heading (a property has none)."""
        return round_.dates

    def get_urls(self):
        return [
            path(
                "intake/",
                self.admin_site.admin_view(partial(intake_view, self)),
                name="rounds_round_intake",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        intake = reverse("admin:rounds_round_intake")
        extra_context = {**(extra_context or {}), "intake_url": intake}
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        request._round = obj  # lets the agenda inline narrow its choices
        return super().get_form(request, obj, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        # Not context["has_add_permission"]: Django sets it later, in this very call.
        context["save_next"] = self.has_add_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        return self.next_round_response(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.next_round_response(request, obj) or super().response_change(request, obj)

    def next_round_response(self, request, obj):
        """ "Save and add the next round": a draft of the next round carrying the
        process, track, format, city, venue and envoys over, opened for editing."""
        if "_savenext" not in request.POST or not self.has_add_permission(request):
            return None
        try:
            new_round = services.round_create_next(obj)
        except services.NextRoundError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(
            request,
            _("Saved “%(saved)s”. The next round, “%(round)s”, is a draft: fill in its dates.")
            % {"saved": obj, "round": new_round},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:rounds_round_change", args=[new_round.pk]))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            self.date_first_status(form.instance)
        # Saved, but worth a second look: an envoy outside their recorded term.
        for warning in form.instance.envoy_warnings():
            self.message_user(request, warning, messages.WARNING)

    def date_first_status(self, round_) -> None:
        """The first status-log entry takes its source (and, if the round does not
        say, its day) from the round's first citation."""
        first = round_.status_log.order_by("recorded_at", "pk").first()
        citation = round_.citations.select_related("source").order_by("pk").first()
        if first is None or citation is None or first.source_id:
            return
        first.source = citation.source
        first.changed_on = first.changed_on or citation.source.published_on
        first.save()

    @admin.action(description=_("Create the next round of the process"))
    def create_next_round(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one round to continue from."), messages.ERROR
            )
            return None
        try:
            new_round = services.round_create_next(queryset.get())
        except services.NextRoundError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(
            request,
            _("Created “%(round)s” as a draft: fill in its dates.") % {"round": new_round},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:rounds_round_change", args=[new_round.pk]))


# --- Resolutions, documents, events -------------------------------------------


class VetoInline(admin.TabularInline):
    model = Veto
    autocomplete_fields = ("party",)
    extra = 0


class MemberVoteFormSet(BaseInlineFormSet):
    """The rows must agree with the resolution's tallies and its vetoes (the veto
    formset is cleaned first: see ResolutionAdmin._create_formsets)."""

    veto_formset = None

    def kept_rows(self, formset, *fields):
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data and not data.get("DELETE") and all(data.get(f) for f in fields):
                yield tuple(data[f] for f in fields)

    def clean(self):
        if any(self.errors):
            return
        rows = list(self.kept_rows(self, "member", "vote"))
        vetoing = []
        if self.veto_formset is not None and self.veto_formset.is_valid():
            vetoing = [party for (party,) in self.kept_rows(self.veto_formset, "party")]
        errors = votes.vote_errors(self.instance, rows, vetoing)
        if errors:
            raise ValidationError(errors)
        super().clean()


class MemberVoteInline(admin.TabularInline):
    model = MemberVote
    formset = MemberVoteFormSet
    autocomplete_fields = ("member",)
    extra = 0


class ResolutionCitationInline(CitationInline):
    model = ResolutionCitation


@admin.register(Resolution)
class ResolutionAdmin(ImportExportAdmin, PublishableAdmin):
    resource_classes = [imports.ResolutionResource]
    list_display = ("__str__", "body", "status", "adopted_on", "tally", "publication")
    list_filter = ("body", "status", "year", "publication", "processes")
    search_fields = ("symbol", "subject_en", "subject_ar")
    date_hierarchy = "adopted_on"
    ordering = ("-adopted_on",)
    filter_horizontal = ("processes",)
    inlines = [VetoInline, MemberVoteInline, ResolutionCitationInline]

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        by_model = {formset.model: formset for formset in formsets}
        if MemberVote in by_model:
            by_model[MemberVote].veto_formset = by_model.get(Veto)
        return formsets, inline_instances

    fieldsets = [
        (None, {"fields": ("body", "status", "symbol", "number", "year", "adopted_on")}),
        (_("Vote"), {"fields": ("votes_for", "votes_against", "abstentions", "meeting_number")}),
        (_("Content"), {"fields": ("subject", "document_url", "processes")}),
        (_("Publication"), {"fields": ("publication",)}),
        (_("Record"), {"classes": ["collapse"], "fields": ("created_at", "updated_at")}),
    ]


class DocumentCitationInline(CitationInline):
    model = DocumentCitation


class SignatureInline(admin.TabularInline):
    model = Signature
    autocomplete_fields = ("party",)
    extra = 0


@admin.register(Document)
class DocumentAdmin(PublishableAdmin):
    list_display = ("title", "kind", "process", "round", "date", "pax_id", "publication")
    list_filter = ("kind", "process", "publication")
    list_select_related = ("process", "round")
    search_fields = ("title_en", "title_ar", "pax_id", "ucdp_id")
    autocomplete_fields = ("process", "round")
    date_hierarchy = "date_earliest"
    inlines = [SignatureInline, DocumentCitationInline]


class EventCitationInline(CitationInline):
    model = EventCitation


@admin.register(Event)
class EventAdmin(ImportExportAdmin, PublishableAdmin):
    resource_classes = [imports.EventResource]
    list_display = ("title", "kind", "process", "dates", "place", "publication")
    list_filter = ("kind", "process", "publication")
    list_select_related = ("process",)
    search_fields = ("title_en", "title_ar", "description_en", "place_en", "place_ar")
    autocomplete_fields = ("process", "round", "resolution", "person")
    date_hierarchy = "date_earliest"
    ordering = ("-date_earliest",)
    inlines = [EventCitationInline]


# --- The corrections log ----------------------------------------------------------


@admin.register(Correction)
class CorrectionAdmin(HistoryAdmin, TranslationAdmin):
    """The public log of changes to published records. Entries are written when an
    editor saves; here an editor may only reword a reason (the history keeps the
    original)."""

    list_display = ("corrected_at", "label", "record_type", "changed_fields", "reason")
    list_filter = ("record_type", "processes")
    list_select_related = ("record_type",)
    search_fields = ("label_en", "label_ar", "reason")
    date_hierarchy = "corrected_at"
    fields = ("label", "record_type", "record_id", "fields", "changes", "reason", "corrected_at")
    readonly_fields = ("record_type", "record_id", "fields", "changes", "corrected_at")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("fields changed"))
    def changed_fields(self, obj):
        return ", ".join(obj.field_labels())
