"""The public corrections log."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ...models import Correction
from .history import HistoryAdmin


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
