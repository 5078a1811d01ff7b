"""Sources: the articles, statements and reports that records cite."""

from django.contrib import admin

from ...models import Source
from .. import imports
from .history import HistoryAdmin
from .importing import ImportExportAdmin


@admin.register(Source)
class SourceAdmin(ImportExportAdmin, HistoryAdmin):
    resource_classes = [imports.SourceResource]
    list_display = ("publisher", "title", "url", "language", "published_on")
    list_filter = ("language", "publisher")
    search_fields = ("publisher", "title", "url")
    date_hierarchy = "published_on"
    readonly_fields = ("created_at", "updated_at")
