import time

from django.core.management.base import BaseCommand

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
        if verbosity:
            self.stdout.write("Search words: " + ", ".join(f"{kind} {word!r}" for kind, word in examples.items()))
