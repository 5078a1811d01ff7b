"""People, parties and appointments."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ...models import Appointment, AppointmentCitation, AppointmentOrganisation, Party, Person
from .. import imports
from .base import CachedChoicesMixin
from .history import HistoryAdmin
from .importing import ImportExportAdmin
from .publishing import CitationInline, PublishableAdmin


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
