"""The search index: one row per searchable record with its text folded (Arabic
spelling variants, tashkeel, case, accents) and split into words, kept up to date
on every save and delete (rounds.search). The database indexes it for full-text
search: an FTS5 table on SQLite, a GIN index on PostgreSQL (migration 0005)."""

from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    # Folded words: `names` the record's names (title, label, symbol), weighted
    # above `text`, everything else the search covers.
    names = models.TextField(blank=True)
    text = models.TextField(blank=True)

    # Derived data: rebuilt from the records, never exported (rounds.dataset).
    derived = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="search_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}"
