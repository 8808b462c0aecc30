import os
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.dataset import export_size, write_dataset


class Command(BaseCommand):
    help = (
        "Write the whole database as one JSON file in the Counterclaim dataset format (docs/dataset-format.md). "
        "Streams: memory does not grow with the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The file to write; '-' writes to standard output.")

    def handle(self, *args, out, verbosity, **options):
        try:
            handle = None if out == "-" else open(out, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise CommandError(f"{out}: cannot write: {error.strerror}") from None
        # On a terminal only (tqdm's disable=None), never under --verbosity 0.
        bar = tqdm(total=export_size() if verbosity else None, unit=" objects", desc="Exporting", file=sys.stderr,
                   disable=True if verbosity == 0 else None, dynamic_ncols=True)
        try:
            write = handle.write if handle else (lambda text: self.stdout.write(text, ending=""))
            write_dataset(write, progress=bar.update)
        except OSError as error:
            raise CommandError(f"{out}: cannot write: {error.strerror}") from None
        finally:
            bar.close()
            if handle:
                handle.close()
        if handle and verbosity:
            self.stderr.write(f"Wrote {out} ({os.path.getsize(out):,} bytes).")
