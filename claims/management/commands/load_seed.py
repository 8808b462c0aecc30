from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.dataset import DatasetError, import_dataset
from claims.management.commands._io import read_json

SEED_FILE = Path(__file__).resolve().parents[2] / "data" / "seed.json"


class Command(BaseCommand):
    help = "Load the seed dataset (Xinjiang talking points, 2018-2022). Safe to run again: it changes nothing."

    def handle(self, *args, **options):
        try:
            counts = import_dataset(read_json(SEED_FILE, strict=True), merge=True)
        except DatasetError as error:
            raise CommandError(f"{SEED_FILE.name}: {error}") from None
        if options["verbosity"] == 0:
            return
        if counts:
            self.stdout.write("Seed loaded: " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items())))
        else:
            self.stdout.write("Seed already loaded: nothing changed.")
