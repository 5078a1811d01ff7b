"""`manage.py rebuild_search_index`: rewrite the search index from the records,
after rows were written without their save signals (bulk loads, raw SQL)."""

from django.core.management.base import BaseCommand

from rounds import search


class Command(BaseCommand):
    help = "Rewrite the search index from the records."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(f"Search index rebuilt: {count} entries.")
