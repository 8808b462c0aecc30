from django.core.management.base import BaseCommand, CommandError

from claims.claimreview_import import ClaimReviewError, ClaimReviewImporter
from claims.management.commands._io import read_json


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReview files (a review, a list, a @graph or a DataFeed) as claims with verdicts. "
        "Reviews already imported (same url) are skipped; a malformed file stops the import and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        documents = [(path, read_json(path)) for path in files]
        importer = ClaimReviewImporter()
        try:
            importer.import_documents(documents)
        except ClaimReviewError as error:
            raise CommandError(f"{error} (nothing was imported)") from None
        created = ", ".join(f"{n} {what}" for what, n in importer.created.items())
        reused = ", ".join(f"{n} {what}" for what, n in importer.reused.items())
        self.stdout.write(f"Created: {created}.")
        self.stdout.write(f"Reused: {reused}.")
        self.stdout.write(f"Skipped: {len(importer.skipped)} review(s).")
        for reason in importer.skipped:
            self.stdout.write(f"  skipped {reason}")
