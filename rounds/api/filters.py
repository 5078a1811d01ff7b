"""Query parameters of the API: a FilterSet per resource, and backends that refuse
what they do not understand (a typo such as `stauts=` is a 400, not every row)."""

from datetime import date

import django_filters as filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter

from .. import search as finder
from ..models import (
    AgendaItem,
    Appointment,
    Document,
    Event,
    Party,
    Person,
    Process,
    Resolution,
    Round,
    Source,
    Track,
)

# Read by pagination, search, ordering, rendering and the language switch.
GLOBAL_PARAMS = {"page", "page_size", "format", "search", "ordering", "lang", "cursor"}
POSITIVE_INT_PARAMS = ("page", "page_size")
# No filter, search or ordering needs more: a longer value is a 400, not a query.
MAX_PARAM_LENGTH = 1000


def check_query_params(params, filterset_class) -> None:
    """Raise a 400 naming each parameter that is unknown or malformed."""
    known = GLOBAL_PARAMS | set(filterset_class.base_filters if filterset_class else ())
    errors = {
        name: [_("Unknown parameter. This endpoint accepts: %s.") % ", ".join(sorted(known))]
        for name in sorted(set(params) - known)
    }
    for name in sorted(known & set(params)):
        if any(len(value) > MAX_PARAM_LENGTH for value in params.getlist(name)):
            errors[name] = [_("At most %s characters.") % MAX_PARAM_LENGTH]
    for name in POSITIVE_INT_PARAMS:
        value = params.get(name)
        # isascii(): "²" and "①" are digits to str.isdigit() but not to int().
        whole = value is not None and value.isascii() and value.isdigit()
        whole = whole and len(value) < 19 and int(value) > 0
        if value is not None and not (whole or value == "last"):
            errors[name] = [_("Give a positive whole number.")]
    languages = [code for code, _name in settings.LANGUAGES]
    if "lang" in params and params["lang"] not in languages:
        errors["lang"] = [_("Choose one of: %s.") % ", ".join(languages)]
    if errors:
        raise ValidationError(errors)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, after checking every query parameter (see check_query_params);
    a malformed filter value (bad date, unknown choice) is a 400 too."""

    def filter_queryset(self, request, queryset, view):
        check_query_params(request.query_params, self.get_filterset_class(view, queryset))
        return super().filter_queryset(request, queryset, view)


class TextSearchFilter(SearchFilter):
    """`search=`: through the full-text index for the records it covers (folded
    Arabic, prefix words, every word must match), DRF's own search elsewhere; a
    query over the limits is a 400 that says which."""

    search_description = _(
        "Words to find in the English and Arabic text fields (at most %(terms)s words "
        "and %(length)s characters)."
    ) % {"terms": finder.MAX_TERMS, "length": finder.MAX_QUERY_LENGTH}

    def filter_queryset(self, request, queryset, view):
        self.get_search_terms(request)  # DRF's checks: e.g. a null character is a 400
        query = request.query_params.get(self.search_param, "")
        problem = finder.problem(query) if query.strip() else None
        if problem in ("too_long", "too_many_terms"):
            raise ValidationError({self.search_param: [SEARCH_PROBLEMS[problem]()]})
        if query.strip() and queryset.model in finder.KIND_OF_MODEL:
            return finder.filter_queryset(queryset, query)
        return super().filter_queryset(request, queryset, view)


SEARCH_PROBLEMS = {
    "too_long": lambda: (
        _("Shorten the search to %(n)s characters or fewer.") % {"n": finder.MAX_QUERY_LENGTH}
    ),
    "too_many_terms": lambda: _("Search for %(n)s words or fewer.") % {"n": finder.MAX_TERMS},
}


class StrictOrderingFilter(OrderingFilter):
    ordering_description = _(
        "Sort by one or more comma-separated fields; prefix with - for descending."
    )

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        invalid = [f for f in fields if f.lstrip("-") not in {v.lstrip("-") for v in valid}]
        if invalid:
            allowed = ", ".join(name for name, _label in self.get_valid_fields(queryset, view))
            raise ValidationError(
                {
                    "ordering": [
                        _("Cannot sort by %(f)s; use %(a)s.") % {"f": invalid[0], "a": allowed}
                    ]
                }
            )
        return valid


class MultipleValueWidget(forms.SelectMultiple):
    """Several values, repeated (`status=a&status=b`) or comma-separated (`status=a,b`)."""

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return None
        return [part for value in data.getlist(name) for part in value.split(",") if part]


class ChoicesFilter(filters.MultipleChoiceFilter):
    """One or more choices; a record matches any of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleValueWidget)
        super().__init__(*args, **kwargs)


class IntegerFilter(filters.NumberFilter):
    """A whole number within what the database can store (ids included), so a huge
    value is a 400 rather than an overflow in the database driver."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


def visible_to(request, model):
    """What the caller may see of `model`: everything with the model's view
    permission (editors), else what the public may see."""
    opts = model._meta
    user = getattr(request, "user", None)
    if user is not None and user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return model.objects.all()
    return model.objects.public()


class LinkFilterMixin:
    """A filter on a linked record (`link`, of `model`) that matches through records
    the caller may see only: on a draft it answers as on one that does not exist,
    so a filter never confirms that a draft is there."""

    def __init__(self, *args, link: str, model, **kwargs):
        self.link, self.link_model = link, model
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        visible = visible_to(getattr(self.parent, "request", None), self.link_model)
        lookup = f"{self.field_name}__{self.lookup_expr}"
        # One filter() call: the value and the visibility apply to the same row.
        return qs.filter(**{lookup: value, f"{self.link}__in": visible})


class LinkCharFilter(LinkFilterMixin, filters.CharFilter):
    pass


class LinkIntegerFilter(LinkFilterMixin, IntegerFilter):
    pass


PROCESS_HELP = _("Slug of the process, e.g. `syria-geneva`.")


class RoundFilter(filters.FilterSet):
    process = filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)
    track = filters.CharFilter(
        method="filter_track",
        help_text=_("Id or slug of a track; `none` for rounds outside any track."),
    )
    kind = ChoicesFilter(
        choices=Round.Kind.choices,
        help_text=_("One or more kinds of meeting, comma-separated or repeated."),
    )
    status = ChoicesFilter(
        choices=Round.Status.choices,
        help_text=_("One or more statuses, comma-separated or repeated."),
    )
    # `format` itself chooses the output (json, csv) on every endpoint.
    meeting_format = filters.ChoiceFilter(
        field_name="format", choices=Round.Format.choices, help_text=_("Meeting format.")
    )
    start_after = filters.DateFilter(
        field_name="start_latest",
        lookup_expr="gte",
        help_text=_("Rounds that may have started on or after this ISO date (YYYY-MM-DD)."),
    )
    start_before = filters.DateFilter(
        field_name="start_earliest",
        lookup_expr="lte",
        help_text=_("Rounds that may have started on or before this ISO date (YYYY-MM-DD)."),
    )
    year = IntegerFilter(
        method="filter_year",
        min_value=1000,
        max_value=2999,
        help_text=_("Rounds that may have started in this year."),
    )
    envoy = IntegerFilter(field_name="envoys", help_text=_("Id of a convening envoy (person)."))
    agenda_item = IntegerFilter(
        field_name="agenda__item", help_text=_("Id of an agenda item the round dealt with.")
    )
    resolution = LinkCharFilter(
        field_name="resolutions__symbol",
        link="resolutions",
        model=Resolution,
        help_text=_("Symbol of a mandating resolution, e.g. `S/RES/2254 (2015)`."),
    )
    party = IntegerFilter(
        field_name="delegations__party", help_text=_("Id of a party that sent a delegation.")
    )

    class Meta:
        model = Round
        fields = []

    def filter_year(self, queryset, name, value: int):
        return queryset.filter(
            start_latest__gte=date(value, 1, 1), start_earliest__lte=date(value, 12, 31)
        )

    def filter_track(self, queryset, name, value: str):
        if value == "none":
            return queryset.filter(track__isnull=True)
        if value.isascii() and value.isdigit() and len(value) < 19:  # not "²"
            return queryset.filter(track=int(value))
        return queryset.filter(track__slug=value)


class EventFilter(filters.FilterSet):
    process = filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)
    kind = ChoicesFilter(
        choices=Event.Kind.choices, help_text=_("One or more kinds, comma-separated or repeated.")
    )
    round = LinkIntegerFilter(
        field_name="round",
        link="round",
        model=Round,
        help_text=_("Id of the round the event concerns."),
    )
    date_after = filters.DateFilter(
        field_name="date_latest",
        lookup_expr="gte",
        help_text=_("Events that may have happened on or after this ISO date."),
    )
    date_before = filters.DateFilter(
        field_name="date_earliest",
        lookup_expr="lte",
        help_text=_("Events that may have happened on or before this ISO date."),
    )

    class Meta:
        model = Event
        fields = []


class ResolutionFilter(filters.FilterSet):
    symbol = filters.CharFilter(help_text=_("Exact UN symbol, e.g. `S/RES/2254 (2015)`."))
    body = filters.ChoiceFilter(choices=Resolution.Body.choices, help_text=_("UN body."))
    year = IntegerFilter(min_value=1945, max_value=2999, help_text=_("Year of the resolution."))
    status = ChoicesFilter(
        choices=Resolution.Status.choices,
        help_text=_("One or more outcomes, comma-separated or repeated."),
    )
    process = LinkCharFilter(
        field_name="processes__slug", link="processes", model=Process, help_text=PROCESS_HELP
    )
    adopted_after = filters.DateFilter(
        field_name="adopted_on",
        lookup_expr="gte",
        help_text=_("Adopted (or voted on) on or after this ISO date."),
    )
    adopted_before = filters.DateFilter(
        field_name="adopted_on",
        lookup_expr="lte",
        help_text=_("Adopted (or voted on) on or before this ISO date."),
    )

    class Meta:
        model = Resolution
        fields = []


class DocumentFilter(filters.FilterSet):
    process = filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)
    kind = ChoicesFilter(
        choices=Document.Kind.choices,
        help_text=_("One or more kinds, comma-separated or repeated."),
    )
    round = LinkIntegerFilter(
        field_name="round", link="round", model=Round, help_text=_("Id of the round.")
    )
    date_after = filters.DateFilter(
        field_name="date_latest", lookup_expr="gte", help_text=_("Dated on or after (ISO date).")
    )
    date_before = filters.DateFilter(
        field_name="date_earliest",
        lookup_expr="lte",
        help_text=_("Dated on or before (ISO date)."),
    )

    class Meta:
        model = Document
        fields = []


class AppointmentFilter(filters.FilterSet):
    person = IntegerFilter(field_name="person", help_text=_("Id of the person."))
    process = filters.CharFilter(field_name="processes__slug", help_text=PROCESS_HELP)
    current = filters.BooleanFilter(
        method="filter_current",
        help_text=_("true: in office (no end recorded); false: left office."),
    )

    class Meta:
        model = Appointment
        fields = []

    def filter_current(self, queryset, name, value):
        current = queryset.current()
        return current if value else queryset.exclude(pk__in=current.values("pk"))


class PersonFilter(filters.FilterSet):
    wikidata_id = filters.CharFilter(help_text=_("Wikidata ID, e.g. Q123."))

    class Meta:
        model = Person
        fields = []


class PartyFilter(filters.FilterSet):
    kind = ChoicesFilter(
        choices=Party.Kind.choices, help_text=_("One or more kinds, comma-separated or repeated.")
    )
    wikidata_id = filters.CharFilter(help_text=_("Wikidata ID, e.g. Q123."))

    class Meta:
        model = Party
        fields = []


class TrackFilter(filters.FilterSet):
    process = filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)

    class Meta:
        model = Track
        fields = []


class AgendaItemFilter(filters.FilterSet):
    process = filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)

    class Meta:
        model = AgendaItem
        fields = []


class SourceFilter(filters.FilterSet):
    publisher = filters.CharFilter(lookup_expr="iexact", help_text=_("Publisher, e.g. UN News."))
    language = filters.CharFilter(help_text=_("ISO 639 code of the source's language."))

    class Meta:
        model = Source
        fields = []
