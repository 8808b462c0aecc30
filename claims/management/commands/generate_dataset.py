import time

from django.core.management.base import BaseCommand
from django.db import connection

from claims.synthetic import Sizes, generate


class Command(BaseCommand):
    help = (
        "Add a synthetic dataset for benchmarks: N claims said about 3 times each (remarks, each printed by 1 to 3 sources), and actors, "
        "sources, rebuttals and evidence in the proportions of 100,000 claims : 5,000 actors : 20,000 sources. "
        "Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, claims, seed, verbosity, **options):
        started = time.monotonic()

        def progress(step, count):
            if verbosity:
                self.stderr.write(f"  {step}: {count:,} ({time.monotonic() - started:.0f} s)")

        examples = generate(Sizes.for_claims(claims), seed=seed, progress=progress)
        # In one transaction, the statistics triggers rewrote each claim once per remark, report, rebuttal and
        # evidence row, and no vacuum could reclaim the old versions: the claims table came out 4.7 times its live
        # size (659 MB for 141 MB at 100,000 claims), and every scan of it read the dead rows too. A database that
        # grows an edit at a time never looks like that (autovacuum reuses the space), so compact it.
        if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (a test's, say)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (FULL, ANALYZE) claims_claim")
            progress("claims compacted", claims)
        if verbosity:
            self.stdout.write("Search words: " + ", ".join(f"{kind} {word!r}" for kind, word in examples.items()))
