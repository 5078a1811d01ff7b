"""Publishable records' change forms: the version check that refuses a save over a
colleague's newer one, correction reasons, and the sources a published record keeps."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.models import to_historic

from ... import sourcing
from ...editing import changes_since
from ...models import Correction, Publication, StaleRecord
from .base import publish, unpublish
from .history import HistoryAdmin

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
