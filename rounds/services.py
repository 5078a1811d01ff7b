"""Writes that touch several rows at once, each in one transaction."""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import AgendaStatus, Delegation, Publication, Resolution, Round, RoundEnvoy

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


class NextRoundError(Exception):
    pass


def to_roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def next_label(label: str, number: int | None) -> str:
    """'Geneva VII' -> 'Geneva VIII', 'Astana 7' -> 'Astana 8'; '' if no number."""
    match = re.fullmatch(r"(.*\S)\s+([IVXLCDM]+|\d+)", label or "")
    if not match or number is None:
        return ""
    prefix, old = match.groups()
    return f"{prefix} {number if old.isdigit() else to_roman(number)}"


@transaction.atomic
def round_create_next(previous: Round) -> Round:
    """A draft of the round after `previous`: same process, track, venue, format
    and envoys; number + 1; dates left for the editor to fill in."""
    if previous.parent_id:
        raise NextRoundError(_("Continue from a main round, not from a side session."))
    number = previous.number + 1 if previous.number is not None else None
    if (
        number is not None
        and Round.objects.filter(process_id=previous.process_id, number=number).exists()
    ):
        raise NextRoundError(
            _("%(process)s already has a round number %(number)s.")
            % {"process": previous.process, "number": number}
        )
    labels = {
        # Stored English text: not in the editor's language (an Arabic admin too).
        "label_en": next_label(previous.label_en, number) or f"{previous.label_en}, next round",
        "label_ar": next_label(previous.label_ar, number),
    }
    new_round = Round.objects.create(
        process_id=previous.process_id,
        track_id=previous.track_id,
        number=number,
        status=Round.Status.PLANNED,
        format=previous.format,
        city_en=previous.city_en,
        city_ar=previous.city_ar,
        venue_en=previous.venue_en,
        venue_ar=previous.venue_ar,
        publication=Publication.DRAFT,
        **labels,
    )
    RoundEnvoy.objects.bulk_create(
        RoundEnvoy(round=new_round, person_id=envoy.person_id, role=envoy.role)
        for envoy in previous.roundenvoy_set.all()
    )
    return new_round


@transaction.atomic
def round_save(
    round_: Round,
    *,
    resolutions: list[Resolution] | None = None,
    envoys: list[dict] | None = None,
    agenda: list[dict] | None = None,
    delegations: list[dict] | None = None,
    citations: list[dict] | None = None,
) -> Round:
    """Validate a round as the admin does and save it with, when given, its
    mandating resolutions, convening envoys ({person, role}), agenda statuses
    ({item, status, note}), delegations ({party, capacity, ...}) and citations
    ({source, quote}): all of it, or nothing (ValidationError). A published
    round's new dates or status need `round_.correction_reason`."""
    round_.full_clean()
    error = round_.correction_reason_error()
    if error:
        raise ValidationError({"correction_reason": error})
    round_.save()
    if resolutions is not None:
        round_.resolutions.set(resolutions)
    if envoys is not None:
        replace_rows(round_, RoundEnvoy, "round", "person", envoys, "envoys")
    if agenda is not None:
        replace_rows(round_, AgendaStatus, "round", "item", agenda, "agenda")
    if delegations is not None:
        replace_rows(round_, Delegation, "round", "party", delegations, "delegations")
    if citations is not None:
        citations_replace(round_, citations)
    return round_


def citations_replace(record: models.Model, rows: list[dict], name: str = "sources") -> None:
    """Make a record's citations exactly `rows` ({source, quote}), one per source."""
    relation = record.citations
    replace_rows(record, relation.model, relation.field.name, "source", rows, name)


def replace_rows(
    owner: models.Model,
    model: type[models.Model],
    owner_field: str,
    key: str,
    rows: list[dict],
    name: str,
) -> None:
    """Make the owner's `model` rows exactly `rows`, one per `key`. Matching rows
    are updated in place, so text in the other language survives. Errors name the
    row by its place in the list: `envoys[1].person`."""
    existing = {
        getattr(row, f"{key}_id"): row for row in model.objects.filter(**{owner_field: owner})
    }
    seen = set()
    errors = {}
    for index, fields in enumerate(rows):
        pk = fields[key].pk
        if pk in seen:
            errors[f"{name}[{index}].{key}"] = [_("Listed twice.")]
            continue
        seen.add(pk)
        row = existing.pop(pk, None) or model(**{owner_field: owner})
        for field, value in fields.items():
            setattr(row, field, value)
        try:
            row.full_clean(exclude=[owner_field])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                path = (
                    f"{name}[{index}]" if field == NON_FIELD_ERRORS else f"{name}[{index}].{field}"
                )
                errors.setdefault(path, []).extend(messages)
            continue
        if not errors:
            row.save()
    if errors:
        raise ValidationError(errors)
    model.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    # The owner may carry these rows prefetched (an API update): forget them, so
    # checks after the write (sources of a published record) see the new rows.
    accessor = model._meta.get_field(owner_field).remote_field.get_accessor_name()
    getattr(owner, "_prefetched_objects_cache", {}).pop(accessor, None)
