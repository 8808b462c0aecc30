from django.core.management.base import BaseCommand

from claims.dataset import dump_dataset, export_dataset
from claims.management.commands._io import write_output


class Command(BaseCommand):
    help = "Write the whole database as one JSON file in the Counterclaim dataset format (docs/dataset-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("out", help="The file to write; '-' writes to standard output.")

    def handle(self, *args, out, **options):
        data = dump_dataset(export_dataset())
        write_output(self, out, data.decode("utf-8"))
        if out != "-":
            self.stderr.write(f"Wrote {out} ({len(data)} bytes).")
