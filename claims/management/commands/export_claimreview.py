import json

from django.core.management.base import BaseCommand

from claims.claimreview import claim_review_feed
from claims.management.commands._io import write_output


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
        write_output(self, out, data)
        if out != "-":
            self.stderr.write(f"Wrote {len(feed['dataFeedElement'])} reviewed claims to {out}.")
