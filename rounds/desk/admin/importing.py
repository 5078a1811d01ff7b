"""Bulk import and export of the list pages (CSV or XLSX), previewed row by row."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm

from .. import import_store, imports
from .history import is_id


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
