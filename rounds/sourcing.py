"""Every published fact cites where it comes from.

A round, event, resolution, document or appointment is published only with at
least one source. The rule is kept where editors publish (the admin's forms and
its "publish" action, the API, the bulk import), not in `Model.save()`: history
reverts, the demo loader and data migrations write rows in their own order."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Publication


def needs_source(record) -> bool:
    """Whether the record is of a kind that must cite a source to be published."""
    return hasattr(record, "citations") and hasattr(record, "publication")


def is_cited(record) -> bool:
    return bool(record.pk) and record.citations.exists()


def missing_source_message(record) -> str:
    """The refusal, naming the record (e.g. «Round “Geneva VII” …»)."""
    return _(
        "%(kind)s “%(record)s” cannot be published without a source: cite at least "
        "one source for it (or keep it as a draft)."
    ) % {"kind": str(record._meta.verbose_name).capitalize(), "record": record}


def refusal(record, cited: bool | None = None) -> str | None:
    """The message if `record` would be published without a source, else None.
    `cited` says whether the sources about to be saved with it are not empty (None:
    look at the stored citations)."""
    if not needs_source(record) or record.publication != Publication.PUBLISHED:
        return None
    if cited is None:
        cited = is_cited(record)
    return None if cited else missing_source_message(record)


def check(record, cited: bool | None = None) -> None:
    """Raise a ValidationError on `publication` for a published, unsourced record."""
    message = refusal(record, cited)
    if message:
        raise ValidationError({"publication": message})
