"""`manage.py export_dataset FILE`: the whole database in one versioned JSON file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from rounds import dataset


class Command(BaseCommand):
    help = (
        "Write the whole database (records, history, logs, users) to one JSON file that "
        "import_dataset loads into an empty database. The file holds password hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file to write, e.g. backup.json.")

    def handle(self, *args, path: Path, **options):
        counts = dataset.export_dataset(path)
        self.stdout.write(
            f"Wrote {sum(counts.values())} objects of {len(counts)} kinds to {path} "
            f"(dataset format {dataset.FORMAT_VERSION})."
        )
