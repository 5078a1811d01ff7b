"""The editors' admin: where facts are entered and corrected.

Every text that readers see has English and Arabic inputs (modeltranslation).
Foreign keys to tables that grow use autocomplete; small choice lists are read
once per page, so a change page costs the same queries however big the database."""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import services
from .models import (
    AgendaItem,
    AgendaStatus,
    Appointment,
    AppointmentCitation,
    AppointmentOrganisation,
    Delegation,
    Document,
    Event,
    EventCitation,
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
    Signature,
    Source,
    Veto,
)

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


@admin.action(description=_("Publish selected records"))
def publish(modeladmin, request, queryset):
    count = queryset.exclude(publication=Publication.PUBLISHED).update(
        publication=Publication.PUBLISHED
    )
    modeladmin.message_user(
        request,
        ngettext("%d record published.", "%d records published.", count) % count,
        messages.SUCCESS,
    )


@admin.action(description=_("Return selected records to draft"))
def unpublish(modeladmin, request, queryset):
    count = queryset.exclude(publication=Publication.DRAFT).update(publication=Publication.DRAFT)
    modeladmin.message_user(
        request,
        ngettext("%d record returned to draft.", "%d records returned to draft.", count) % count,
        messages.SUCCESS,
    )


class PublishableAdmin(TranslationAdmin):
    actions = [publish, unpublish]
    readonly_fields = ("created_at", "updated_at")


# --- Sources, people, parties ------------------------------------------------


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("publisher", "title", "url", "language", "published_on")
    list_filter = ("language", "publisher")
    search_fields = ("publisher", "title", "url")
    date_hierarchy = "published_on"
    readonly_fields = ("created_at", "updated_at")


class AppointmentInline(CachedChoicesMixin, TranslationTabularInline):
    model = Appointment
    fields = ("process", "role", "appointed_on", "start", "end", "publication")
    cached_choice_fields = ("process",)
    extra = 0
    show_change_link = True


@admin.register(Person)
class PersonAdmin(TranslationAdmin):
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
class PartyAdmin(TranslationAdmin):
    list_display = ("name", "short_name", "kind", "wikidata_id")
    list_filter = ("kind",)
    search_fields = ("name_en", "name_ar", "short_name_en", "short_name_ar", "wikidata_id")
    readonly_fields = ("created_at", "updated_at")


class AppointmentOrganisationInline(admin.TabularInline):
    model = AppointmentOrganisation
    autocomplete_fields = ("organisation",)
    extra = 0


class AppointmentCitationInline(admin.TabularInline):
    model = AppointmentCitation
    autocomplete_fields = ("source",)
    extra = 0


@admin.register(Appointment)
class AppointmentAdmin(PublishableAdmin):
    list_display = ("person", "role", "process", "appointed_on", "tenure", "publication")
    list_filter = ("process", "publication")
    list_select_related = ("person", "process")
    search_fields = ("person__name_en", "person__name_ar", "role_en", "role_ar")
    autocomplete_fields = ("person", "process")
    date_hierarchy = "start_earliest"
    inlines = [AppointmentOrganisationInline, AppointmentCitationInline]


# --- Processes and rounds ------------------------------------------------------


class AgendaItemInline(TranslationTabularInline):
    model = AgendaItem
    fields = ("order", "title", "description")
    extra = 0


@admin.register(Process)
class ProcessAdmin(PublishableAdmin):
    list_display = ("name", "slug", "conflict", "convener", "dates", "round_count", "publication")
    list_filter = ("publication",)
    search_fields = ("name_en", "name_ar", "slug", "conflict_en", "conflict_ar")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [AgendaItemInline]
    fieldsets = [
        (None, {"fields": ("name", "slug", "conflict", "convener", "description")}),
        (_("Dates"), {"fields": ("start", "end")}),
        (_("Publication"), {"fields": ("publication", "wikidata_id")}),
        (_("Record"), {"classes": ["collapse"], "fields": ("created_at", "updated_at")}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(round_count=Count("rounds"))

    @admin.display(description=_("rounds"), ordering="round_count")
    def round_count(self, obj):
        return obj.round_count


@admin.register(AgendaItem)
class AgendaItemAdmin(TranslationAdmin):
    list_display = ("title", "process", "order")
    list_filter = ("process",)
    list_select_related = ("process",)
    search_fields = ("title_en", "title_ar")
    ordering = ("process", "order")


class AgendaStatusInline(CachedChoicesMixin, TranslationTabularInline):
    model = AgendaStatus
    fields = ("item", "status", "note")
    cached_choice_fields = ("item",)
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the agenda items of the round's own process.
        if db_field.name == "item" and getattr(request, "_round", None):
            kwargs["queryset"] = AgendaItem.objects.filter(process=request._round.process_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DelegationInline(TranslationTabularInline):
    model = Delegation
    fields = ("party", "capacity", "on_behalf_of", "head", "note")
    autocomplete_fields = ("party", "on_behalf_of", "head")
    extra = 0


class RoundEnvoyInline(admin.TabularInline):
    model = RoundEnvoy
    autocomplete_fields = ("person",)
    extra = 0


class RoundResolutionInline(admin.TabularInline):
    model = RoundResolution
    autocomplete_fields = ("resolution",)
    extra = 0


class RoundCitationInline(admin.TabularInline):
    model = RoundCitation
    autocomplete_fields = ("source",)
    extra = 0


class SideSessionInline(TranslationTabularInline):
    model = Round
    fk_name = "parent"
    fields = ("label", "status", "format", "start", "end", "publication")
    extra = 0
    show_change_link = True
    verbose_name = _("side session")
    verbose_name_plural = _("side sessions (parallel meetings, expert tracks)")


@admin.register(Round)
class RoundAdmin(PublishableAdmin):
    list_display = (
        "__str__",
        "process",
        "number",
        "status",
        "format",
        "dates",
        "city",
        "publication",
    )
    list_filter = (
        "process",
        "status",
        "format",
        "publication",
        ("parent", admin.EmptyFieldListFilter),
    )
    list_select_related = ("process",)
    search_fields = ("label_en", "label_ar", "city_en", "city_ar", "summary_en", "outcome_en")
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
        SideSessionInline,
    ]
    fieldsets = [
        (None, {"fields": ("process", "parent", "number", "label", "status", "format")}),
        (
            _("When and where"),
            {"fields": ("start", "end", "delegations_arrive_on", "city", "venue")},
        ),
        (
            _("Planned versus actual"),
            {
                "classes": ["collapse"],
                "description": _("The dates first announced, kept when a round slips."),
                "fields": ("announced_start", "announced_end"),
            },
        ),
        (_("What happened"), {"fields": ("summary", "outcome")}),
        (_("Publication"), {"fields": ("publication",)}),
        (_("Record"), {"classes": ["collapse"], "fields": ("created_at", "updated_at")}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        request._round = obj  # lets the agenda inline narrow its choices
        return super().get_form(request, obj, **kwargs)

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


class ResolutionCitationInline(admin.TabularInline):
    model = ResolutionCitation
    autocomplete_fields = ("source",)
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(PublishableAdmin):
    list_display = ("__str__", "body", "status", "adopted_on", "tally", "publication")
    list_filter = ("body", "status", "year", "publication", "processes")
    search_fields = ("symbol", "subject_en", "subject_ar")
    date_hierarchy = "adopted_on"
    ordering = ("-adopted_on",)
    filter_horizontal = ("processes",)
    inlines = [VetoInline, ResolutionCitationInline]
    fieldsets = [
        (None, {"fields": ("body", "status", "symbol", "number", "year", "adopted_on")}),
        (_("Vote"), {"fields": ("votes_for", "votes_against", "abstentions", "meeting_number")}),
        (_("Content"), {"fields": ("subject", "document_url", "processes")}),
        (_("Publication"), {"fields": ("publication",)}),
        (_("Record"), {"classes": ["collapse"], "fields": ("created_at", "updated_at")}),
    ]


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
    inlines = [SignatureInline]


class EventCitationInline(admin.TabularInline):
    model = EventCitation
    autocomplete_fields = ("source",)
    extra = 0


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ("title", "kind", "process", "dates", "place", "publication")
    list_filter = ("kind", "process", "publication")
    list_select_related = ("process",)
    search_fields = ("title_en", "title_ar", "description_en", "place_en", "place_ar")
    autocomplete_fields = ("process", "round", "resolution", "person")
    date_hierarchy = "date_earliest"
    ordering = ("-date_earliest",)
    inlines = [EventCitationInline]
