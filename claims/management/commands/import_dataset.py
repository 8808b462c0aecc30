from django.core.management.base import BaseCommand, CommandError

from claims.dataset import DatasetError, import_dataset
from claims.management.commands._io import read_json


class Command(BaseCommand):
    help = (
        "Read a Counterclaim dataset file (docs/dataset-format.md) into the database, all or nothing. "
        "Refuses a database that already holds data unless --merge is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A dataset file written by export_dataset.")
        parser.add_argument(
            "--merge", action="store_true",
            help="Import into a database that already holds data: objects are matched by slug and updated.",
        )

    def handle(self, *args, file, merge, **options):
        data = read_json(file, strict=True)
        try:
            counts = import_dataset(data, merge=merge)
        except DatasetError as error:
            raise CommandError(f"{file}: {error}") from None
        if counts:
            self.stdout.write(f"Imported {file}: " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items())))
        else:
            self.stdout.write(f"Imported {file}: nothing changed.")
