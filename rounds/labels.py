"""What readers call the timeline's kinds of entry and their statuses, and the
records, fields and values of the corrections log."""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import DateField
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from . import bidi, fuzzydates, timeline
from .models import Document, Event, Resolution, Round
from .models.base import FuzzyDateField, translated_base_fields
from .models.editorial import field_label

LANGUAGE_NAMES = dict(settings.LANGUAGES)

KINDS = {
    timeline.ROUND: _("Round"),
    timeline.EVENT: _("Event"),
    timeline.RESOLUTION: _("Resolution"),
    timeline.APPOINTMENT: _("Appointment"),
    timeline.DOCUMENT: _("Document"),
}
KIND_PLURALS = {
    timeline.ROUND: _("Rounds"),
    timeline.EVENT: _("Events"),
    timeline.RESOLUTION: _("Resolutions"),
    timeline.APPOINTMENT: _("Appointments"),
    timeline.DOCUMENT: _("Documents"),
}
STATUSES = {
    timeline.ROUND: dict(Round.Status.choices),
    timeline.EVENT: dict(Event.Kind.choices),
    timeline.RESOLUTION: dict(Resolution.Status.choices),
    timeline.APPOINTMENT: {
        timeline.APPOINTED: _("Appointed"),
        timeline.LEFT_OFFICE: _("Left office"),
    },
    timeline.DOCUMENT: dict(Document.Kind.choices),
}


def status(entry: timeline.Entry) -> str:
    return STATUSES[entry.kind].get(entry.status, entry.status)


def signed_by(entry: timeline.Entry) -> str:
    """ "Signed by: A, B" (plain text, runs isolated) for a document its parties
    signed, else ''. The parties come from timeline.with_signatories()."""
    parties = getattr(entry.record, "signed_by", None) if entry.kind == timeline.DOCUMENT else None
    if not parties:
        return ""
    comma = pgettext("punctuation", ",")
    names = f"{comma} ".join(bidi.field(party, "name") for party in parties)
    return gettext("Signed by: %(parties)s") % {"parties": names}


# --- The corrections log -------------------------------------------------------------

RECORD_KINDS = {
    **KINDS,
    "process": _("Process"),
}

# Rows kept beside a record (admin inlines), named in a correction by their
# accessor. Django's automatic plural ("citation" + "s") does not translate.
ROWS = {
    "agenda": _("agenda"),
    "agenda_items": _("agenda items"),
    "appointmentorganisation_set": _("organisations"),
    "citations": _("sources"),
    "delegations": _("delegations"),
    "roundenvoy_set": _("convening envoys"),
    "roundresolution_set": _("mandating resolutions"),
    "side_sessions": _("side sessions"),
    "signature_set": _("signatories"),
    "status_log": _("status log"),
    "veto_set": _("vetoes"),
}


def record_kind(model, name: str) -> str:
    """What readers call a kind of record: "Round", "Document"."""
    return RECORD_KINDS.get(name) or (capfirst(model._meta.verbose_name) if model else name)


def field_name(model, name: str) -> str:
    """A changed field as readers name it: "start", "label (Arabic)", "sources"."""
    if name in ROWS:
        return str(ROWS[name])
    base, _sep, code = name.rpartition("_")
    if model is not None and base in translated_base_fields(model) and code in LANGUAGE_NAMES:
        return _("%(field)s (%(language)s)") % {
            "field": field_label(model, base),
            "language": LANGUAGE_NAMES[code],
        }
    return field_label(model, name)


def field_value(model, name: str, value: str) -> str:
    """A logged value ("announced", "2017-07-10") as readers read it: a choice by
    its label, a date in words. Anything else as logged."""
    if not value or model is None:
        return value
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed
        return value
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, FuzzyDateField | DateField):
        return fuzzydates.natural(value) or value
    return value
