import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.dataset import DatasetError, import_dataset


class Command(BaseCommand):
    help = (
        "Read a Counterclaim dataset file (docs/dataset-format.md) into the database, all or nothing. "
        "Refuses a database that already holds data unless --merge is given. Streams: memory does not grow "
        "with the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A dataset file written by export_dataset.")
        parser.add_argument(
            "--merge", action="store_true",
            help="Import into a database that already holds data: objects are matched by slug and updated.",
        )

    def handle(self, *args, file, merge, verbosity, **options):
        # On a terminal only (tqdm's disable=None), never under --verbosity 0.
        bar = tqdm(unit=" objects", desc="Importing", file=sys.stderr, disable=True if verbosity == 0 else None,
                   dynamic_ncols=True)
        try:
            counts = import_dataset(file, merge=merge, progress=bar.update)
        except DatasetError as error:
            raise CommandError(f"{file}: {error}") from None
        finally:
            bar.close()
        if not verbosity:
            return
        if counts:
            self.stdout.write(f"Imported {file}: " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items())))
        else:
            self.stdout.write(f"Imported {file}: nothing changed.")
