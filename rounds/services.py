"""Writes that touch several rows at once, each in one transaction."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Publication, Round, RoundEnvoy

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
    """A draft of the round after `previous`: same process, venue, format and
    envoys; number + 1; dates left for the editor to fill in."""
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
        "label_en": next_label(previous.label_en, number)
        or _("%(label)s, next round") % {"label": previous.label_en},
        "label_ar": next_label(previous.label_ar, number),
    }
    new_round = Round.objects.create(
        process_id=previous.process_id,
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
