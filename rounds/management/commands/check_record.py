"""manage.py check_record [--process slug] [--fail-on error|warning] [--live]:
the data-quality desk's list (rounds/desk/quality.py), per process."""

from django.core.management.base import BaseCommand, CommandError

from rounds.desk import quality
from rounds.models import Process


class Command(BaseCommand):
    help = "List what in the record needs attention, per process (see rounds/desk/quality.py)."

    def add_arguments(self, parser):
        parser.add_argument("--process", help="one process, by slug")
        parser.add_argument(
            "--fail-on",
            choices=quality.SEVERITIES,
            help="exit with status 1 when an item of this severity (or worse) is found",
        )
        parser.add_argument(
            "--live", action="store_true", help="also fetch every source URL (network; slow)"
        )

    def handle(self, *args, process=None, fail_on=None, live=False, **options):
        processes = Process.objects.all()
        if process:
            processes = processes.filter(slug=process)
            if not processes.exists():
                raise CommandError(f"No process with the slug “{process}”.")
        issues = quality.run(processes, live=live)
        for name, items in quality.by_process(issues).items():
            self.stdout.write(f"\n{name}")
            for item in items:
                self.stdout.write(f"  {item.as_line()}")
        counts = {s: sum(1 for i in issues if i.severity == s) for s in quality.SEVERITIES}
        self.stdout.write(f"\n{counts['error']} errors, {counts['warning']} warnings.")
        if fail_on:
            failing = quality.SEVERITIES[: quality.SEVERITIES.index(fail_on) + 1]
            if any(item.severity in failing for item in issues):
                raise CommandError(f"check_record: {fail_on}s found.", returncode=1)
