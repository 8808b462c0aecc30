import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.claimreview_import import ClaimReviewError, ClaimReviewImporter


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReview files (a review, a list, a @graph, a DataFeed) or Google Fact Check Tools "
        "API responses (claims[].claimReview[]): each review under its real publisher, with its rating as "
        "published. Reviews already held (same url) are skipped. All or nothing by default: the first bad review "
        "stops the import and nothing is written. With --partial, every valid review is imported and each "
        "rejected one is written to the --report file with its reason; the exit status is then 1 if any was."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--partial", action="store_true",
                            help="Import every valid review; reject the others (see --report) instead of stopping.")
        parser.add_argument("--report", metavar="FILE",
                            help="With --partial: write each rejected review, with the reason, as JSON lines.")

    def handle(self, *args, files, partial, report, **options):
        if report and not partial:
            raise CommandError("--report goes with --partial (without it, the first rejected review stops the import)")
        verbosity = options["verbosity"]
        report_file = None
        if report:
            try:
                report_file = open(report, "w", encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{report}: cannot write: {error.strerror}") from None
        bar = tqdm(unit=" items", desc="Importing", file=sys.stderr, disable=True if verbosity == 0 else None,
                   dynamic_ncols=True)
        rejected = []

        def on_reject(path, item):
            rejected.append(f"{path}: {item.error}")
            if report_file:
                line = {"file": str(path), "where": item.where, "reason": item.error, "review": item.raw}
                report_file.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")

        def on_warning(path, where, message):
            if report_file:
                report_file.write(json.dumps({"file": str(path), "where": where, "warning": message},
                                             ensure_ascii=False) + "\n")

        importer = ClaimReviewImporter(partial=partial, on_reject=on_reject, on_warning=on_warning,
                                       progress=bar.update)
        try:
            counts = importer.import_files(files)
        except ClaimReviewError as error:
            raise CommandError(f"{error} (nothing was imported)") from None
        finally:
            bar.close()
            if report_file:
                report_file.close()
        if verbosity:
            created = ", ".join(f"{counts.created[what]} {what}"
                                for what in ("reviews", "claims", "actors", "sources", "remarks", "reports"))
            reused = ", ".join(f"{counts.reused[what]} {what}" for what in ("claims", "actors", "sources"))
            self.stdout.write(f"Created: {created}.")
            self.stdout.write(f"Reused: {reused}.")
            self.stdout.write(f"Duplicates (reviews already held or repeated): {counts.duplicates}.")
            self.stdout.write(f"Rejected: {counts.rejected}." + (f" See {report}." if report and counts.rejected else ""))
            if counts.ignored:
                self.stdout.write(f"Appearance entries ignored (not web addresses): {counts.ignored}.")
        if counts.rejected:
            for line in rejected[:10] if verbosity else []:
                self.stderr.write(f"  rejected {line}")
            raise CommandError(f"{counts.rejected} review(s) rejected; the valid ones were imported")
