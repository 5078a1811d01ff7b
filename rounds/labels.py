"""What readers call the timeline's kinds of entry and their statuses."""

from django.utils.translation import gettext_lazy as _

from . import timeline
from .models import Event, Resolution, Round

KINDS = {
    timeline.ROUND: _("Round"),
    timeline.EVENT: _("Event"),
    timeline.RESOLUTION: _("Resolution"),
    timeline.APPOINTMENT: _("Appointment"),
}
KIND_PLURALS = {
    timeline.ROUND: _("Rounds"),
    timeline.EVENT: _("Events"),
    timeline.RESOLUTION: _("Resolutions"),
    timeline.APPOINTMENT: _("Appointments"),
}
STATUSES = {
    timeline.ROUND: dict(Round.Status.choices),
    timeline.EVENT: dict(Event.Kind.choices),
    timeline.RESOLUTION: dict(Resolution.Status.choices),
    timeline.APPOINTMENT: {"current": _("In office"), "ended": _("Term ended")},
}


def status(entry: timeline.Entry) -> str:
    return STATUSES[entry.kind].get(entry.status, entry.status)
