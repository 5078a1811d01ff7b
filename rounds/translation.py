"""Reader-facing text in English and Arabic (django-modeltranslation).

Each field below gets `<field>_en` and `<field>_ar` columns; reading `<field>`
gives the active language and falls back to English when the Arabic is empty."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    AgendaItem,
    AgendaStatus,
    Appointment,
    Correction,
    Delegation,
    Document,
    Event,
    Party,
    Person,
    Process,
    Resolution,
    Round,
    RoundStatusChange,
    Track,
)


class EnglishRequired(TranslationOptions):
    required_languages = ("en",)


@register(Process)
class ProcessTranslation(EnglishRequired):
    fields = ("name", "conflict", "convener", "description", "state_note")


@register(Person)
class PersonTranslation(EnglishRequired):
    fields = ("name", "nationality")


@register(Party)
class PartyTranslation(EnglishRequired):
    fields = ("name", "short_name")
    # name is unique: an empty Arabic name is stored as NULL so that several
    # parties may lack one.
    empty_values = {"name": None}


@register(Appointment)
class AppointmentTranslation(EnglishRequired):
    fields = ("role", "note")


@register(Track)
class TrackTranslation(EnglishRequired):
    fields = ("name",)


@register(AgendaItem)
class AgendaItemTranslation(EnglishRequired):
    fields = ("title", "description")


@register(Round)
class RoundTranslation(EnglishRequired):
    fields = ("label", "city", "venue", "summary", "outcome")


@register(AgendaStatus)
class AgendaStatusTranslation(TranslationOptions):
    fields = ("note",)


@register(Delegation)
class DelegationTranslation(TranslationOptions):
    fields = ("note",)


@register(Resolution)
class ResolutionTranslation(EnglishRequired):
    fields = ("subject",)


@register(Document)
class DocumentTranslation(EnglishRequired):
    fields = ("title", "summary")


@register(Event)
class EventTranslation(EnglishRequired):
    fields = ("title", "description", "place")


@register(Correction)
class CorrectionTranslation(TranslationOptions):
    fields = ("label",)


@register(RoundStatusChange)
class RoundStatusChangeTranslation(TranslationOptions):
    fields = ("note",)
