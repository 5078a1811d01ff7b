"""What an editor needs to know when a save is refused: what a colleague changed
since the editor loaded the record (read from the history)."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from .models.base import same_value, tracked_fields


@dataclass
class Meanwhile:
    """The changes between the version an editor loaded and the current one."""

    loaded_version: int | None
    current_version: int | None
    fields: list[dict] = field(default_factory=list)  # {name, label, loaded, current}
    editors: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.current_version is None:
            return _("Someone else deleted this record while you were editing it.")
        parts = [
            _("%(field)s is now “%(current)s” (you loaded “%(loaded)s”)")
            % {"field": item["label"], "current": item["current"], "loaded": item["loaded"]}
            for item in self.fields
        ]
        who = ", ".join(self.editors) or _("another editor")
        text = _(
            "%(who)s saved this record while you were editing it (version %(old)s → %(new)s)."
        ) % {
            "who": who,
            "old": self.loaded_version,
            "new": self.current_version,
        }
        if parts:
            text += " " + _("Changed meanwhile: %(changes)s.") % {"changes": "; ".join(parts)}
        return text


def display(record: models.Model, field: models.Field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return str(value)


def changes_since(record: models.Model, loaded_version: int | None) -> Meanwhile:
    """Compare the historical row of `loaded_version` with the record as stored."""
    model = type(record)
    current = model._base_manager.filter(pk=record.pk).first()
    result = Meanwhile(loaded_version, current.version if current else None)
    if current is None or loaded_version is None or not hasattr(model, "history"):
        return result
    rows = model.history.filter(id=record.pk)
    baseline = rows.filter(version=loaded_version).order_by("-history_date").first()
    later = rows.filter(version__gt=loaded_version).select_related("history_user")
    result.editors = sorted({str(row.history_user) for row in later if row.history_user})
    if baseline is None:
        return result
    for model_field in tracked_fields(model):
        before = getattr(baseline, model_field.attname)
        now = getattr(current, model_field.attname)
        if not same_value(before, now):
            result.fields.append(
                {
                    "name": model_field.name,
                    "label": str(model_field.verbose_name),
                    "loaded": display(record, model_field, before),
                    "current": display(record, model_field, now),
                }
            )
    return result
