"""manage.py intake story.txt --published-on 2017-06-18 --process geneva: the
proposals for a story, as the API returns them (JSON). Stores nothing."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rounds.desk.intake import StoryRefused, propose
from rounds.models import Process


class Command(BaseCommand):
    help = "Print the proposed records for a news story (nothing is stored)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--published-on", required=True, type=date.fromisoformat)
        parser.add_argument("--process", required=True, help="the process's slug")

    def handle(self, *args, file, published_on, process, **options):
        found = Process.objects.filter(slug=process).first()
        if found is None:
            raise CommandError(f"No process with the slug “{process}”.")
        try:
            story = file.read_text(encoding="utf-8")
            result = propose(story, published_on, found)
        except (OSError, UnicodeDecodeError, StoryRefused) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            json.dumps({**result.as_json(), "stored": False}, ensure_ascii=False, indent=2)
        )
