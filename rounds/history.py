"""Who changed what, and when: django-simple-history keeps a historical table per
editable model (a full copy of the row at each save or delete, with the user).

The models are registered here, from RoundsConfig.ready(), rather than with a
`history = HistoricalRecords()` line in each class: modeltranslation adds the
`<field>_en`/`<field>_ar` columns only once the models are loaded, and the history
must copy those (the base column only mirrors the active language, so it is left
out)."""

import simple_history
from django.db import models
from django.utils.module_loading import import_string
from modeltranslation.fields import TranslationField
from simple_history.models import HistoricalRecords

from .models import base


class TrackerHistoricalRecords(HistoricalRecords):
    def copy_fields(self, model):
        """A translated column is copied as the plain field it wraps, without its
        uniqueness (a party's name repeats in its history)."""
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if isinstance(field, TranslationField):
                _name, path, args, kwargs = field.deconstruct()
                kwargs.pop("unique", None)
                kwargs["verbose_name"] = field.verbose_name  # "label [ar]", not "label"
                fields[name] = import_string(path)(*args, **kwargs)
        return fields


# Models of the app that editors never change, so they keep no history: the API's
# Idempotency-Key bookkeeping (rounds.models.idempotency) and the import previews
# waiting for confirmation (rounds.models.previews).
UNTRACKED = frozenset({"IdempotencyKey", "ImportPreview"})


def tracked_models():
    """Every model editors change, with the plain many-to-many fields (whose rows
    have no model of their own) to copy with each historical row."""
    from . import models as m

    return [
        (m.Source, ()),
        (m.Person, ()),
        (m.Party, ()),
        (m.Appointment, ("processes",)),
        (m.AppointmentOrganisation, ()),
        (m.AppointmentCitation, ()),
        (m.Process, ()),
        (m.Track, ()),
        (m.AgendaItem, ()),
        (m.Round, ()),
        (m.RoundEnvoy, ()),
        (m.RoundResolution, ()),
        (m.AgendaStatus, ()),
        (m.Delegation, ()),
        (m.RoundCitation, ()),
        (m.RoundStatusChange, ()),
        (m.Resolution, ("processes",)),
        (m.Veto, ()),
        (m.MemberVote, ()),
        (m.ResolutionCitation, ()),
        (m.Document, ()),
        (m.DocumentCitation, ()),
        (m.Signature, ()),
        (m.Event, ()),
        (m.EventCitation, ()),
        (m.Correction, ("processes",)),
    ]


def register_models() -> None:
    for model, m2m_fields in tracked_models():
        if hasattr(model._meta, "simple_history_manager_attribute"):
            continue  # already registered (ready() may run twice in some test runners)
        simple_history.register(
            model,
            records_class=TrackerHistoricalRecords,
            excluded_fields=sorted(base.translated_base_fields(model)),
            m2m_fields=m2m_fields,
            history_change_reason_field=models.TextField(null=True),
        )
