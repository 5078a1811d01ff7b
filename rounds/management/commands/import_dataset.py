"""`manage.py import_dataset FILE`: load an export_dataset file into an empty
database (run `migrate` first)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rounds import dataset


class Command(BaseCommand):
    help = (
        "Load a file written by export_dataset into an empty, migrated database: all of it "
        "or nothing. Refuses a non-empty database and a file from a newer tracker."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file written by export_dataset.")

    def handle(self, *args, path: Path, **options):
        try:
            counts = dataset.import_dataset(path)
        except dataset.DatasetError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Loaded {sum(counts.values())} objects of {len(counts)} kinds.")
