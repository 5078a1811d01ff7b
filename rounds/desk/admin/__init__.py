"""The editors' admin: where facts are entered and corrected.

Every text that readers see has English and Arabic inputs (modeltranslation).
Foreign keys to tables that grow use autocomplete; small choice lists are read
once per page, so a change page costs the same queries however big the database.

Editorial safety: every record has a history (django-simple-history) with a diff
per change and a revert that is itself recorded; deleted records can be restored.
A published record's change form refuses a save over a colleague's newer version
and asks for a correction reason when a date, status or vote changes.

The modules, by role: `base` (titles, actions, shared mixins), `history` (history,
revert, restore), `importing` (bulk import and export), `publishing` (versioned
change forms, correction reasons, citations), then one module per group of records:
`talks`, `records`, `actors`, `sources`, `corrections`. Importing this package
registers them all (rounds/apps.py does, there being no rounds/admin.py)."""

from . import actors, corrections, records, sources, talks
from .base import CachedChoicesMixin, error_summary, publish, set_publication, unpublish
from .history import CASCADE_WINDOW, HistoryAdmin, is_id
from .importing import ImportExportAdmin
from .publishing import (
    HISTORY_ONLY,
    READERS_TOLD,
    CitationFormSet,
    CitationInline,
    PublishableAdmin,
    VersionedForm,
    rows_text,
)
from .talks import EnvoyRowsNeedAReason

__all__ = [
    "CASCADE_WINDOW",
    "HISTORY_ONLY",
    "READERS_TOLD",
    "CachedChoicesMixin",
    "CitationFormSet",
    "CitationInline",
    "EnvoyRowsNeedAReason",
    "HistoryAdmin",
    "ImportExportAdmin",
    "PublishableAdmin",
    "VersionedForm",
    "actors",
    "corrections",
    "error_summary",
    "is_id",
    "publish",
    "records",
    "rows_text",
    "set_publication",
    "sources",
    "talks",
    "unpublish",
]
