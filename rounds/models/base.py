"""Shared building blocks: publication state, timestamps, fuzzy-date fields,
sources and the citation base."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import fuzzydates
from ..validators import validate_fuzzy_date, validate_language_code


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see. Every public-facing view starts here."""
        return self.filter(publication=Publication.PUBLISHED)

    def drafts(self):
        return self.filter(publication=Publication.DRAFT)


class ProcessChildQuerySet(PublishableQuerySet):
    def published(self):
        # A published record of a draft process is still hidden.
        return super().published().filter(process__publication=Publication.PUBLISHED)

    def for_process(self, process):
        return self.filter(process=process)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Publishable(TimeStamped):
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.DRAFT,
        help_text=_("Drafts are visible to editors only."),
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED


class FuzzyDateField(models.CharField):
    """An EDTF level 0/1 date string. The model keeps `<name>_earliest` and
    `<name>_latest` date columns beside it, filled by FuzzyDatesMixin."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            _("EDTF: 2017, 2017-08 or 2017-07-10; add ~ if approximate, ? if uncertain."),
        )
        kwargs["validators"] = [validate_fuzzy_date]
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs


def bound_fields(name: str, label: str) -> tuple[models.DateField, models.DateField]:
    """The derived earliest/latest columns of one fuzzy date."""
    return (
        models.DateField(f"{label} (earliest)", null=True, blank=True, editable=False),
        models.DateField(f"{label} (latest)", null=True, blank=True, editable=False),
    )


def fuzzy_constraints(model: str, name: str) -> list[models.CheckConstraint]:
    """The derived columns are filled whenever the text is, and are in order."""
    return [
        models.CheckConstraint(
            condition=Q(**{name: ""})
            | Q(**{f"{name}_earliest__isnull": False, f"{name}_latest__isnull": False}),
            name=f"{model}_{name}_bounds_filled",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{name}_earliest__lte": F(f"{name}_latest")})
            | Q(**{f"{name}_earliest__isnull": True}),
            name=f"{model}_{name}_bounds_ordered",
        ),
    ]


def range_constraint(model: str, start: str, end: str) -> models.CheckConstraint:
    """An end that lies wholly before its start is refused by the database too."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}_latest__gte": F(f"{start}_earliest")})
        | Q(**{f"{end}_latest__isnull": True})
        | Q(**{f"{start}_earliest__isnull": True}),
        name=f"{model}_{end}_not_before_{start}",
        violation_error_message=_("The end date is before the start date."),
    )


class FuzzyDatesMixin:
    """Keeps the earliest/latest columns of each fuzzy date in step with its text.

    `fuzzy_fields` names the EDTF fields; `fuzzy_ranges` the (start, end) pairs whose
    end may not lie before the start."""

    fuzzy_fields: tuple[str, ...] = ()
    fuzzy_ranges: tuple[tuple[str, str], ...] = ()

    def fill_fuzzy_bounds(self) -> None:
        for name in self.fuzzy_fields:
            text = (getattr(self, name) or "").strip()
            setattr(self, name, text)
            value = fuzzydates.parse(text) if text else None
            setattr(self, f"{name}_earliest", value.earliest if value else None)
            setattr(self, f"{name}_latest", value.latest if value else None)

    def clean_fuzzy_dates(self) -> None:
        """Fill the bounds of the valid dates and check each range's order. An
        unparsable date is left to its field validator, which reports it once."""
        valid = set()
        for name in self.fuzzy_fields:
            text = (getattr(self, name) or "").strip()
            setattr(self, name, text)
            value = fuzzydates.parse_or_none(text)
            if text and value is None:
                continue
            valid.add(name)
            setattr(self, f"{name}_earliest", value.earliest if value else None)
            setattr(self, f"{name}_latest", value.latest if value else None)
        errors = {}
        for start, end in self.fuzzy_ranges:
            if not {start, end} <= valid:
                continue
            start_at = getattr(self, f"{start}_earliest")
            end_at = getattr(self, f"{end}_latest")
            if start_at and end_at and end_at < start_at:
                errors[end] = _("The end (%(end)s) is before the start (%(start)s).") % {
                    "end": getattr(self, end),
                    "start": getattr(self, start),
                }
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # A date already reported on its field is not reported again by the
        # constraints on its derived columns.
        exclude = set(exclude or ())
        for name in self.fuzzy_fields:
            if name in exclude:
                exclude |= {f"{name}_earliest", f"{name}_latest"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        super().clean()
        self.clean_fuzzy_dates()

    def save(self, *args, **kwargs):
        self.fill_fuzzy_bounds()
        super().save(*args, **kwargs)


class Source(TimeStamped):
    publisher = models.CharField(_("publisher"), max_length=200)
    title = models.CharField(_("title"), max_length=500, blank=True)
    url = models.URLField(_("URL"), max_length=800, unique=True)
    archived_url = models.URLField(_("archived copy"), max_length=800, blank=True)
    language = models.CharField(
        _("language"), max_length=3, default="en", validators=[validate_language_code]
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["publisher", "title", "url"]
        verbose_name = _("source")

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title or self.url}"


class Citation(models.Model):
    """A record's reference to a source, with the quote that supports it."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, verbose_name=_("source"))
    quote = models.TextField(_("quote"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.source)
