"""Processes, their agenda and tracks, and rounds with their inlines."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from ... import services
from ...models import (
    AgendaItem,
    AgendaStatus,
    Delegation,
    Process,
    Publication,
    Round,
    RoundCitation,
    RoundEnvoy,
    RoundResolution,
    RoundStatusChange,
    Track,
)
from .. import imports
from ..intake.views import intake_view
from ..views import quality_view
from .base import CachedChoicesMixin, publish, unpublish
from .history import HistoryAdmin
from .importing import ImportExportAdmin
from .publishing import CitationInline, PublishableAdmin


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
    # The columns an editor looks a round up by, which fit 1280 px beside the
    # filters; track, number, kind and format are filters.
    list_display = ("__str__", "process", "dates", "city", "status", "publication")
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
