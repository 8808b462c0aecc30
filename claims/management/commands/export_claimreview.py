import json
import textwrap

from django.core.management.base import BaseCommand, CommandError

from claims.claimreview import claim_review_items, feed_header


class Command(BaseCommand):
    help = (
        "Write every review we hold as schema.org ClaimReview in one DataFeed (JSON-LD), each under its real "
        "author. Streams: memory does not grow with the number of reviews. "
        "Absolute URLs use settings.SITE_URL (environment variable SITE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The file to write; '-' writes to standard output.")

    def handle(self, *args, out, **options):
        try:
            handle = None if out == "-" else open(out, "w", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{out}: cannot write: {error.strerror}") from None
        try:
            write = handle.write if out != "-" else (lambda text: self.stdout.write(text, ending=""))
            count = write_feed(write)
        finally:
            if out != "-":
                handle.close()
        if out != "-" and options["verbosity"]:
            self.stderr.write(f"Wrote {count} reviews to {out}.")


def write_feed(write):
    """Write the DataFeed through `write` one review at a time (the same bytes as json.dumps(feed, indent=2))."""
    header = json.dumps(feed_header(), ensure_ascii=False, indent=2)
    write(header[:-2] + ',\n  "dataFeedElement": [')
    count = 0
    for item in claim_review_items():
        element = {"@type": "DataFeedItem", "item": [item]}
        text = textwrap.indent(json.dumps(element, ensure_ascii=False, indent=2), "    ")
        write(("," if count else "") + "\n" + text)
        count += 1
    write("\n  ]\n}\n" if count else "]\n}\n")
    return count
