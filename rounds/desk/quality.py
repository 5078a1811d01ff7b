"""The data-quality desk: what in the record needs an editor's attention, per
process, each item linking to the record. Read by the admin page and by
`manage.py check_record` (which CI runs on the demo data with --fail-on error).

Messages are in the active language (the editor's in the admin, English for
`check_record`).

Errors are contradictions or gaps a reader would be misled by (a published
record with no source, an envoy convening a round outside his term, a held
round with no date, a malformed source URL); warnings are gaps to fill (Arabic
text, a source's title, date or archived copy, a process "ongoing" with nothing
recorded for a year, the same source entered twice)."""

import re
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from ..models import (
    Appointment,
    Event,
    Process,
    Resolution,
    Round,
    RoundEnvoy,
    Source,
)
from ..models.base import translated_base_fields

ERROR, WARNING = "error", "warning"
SEVERITIES = (ERROR, WARNING)
# What editors read; the machine values stay in check_record's output and --fail-on.
SEVERITY_LABELS = {
    ERROR: pgettext_lazy("data-quality severity", "Error"),
    WARNING: pgettext_lazy("data-quality severity", "Warning"),
}
GENERAL = "—"  # the heading of items that belong to no one process (sources)


@dataclass(frozen=True)
class Issue:
    severity: str
    check: str
    process: str
    record: str
    message: str
    url: str

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.severity])

    def as_line(self) -> str:
        return f"[{self.severity}] {self.record}: {self.message} ({self.url})"


def listing(items) -> str:
    """Names joined with the comma of the active language."""
    return f"{pgettext('punctuation', ',')} ".join(str(item) for item in items)


def admin_url(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def issue(severity, check, process, record, message) -> Issue:
    return Issue(severity, check, str(process), str(record), message, admin_url(record))


def run(processes=None, *, live: bool = False, today=None) -> list[Issue]:
    """Every issue, errors first, grouped by process. `live` also fetches each
    source URL (slow, needs the network; only when asked)."""
    today = today or timezone.localdate()
    processes = list(processes if processes is not None else Process.objects.all())
    issues = []
    for check in (
        unsourced,
        envoys_out_of_office,
        held_without_dates,
        dormant_processes,
        missing_arabic,
    ):
        issues += check(processes, today)
    issues += source_problems(live=live)
    order = {name: index for index, name in enumerate(SEVERITIES)}
    return sorted(issues, key=lambda i: (i.process, order[i.severity], i.check, i.record))


def by_process(issues: list[Issue]) -> dict[str, list[Issue]]:
    grouped = defaultdict(list)
    for item in issues:
        grouped[item.process].append(item)
    return dict(grouped)


# --- The checks ---------------------------------------------------------------------


def unsourced(processes, today) -> list[Issue]:
    """Published records no source supports."""
    found = []
    kinds = [
        (Round.objects.filter(process__in=processes), "process"),
        (Event.objects.filter(process__in=processes), "process"),
    ]
    for queryset, via in kinds:
        rows = queryset.published().annotate(n=Count("citations")).filter(n=0).select_related(via)
        for record in rows:
            found.append(
                issue(ERROR, "unsourced", record.process, record, _("Published without a source."))
            )
    resolutions = (
        Resolution.objects.published()
        .filter(processes__in=processes)
        .annotate(n=Count("citations"))
        .filter(n=0)
        .prefetch_related("processes")
        .distinct()
    )
    for resolution in resolutions:
        process = next((p for p in resolution.processes.all() if p in processes), GENERAL)
        found.append(
            issue(ERROR, "unsourced", process, resolution, _("Published without a source."))
        )
    appointments = (
        Appointment.objects.published()
        .filter(processes__in=processes)
        .annotate(n=Count("citations"))
        .filter(n=0)
        .select_related("person")
        .prefetch_related("processes")
        .distinct()
    )
    for appointment in appointments:
        process = next((p for p in appointment.processes.all() if p in processes), GENERAL)
        found.append(
            issue(ERROR, "unsourced", process, appointment, _("Published without a source."))
        )
    return found


def envoys_out_of_office(processes, today) -> list[Issue]:
    """A round convened by an envoy whose recorded term does not cover its dates."""
    found = []
    terms = defaultdict(list)
    for appointment in Appointment.objects.filter(processes__in=processes).distinct():
        terms[appointment.person_id].append(appointment)
    envoys = RoundEnvoy.objects.filter(round__process__in=processes).select_related(
        "round__process", "person"
    )
    for envoy in envoys:
        round_ = envoy.round
        earliest = round_.start_earliest or round_.announced_start_earliest
        latest = round_.end_latest or round_.start_latest or round_.announced_start_latest
        if earliest is None or not terms.get(envoy.person_id):
            continue
        answers = [a.in_office_during(earliest, latest) for a in terms[envoy.person_id]]
        if any(answer is None or answer for answer in answers):
            continue
        found.append(
            issue(
                ERROR,
                "envoy_not_in_office",
                round_.process,
                round_,
                _("%(envoy)s convenes it but was not in office then (%(terms)s).")
                % {
                    "envoy": envoy.person,
                    "terms": listing(a.tenure for a in terms[envoy.person_id]),
                },
            )
        )
    return found


def held_without_dates(processes, today) -> list[Issue]:
    """Rounds marked held (ongoing or concluded) with no date at all. A side
    session without its own dates takes its main round's: a warning only."""
    found = []
    rounds = Round.objects.filter(
        process__in=processes, status__in=["ongoing", "concluded"], start=""
    ).select_related("process", "parent")
    for round_ in rounds:
        if round_.parent_id and round_.parent.start:
            found.append(
                issue(
                    WARNING,
                    "held_without_dates",
                    round_.process,
                    round_,
                    _("Held, with no dates of its own (its main round's: %(dates)s).")
                    % {"dates": round_.parent.dates},
                )
            )
        else:
            found.append(
                issue(ERROR, "held_without_dates", round_.process, round_, _("Held, but undated."))
            )
    return found


def dormant_processes(processes, today) -> list[Issue]:
    """Processes without an end ("ongoing") whose latest round or event is over a
    year old: say they are dormant, or record what happened since."""
    found = []
    year_ago = today - timedelta(days=365)
    latest = {
        row["pk"]: row
        for row in Process.objects.filter(pk__in=[p.pk for p in processes])
        .values("pk")
        .annotate(last_round=Max("rounds__start_latest"), last_event=Max("events__date_latest"))
    }
    for process in processes:
        if process.end:
            continue
        row = latest.get(process.pk, {})
        last = max((d for d in (row.get("last_round"), row.get("last_event")) if d), default=None)
        if last is None or last < year_ago:
            when = last.isoformat() if last else _("nothing dated")
            found.append(
                issue(
                    WARNING,
                    "dormant",
                    process,
                    process,
                    _("Ongoing (no end), but the latest round or event is %(when)s.")
                    % {"when": when},
                )
            )
    return found


READER_FIELDS = {
    Round: ("label", "city", "summary", "outcome"),
    Event: ("title", "description", "place"),
    Process: ("name", "conflict", "description"),
}


def missing_arabic(processes, today) -> list[Issue]:
    """Published reader-facing text with an English version and no Arabic one."""
    found = []
    for model, names in READER_FIELDS.items():
        names = [n for n in names if n in translated_base_fields(model)]
        gaps = Q()
        for name in names:
            gaps |= ~Q(**{f"{name}_en": ""}) & (Q(**{f"{name}_ar": ""}) | Q(**{f"{name}_ar": None}))
        if model is Process:
            rows = model.objects.published().filter(pk__in=[p.pk for p in processes])
        else:
            rows = model.objects.published().filter(process__in=processes).select_related("process")
        for record in rows.filter(gaps):
            missing = [
                model._meta.get_field(n).verbose_name
                for n in names
                if getattr(record, f"{n}_en") and not getattr(record, f"{n}_ar")
            ]
            process = record if model is Process else record.process
            found.append(
                issue(
                    WARNING,
                    "missing_arabic",
                    process,
                    record,
                    _("No Arabic for: %(fields)s.") % {"fields": listing(missing)},
                )
            )
    return found


_validate_url = URLValidator(schemes=["http", "https"])


def url_key(url: str) -> str:
    """The same page however it is written: scheme, www., trailing slash, case of
    the host, AMP suffixes ignored."""
    url = url.strip()
    url = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
    host, _slash, rest = url.partition("/")
    rest = re.sub(r"(/amp/?|\?amp=1|/)$", "", rest)
    return f"{host.lower()}/{rest}"


def source_problems(*, live: bool = False) -> list[Issue]:
    """Sources: malformed or duplicate URLs (offline), missing title, date or
    archived copy; with `live`, URLs that do not answer."""
    found = []
    seen = defaultdict(list)
    for source in Source.objects.all():
        try:
            _validate_url(source.url)
        except ValidationError:
            found.append(issue(ERROR, "source_url", GENERAL, source, _("The URL is malformed.")))
        seen[url_key(source.url)].append(source)
        missing = [
            label
            for label, value in (
                (_("title"), source.title),
                (_("date"), source.published_on),
                (_("archived copy"), source.archived_url),
            )
            if not value
        ]
        if missing:
            message = _("No %(details)s.") % {"details": listing(missing)}
            found.append(issue(WARNING, "source_details", GENERAL, source, message))
        if live:
            problem = fetch_problem(source.url)
            if problem:
                found.append(issue(ERROR, "source_broken", GENERAL, source, problem))
    for sources in seen.values():
        for duplicate in sources[1:]:
            found.append(
                issue(
                    WARNING,
                    "source_duplicate",
                    GENERAL,
                    duplicate,
                    _("The same page as “%(other)s” (%(url)s).")
                    % {"other": sources[0], "url": sources[0].url},
                )
            )
    return found


def fetch_problem(url: str, timeout: float = 10) -> str:
    """'' if the URL answers, else what went wrong (a live check: network)."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "tracker-check"})
    try:
        with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310 (http(s) only)
            return ""
    except urllib.error.HTTPError as error:
        if error.code in (403, 405, 429):
            return ""
        return _("The URL answers %(code)s.") % {"code": error.code}
    except (urllib.error.URLError, OSError, ValueError) as error:
        return _("The URL does not answer (%(error)s).") % {"error": error}
