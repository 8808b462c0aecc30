import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.claimreview import claim_review_feed


class Command(BaseCommand):
    help = (
        "Write every reviewed claim as schema.org ClaimReview in one DataFeed (JSON-LD). "
        "Absolute URLs use settings.SITE_URL (environment variable SITE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The file to write; '-' writes to standard output.")

    def handle(self, *args, out, **options):
        feed = claim_review_feed()
        data = json.dumps(feed, ensure_ascii=False, indent=2) + "\n"
        if out == "-":
            self.stdout.write(data, ending="")
            return
        try:
            Path(out).write_text(data, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{out}: cannot write: {error.strerror}") from None
        self.stderr.write(f"Wrote {len(feed['dataFeedElement'])} reviewed claims to {out}.")
