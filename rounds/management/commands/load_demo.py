"""`manage.py load_demo`: load the demo dataset (safe to run twice)."""

from django.core.management.base import BaseCommand

from rounds.demo import load_demo, summarise
from rounds.models import Process


class Command(BaseCommand):
    help = "Load the demo dataset: the UN-led talks on Syria. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database has no process yet (used by `make run`).",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and Process.objects.exists():
            self.stdout.write("Demo data not loaded: the database already has processes.")
            return
        self.stdout.write(summarise(load_demo()))
