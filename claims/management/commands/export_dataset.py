from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.dataset import dump_dataset, export_dataset


class Command(BaseCommand):
    help = "Write the whole database as one JSON file in the Counterclaim dataset format (docs/dataset-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("out", help="The file to write; '-' writes to standard output.")

    def handle(self, *args, out, **options):
        data = dump_dataset(export_dataset())
        if out == "-":
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            Path(out).write_bytes(data)
        except OSError as error:
            raise CommandError(f"{out}: cannot write: {error.strerror}") from None
        self.stderr.write(f"Wrote {out} ({len(data)} bytes).")
