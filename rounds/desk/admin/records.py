"""Resolutions (and their votes), documents and events."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from ... import votes
from ...models import (
    Document,
    DocumentCitation,
    Event,
    EventCitation,
    MemberVote,
    Resolution,
    ResolutionCitation,
    Signature,
    Veto,
)
from .. import imports
from .importing import ImportExportAdmin
from .publishing import CitationInline, PublishableAdmin


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
