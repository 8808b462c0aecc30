from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.dataset import KEPT, DatasetError, import_dataset

SEED_FILE = Path(__file__).resolve().parents[2] / "data" / "seed.json"


class Command(BaseCommand):
    help = (
        "Load the seed dataset (Xinjiang talking points, 2018-2022). Only adds what is missing: "
        "an object already in the database is never changed, so editors' corrections survive."
    )

    def handle(self, *args, **options):
        try:
            counts = import_dataset(SEED_FILE, merge=True, keep_existing=True,
                                    reason="Loaded from the seed dataset")
        except DatasetError as error:
            raise CommandError(f"{SEED_FILE.name}: {error}") from None
        if options["verbosity"] == 0:
            return
        kept = counts.pop(KEPT, 0)
        if counts:
            self.stdout.write("Seed loaded: " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items())))
        else:
            self.stdout.write("Seed already loaded: nothing added.")
        if kept:
            self.stdout.write(f"{kept} seed objects were already in the database and were left as they are.")
