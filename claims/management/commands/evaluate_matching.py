"""Measure "Have we seen this claim?" on CLEF 2020 CheckThat! Task 2 (English verified-claim retrieval).

Loads the benchmark's verified claims (claims/data/checkthat2020/) into the
database as claims, ranks them for every tweet of a split with
claims.matching (the code behind /match/), and prints MAP@1/3/5 and recall@5
as the lab's scorer computes them (trectools: average precision at depth k over
the gold pairs, divided by the tweet's number of gold claims), beside a plain
BM25 baseline (rank_bm25's BM25Okapi over the same claims, lower-cased word
tokens, the tweet as it is) computed in the same run.

Everything it writes is rolled back when it ends, so it leaves the database as
it found it; still, run it on a throwaway one:

    scripts/with-throwaway-postgres.sh sh -c '.venv/bin/python manage.py migrate -v0 && \
        .venv/bin/python manage.py evaluate_matching --split test'

(`make evaluate-matching` does that.)
"""
import csv
import re
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.matching import clean_statement, rank_ids
from claims.models import Claim

DATA = Path(__file__).resolve().parents[2] / "data" / "checkthat2020"
SLUG_PREFIX = "checkthat2020-"
DEPTHS = (1, 3, 5)


class Rollback(Exception):
    """Raised to undo everything the evaluation loaded."""


def read_tsv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return rows[1:]  # the header


def read_split(split):
    """({tweet id: text}, {tweet id: {verified claim id, ...}}) of a split, in file order."""
    folder = DATA / split
    tweets = {row[0]: row[1] for row in read_tsv(folder / "tweets.queries.tsv")}
    gold = {}
    for line in (folder / "tweet-vclaim-pairs.qrels").read_text(encoding="utf-8").split("\n"):
        if line.strip():
            tweet, _, vclaim, relevance = line.split()
            if int(relevance) > 0:
                gold.setdefault(tweet, set()).add(vclaim)
    return tweets, gold


def read_verified_claims():
    """{verified claim id: (claim, title)}."""
    return {row[0]: (row[1], row[2]) for row in read_tsv(DATA / "verified_claims.docs.tsv")}


def average_precision(ranked, gold, depth):
    """The lab's AP@depth: precision at each relevant rank up to `depth`, summed, over the number of gold claims."""
    found, total = 0, 0.0
    for rank, item in enumerate(ranked[:depth], start=1):
        if item in gold:
            found += 1
            total += found / rank
    return total / len(gold)


def metrics(rankings, gold):
    """{"MAP@1": ..., "MAP@3": ..., "MAP@5": ..., "recall@5": ...} over the tweets with gold pairs."""
    tweets = [tweet for tweet in rankings if gold.get(tweet)]
    result = {f"MAP@{depth}": sum(average_precision(rankings[t], gold[t], depth) for t in tweets) / len(tweets)
              for depth in DEPTHS}
    result["recall@5"] = sum(len(set(rankings[t][:5]) & gold[t]) / len(gold[t]) for t in tweets) / len(tweets)
    return result


def tokens(text):
    return re.findall(r"\w+", text.lower())


class Command(BaseCommand):
    help = "MAP@1/3/5 and recall@5 of claim matching on CLEF 2020 CheckThat! Task 2, beside a BM25 baseline."

    def add_arguments(self, parser):
        parser.add_argument("--split", choices=["test", "dev"], default="test")
        parser.add_argument("--tweets", type=int, default=None, help="Only the first N tweets of the split.")
        parser.add_argument(
            "--claims", type=int, default=None,
            help="Only the gold claims of those tweets and the first N other verified claims (a small slice).",
        )
        parser.add_argument("--misses", action="store_true", help="List the tweets whose claim is not in the top 5.")

    def handle(self, split, tweets, claims, misses, **options):
        try:
            from rank_bm25 import BM25Okapi
        except ImportError:
            raise CommandError("The BM25 baseline needs rank_bm25 (requirements-dev.txt).") from None
        statements, gold = read_split(split)
        if tweets is not None:
            statements = dict(list(statements.items())[:tweets])
        verified = read_verified_claims()
        if claims is not None:
            wanted = {vclaim for tweet in statements for vclaim in gold.get(tweet, ())}
            others = [vclaim for vclaim in verified if vclaim not in wanted][:claims]
            verified = {vclaim: verified[vclaim] for vclaim in verified if vclaim in wanted or vclaim in others}
        ids = list(verified)

        bm25 = BM25Okapi([tokens(f"{text} {title}") for text, title in verified.values()])
        baseline = {}
        for tweet, text in statements.items():
            scores = bm25.get_scores(tokens(text))
            best = sorted(range(len(ids)), key=lambda i: -scores[i])[:5]
            baseline[tweet] = [ids[i] for i in best]

        ours = {}
        try:
            with transaction.atomic():
                self.load(verified)
                loaded = Claim.objects.filter(slug__startswith=SLUG_PREFIX)
                pk_to_vclaim = dict(loaded.values_list("pk", "slug"))
                started = time.perf_counter()
                for tweet, text in statements.items():
                    ranked, _ = rank_ids(text, claims=loaded)
                    ours[tweet] = [pk_to_vclaim[pk].removeprefix(SLUG_PREFIX) for pk, _ in ranked[:5]]
                elapsed = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass

        ours_metrics, baseline_metrics = metrics(ours, gold), metrics(baseline, gold)
        self.stdout.write(f"CLEF 2020 CheckThat! Task 2, {split}: {len(ours)} tweets, {len(verified)} verified claims")
        self.stdout.write(f"{'':>22} " + " ".join(f"{name:>9}" for name in ours_metrics))
        for label, figures in [("claims.matching", ours_metrics), ("BM25 baseline", baseline_metrics)]:
            self.stdout.write(f"{label:>22} " + " ".join(f"{value:9.4f}" for value in figures.values()))
        self.stdout.write(f"claims.matching took {elapsed:.1f} s ({1000 * elapsed / max(len(ours), 1):.0f} ms a tweet)")
        if misses:
            self.stdout.write("\nNot in the top 5 (tweet id: tweet -> gold claim; what came first):")
            for tweet, ranked in ours.items():
                if gold.get(tweet) and not set(ranked) & gold[tweet]:
                    vclaim = sorted(gold[tweet])[0]
                    first = verified[ranked[0]][0] if ranked else "(nothing)"
                    self.stdout.write(f"- {tweet}: {clean_statement(statements[tweet])[:160]}\n"
                                      f"    gold {vclaim}: {verified[vclaim][0][:160]}\n    first: {first[:160]}")

    def load(self, verified):
        Claim.objects.bulk_create(
            [Claim(slug=f"{SLUG_PREFIX}{vclaim}", text=text if len(text) <= 500 else text[:499] + "…", context=title)
             for vclaim, (text, title) in verified.items()],
            batch_size=2000,
        )
