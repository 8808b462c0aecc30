"""File other fact-checkers' ClaimReview as our claims and their reviews, in bulk.

claims/claimreview_read.py turns files into checked review records (streaming);
this module writes them: each review becomes a Review by its real publisher (an
Actor found by name, alias or website before a new one is made), on a Claim found
by its text or created, with the claimant's remark (one per date it was said) and a
report of it in each place the claim appeared (or in the review itself when it names
no place). A place's own author is who published it (as our export writes it): a new
source records it as its publisher (an organisation) or author (a person). Reviews
whose URL we already hold, or that repeat in the input, are duplicates and add nothing.

Writes go in batches (one COPY per table, and one more for each table's first versions in
history, new rows numbered from the tables' sequences first) with one slug allocation per
batch against slugs loaded once, so the number of queries grows linearly with the batches,
not the rows. The whole import is one
transaction under a PostgreSQL advisory lock: a second import of the same file waits,
then finds everything already there.
"""
import multiprocessing
import traceback
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit

from django.db import connection, transaction
from django.db.models.expressions import DatabaseDefault
from django.utils import timezone

from sources.models import Actor, ActorKind, Source, SourceKind
from tracker.bulk import copy_into, copy_pipe, copy_text
from tracker.history import copy_first_versions
from tracker.slugs import free_slug, readable_slug

from .claimreview_read import FileError, read_reviews
from .models import Appearance, Claim, Remark, Review, Status

BATCH = 1000
TEXT_LIMIT = Claim._meta.get_field("text").max_length
IMPORT_REASON = "Imported from ClaimReview"  # the first version of what an import writes
TITLE_LIMIT = Source._meta.get_field("title").max_length
SOURCE_URL_LIMIT = Source._meta.get_field("url").max_length
LOCK_KEY = 0x436C61696D526576  # "ClaimRev": one import of ClaimReview at a time
# What the import's own statements look rows up by (the statistics triggers' lookups of remarks by claim and of
# reports by remark, the lookups of sources and reviews by URL or title), by table; every table written is in it,
# so that ANALYZE counts its rows (only their number matters for primary keys). ANALYZE of whole tables spent
# most of its time on the columns nothing here reads: the texts, and the tsvectors of full-text search.
ANALYSED = {
    Actor: ["id"], Claim: ["id"], Source: ["url", "title"], Review: ["url"], Remark: ["claim_id"],
    Appearance: ["remark_id"],
}
ANALYSE_SQL = "ANALYZE " + ", ".join(
    f"{model._meta.db_table} ({', '.join(model._meta.get_field(name).column for name in names)})"
    for model, names in ANALYSED.items()
)
SAID_IN_REVIEW = "The review reports that the claimant made this claim; it names no place where it was said."
DATED_BY_REPORT = "The review gives no date for the claim: dated by the place it appeared in."


class ClaimReviewError(Exception):
    """The import stops (all or nothing): `str()` is one line naming the file, the item and the field."""


@dataclass
class Counts:
    created: Counter = field(default_factory=Counter)
    reused: Counter = field(default_factory=Counter)
    duplicates: int = 0
    rejected: int = 0
    ignored: int = 0  # appearance entries that are not web addresses (ClaimReview calls a place said an appearance)


class ClaimReviewImporter:
    """Imports files of ClaimReview. `partial`: reject bad reviews (to `on_reject`) instead of stopping."""

    def __init__(self, *, partial=False, on_reject=None, on_warning=None, progress=None):
        self.partial = partial
        self.on_reject = on_reject or (lambda name, item: None)
        self.on_warning = on_warning or (lambda name, where, message: None)
        self.progress = progress or (lambda n: None)
        self.counts = Counts()
        self.slug_bases = {}  # {text: readable_slug(text)} for the batch being written (see _slug_bases)

    def import_files(self, paths):
        """Import every file in one transaction; ClaimReviewError (and nothing written) on the first problem
        unless partial."""
        with transaction.atomic(), copy_pipe():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            self._load()
            for path in paths:
                self._import_file(path)
        return self.counts

    def _import_file(self, path):
        try:
            open(path, "rb").close()
        except OSError as error:
            raise ClaimReviewError(f"{path}: cannot read: {error.strerror}") from None
        found = 0
        self.ahead = None
        with closing(_read_ahead(path)) as batches:  # an import stopped early stops its reader
            # One batch held back: its lookups are made with those of the batch before (see _look_ahead).
            current = next(batches, None)
            while current is not None:
                batch, self.slug_bases = current
                upcoming = next(batches, None)
                found += len(batch)
                good = []
                for item in batch:
                    if item.error:
                        self._reject(path, item)
                    else:
                        good.append(item.review)
                        for warning in item.review.ignored:
                            self.counts.ignored += 1
                            self.on_warning(path, item.where, warning)
                self._write(good, [item.review for item in upcoming[0] if not item.error] if upcoming else [])
                self._keep_statistics()
                self.progress(len(batch))
                current = upcoming
        if not found:
            raise ClaimReviewError(f"{path}: no ClaimReview found")

    def _reject(self, path, item):
        self.counts.rejected += 1
        if not self.partial:
            raise ClaimReviewError(f"{path}: {item.error}")
        self.on_reject(path, item)

    # -- what is already there, loaded once (under the lock)

    def _load(self):
        self.actor_by_name, self.actor_by_host, self.slugs = {}, {}, {Actor: set(), Claim: set(), Source: set()}
        for pk, slug, name, aliases, website in Actor.objects.values_list("pk", "slug", "name", "aliases", "website"):
            self.slugs[Actor].add(slug)
            for known in (name, *aliases):
                self.actor_by_name.setdefault(_key(known), pk)
            if website:
                self.actor_by_host.setdefault(_host(website), pk)
        self.claim_by_text = {}
        for pk, slug, text in Claim.objects.values_list("pk", "slug", "text").iterator(chunk_size=5000):
            self.slugs[Claim].add(slug)
            self.claim_by_text.setdefault(_key(text), pk)
        self.slugs[Source].update(Source.objects.values_list("slug", flat=True).iterator(chunk_size=5000))
        self.seen_urls = set()
        self.ahead = None  # (review URLs held, sources held) for the next batch, looked up before this one's COPYs
        self.created_sources = {}  # what the sources lookup would find of the sources this import created
        self.pools = {model: [] for model in (Actor, Claim, Source, Remark, Appearance, Review)}
        with connection.cursor() as cursor:
            cursor.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = %s::regclass",
                           [Appearance._meta.db_table])
            self.analysed_rows = cursor.fetchone()[0]
        self.rows_since_analyse = 0

    def _keep_statistics(self):
        """ANALYZE the tables written to whenever the import has doubled them.

        Autovacuum cannot see rows of a transaction still open, so on a new database the planner
        believes these tables hold nothing and plans the statistics triggers' lookups (remarks and
        reports by claim) as scans of nothing: at 25,000 reviews a batch once took 37 s that way.
        ANALYZE in the transaction samples its own new rows. The growth is counted in reports, the
        largest table written. Only the columns looked up by are analysed (ANALYSED); autovacuum analyses
        the whole tables once the import has committed.
        """
        if self.rows_since_analyse <= self.analysed_rows:
            return
        with connection.cursor() as cursor:
            cursor.execute(ANALYSE_SQL)
        self.analysed_rows += self.rows_since_analyse
        self.rows_since_analyse = 0

    # -- one batch

    def _write(self, reviews, upcoming):
        """Write a batch of reviews; `upcoming`, the next batch's, are looked up before this one's COPYs."""
        if self.ahead is None:  # the first batch
            self._look_ahead(reviews)
        held, self.held_sources = self.ahead
        fresh = []
        for review in reviews:
            if review.url in held or review.url in self.seen_urls:
                self.counts.duplicates += 1
                continue
            self.seen_urls.add(review.url)
            fresh.append(review)
        if not fresh:
            self._look_ahead(upcoming)
            return
        # Every lookup and every new id first, then the COPYs (in the order they always had among themselves;
        # no lookup here reads what they write): sent from a thread (tracker.bulk.copy_pipe), each is written
        # while this builds the next batch, whose lookups and ids were taken before (_look_ahead), so that
        # nothing waits for them until that batch's own look ahead.
        self.later = []
        self._actors(fresh)
        claims, new_claims = self._claims(fresh)
        sources = self._sources(fresh)
        remarks, reports = self._remarks(fresh, claims, sources, new_claims)
        review_ids = self._ids(Review, len(fresh))
        self._look_ahead(upcoming)
        for model, rows, reason in self.later:
            copy_rows(model, rows, reason)
        copy_rows(Review, [
            dict(
                id=pk, claim_id=claims[id(r)], reviewer_id=self._reviewer_id(r), url=r.url, title=r.title,
                published=r.published, modified=r.modified, language=r.language, rating_label=r.rating_label,
                rating_value=r.rating_value, rating_best=r.rating_best, rating_worst=r.rating_worst,
                verdict=r.verdict, explanation=r.explanation,
            )
            for r, pk in zip(fresh, review_ids)
        ], IMPORT_REASON)
        self.counts.created["reviews"] += len(fresh)
        # Foreign keys are checked at commit, so the order is the statistics triggers': reports before their
        # remarks (the remarks' trigger then counts them, and the reports' own trigger finds no remark yet, so
        # no claim held already is updated twice), and the new claims last, with the figures their remarks and
        # reports give them: the triggers find no row of theirs to refresh (computing the figures of 1,000 new
        # claims only to find them right cost 80 ms a batch; changing them would re-index their text).
        for model, rows, name in ((Appearance, reports, "reports"), (Remark, remarks, "remarks")):
            copy_rows(model, rows, IMPORT_REASON)
            self.counts.created[name] += len(rows)
        copy_rows(Claim, _with_figures(new_claims, remarks, reports), IMPORT_REASON)
        self.rows_since_analyse += len(reports)

    def _actors(self, reviews):
        """Create the reviewers and speakers not known by name, alias or (reviewers) website, in one insert."""
        wanted = {}
        for r in reviews:
            if self._reviewer_id(r) is None:
                kind = ActorKind.PERSON if r.reviewer_is_person else ActorKind.INDEPENDENT_MEDIA
                wanted.setdefault(_key(r.reviewer_name), (r.reviewer_name, kind, r.reviewer_url))
            else:
                self.counts.reused["actors"] += 1
            for name, is_person in self._speakers(r):
                if _key(name) in self.actor_by_name:
                    self.counts.reused["actors"] += 1
                else:
                    wanted.setdefault(_key(name), (name, ActorKind.PERSON if is_person else ActorKind.OTHER, ""))
        if not wanted:
            return
        actors = [
            dict(id=pk, name=name, slug=self._slug(Actor, name, "actor"), kind=kind, website=website)
            for (name, kind, website), pk in zip(wanted.values(), self._ids(Actor, len(wanted)))
        ]
        self.later.append((Actor, actors, IMPORT_REASON))
        for actor in actors:
            self.actor_by_name.setdefault(_key(actor["name"]), actor["id"])
            if actor["website"]:
                self.actor_by_host.setdefault(_host(actor["website"]), actor["id"])
        self.counts.created["actors"] += len(actors)

    def _reviewer_id(self, review):
        found = self.actor_by_name.get(_key(review.reviewer_name))
        if found is None and review.reviewer_url:
            found = self.actor_by_host.get(_host(review.reviewer_url))
        return found

    @staticmethod
    def _speakers(review):
        """The actors a review names: the claimant, who said it in each place (a work's own author stands in when
        the review names no claimant), and the authors of those places."""
        speakers = [review.claimant or work.author for work in review.works] + [work.author for work in review.works]
        if not review.works and review.claimant:
            speakers.append(review.claimant)
        return [s for s in speakers if s]

    def _claims(self, reviews):
        """({id(review): claim pk}, {pk: row} of the new claims, not yet written): the claim with the same
        text, or a new one (several reviews may share it)."""
        new = {}
        for r in reviews:
            key = _key(r.claim_text)
            if key in self.claim_by_text:
                self.counts.reused["claims"] += 1
            elif key not in new:
                text, context = r.claim_text, ""
                if len(text) > TEXT_LIMIT:
                    text, context = text[: TEXT_LIMIT - 1].rstrip() + "…", r.claim_text
                # Published: other fact-checkers published their reviews of it; the import is an editor's act.
                new[key] = dict(slug=self._slug(Claim, r.claim_text, "claim"), text=text, context=context,
                                status=Status.PUBLISHED, published_at=timezone.now())
        rows = {}
        for (key, row), pk in zip(new.items(), self._ids(Claim, len(new))):
            self.claim_by_text[key] = row["id"] = pk
            rows[pk] = row
        self.counts.created["claims"] += len(new)
        return {id(r): self.claim_by_text[_key(r.claim_text)] for r in reviews}, rows

    def _sources(self, reviews):
        """{url: source pk} for every place a claim was said, and each review's own article when it names none."""
        wanted = {}  # key: the URL, or ("title", headline) for a place known only by name
        for r in reviews:
            for work in r.works:
                author = self.actor_by_name[_key(work.author[0])] if work.author else None
                # A work's author published it: an organisation as its publisher, a person as its author.
                publisher, person = (None, author) if work.author and work.author[1] else (author, None)
                wanted.setdefault(_place(work), (_title(work), work.date, publisher, person))
            if not r.works and r.claimant:
                title = _own_title(r)
                day = (r.published, "day") if r.published else None
                wanted.setdefault(r.url, (title, day, self._reviewer_id(r), None))
        # The sources held before the batch before this one's COPYs (looked up then), and those this import
        # created since, as the lookup would have found them (a held one first: its id is the lower).
        known = {key: self.created_sources[key] for key in wanted if key in self.created_sources}
        known.update((key, pk) for key, pk in self.held_sources.items() if key in wanted)
        self.counts.reused["sources"] += sum(1 for url in wanted if url in known)
        missing = [key for key in wanted if key not in known]
        sources, links = [], []
        for key, pk in zip(missing, self._ids(Source, len(missing))):
            title, date, publisher, person = wanted[key]
            date, precision = date or (None, "")
            sources.append(dict(
                id=pk, title=title[:TITLE_LIMIT], slug=self._slug(Source, title, "source"), kind=SourceKind.ARTICLE,
                url=key if isinstance(key, str) and len(key) <= SOURCE_URL_LIMIT else "",
                published=date, published_precision=precision, publisher_id=publisher,
            ))
            if person is not None:
                links.append(dict(source_id=pk, actor_id=person))
            known[key] = pk
            row = sources[-1]  # found again by its URL, or, without one, by its title
            self.created_sources.setdefault(row["url"] or ("title", row["title"]), pk)
        self.later += [(Source, sources, IMPORT_REASON), (Source.authors.through, links, None)]
        self.counts.created["sources"] += len(sources)
        return known

    def _remarks(self, reviews, claims, sources, new_claims):
        """(remark rows, report rows) to write: a remark for each claim, speaker and date (the claim's date, else
        that of the place it appeared in), with a report of it in each place; the grouping migration 0019 made
        of older appearances. Remarks and reports already there are reused."""
        held = {pk for pk in claims.values() if pk not in new_claims}
        remark_of = {(claim, speaker, date, precision): pk for pk, claim, speaker, date, precision in
                     Remark.objects.filter(claim__in=held, venue="", original_words="")
                     .values_list("pk", "claim", "speaker", "date", "date_precision")}
        reported = set(Appearance.objects.filter(remark__claim__in=held).values_list("remark", "source"))
        wanted = {}  # remark key -> [(source pk, date basis, the claim as the review words it)]
        for r in reviews:
            claim = claims[id(r)]
            places = [(_place(work), r.claimant or work.author, r.claim_date or work.date,
                       "" if r.claim_date else DATED_BY_REPORT) for work in r.works]
            if not r.works and r.claimant:
                places.append((r.url, r.claimant, r.claim_date, SAID_IN_REVIEW))
            for url, speaker, date, basis in places:
                if speaker is None:
                    continue  # a remark needs someone who said it
                date, precision = date or (None, "")
                key = (claim, self.actor_by_name[_key(speaker[0])], date, precision)
                wanted.setdefault(key, []).append((sources[url], basis if date else "", r.claim_text))
        new = [key for key in wanted if key not in remark_of]
        remarks = []
        for key, pk in zip(new, self._ids(Remark, len(new))):
            claim, speaker, date, precision = key
            basis = next((basis for _, basis, _ in wanted[key] if basis), "")
            remarks.append(dict(id=pk, claim_id=claim, speaker_id=speaker, date=date, date_precision=precision,
                                date_basis=basis))
            remark_of[key] = pk
        reports = []
        for key, places in wanted.items():
            for source, _, text in places:
                if (remark_of[key], source) in reported:
                    continue
                reported.add((remark_of[key], source))
                reports.append(dict(remark_id=remark_of[key], source_id=source, quote=text, is_direct_quote=False))
        for row, pk in zip(reports, self._ids(Appearance, len(reports))):
            row["id"] = pk
        return remarks, reports

    def _look_ahead(self, reviews):
        """Look up what the next batch needs from the database, and take ids enough for it, before this batch's
        COPYs are sent: the URLs of its reviews already held, and the sources held with its places' URLs or
        titles. What this batch writes is known without asking (seen_urls, created_sources). Run for every
        batch, the last too (with nothing to look up), so each batch runs the same statements."""
        urls, places = {r.url for r in reviews}, set()
        for r in reviews:
            places.update(_place(work) for work in r.works)
            if not r.works and r.claimant:
                places.add(r.url)
        place_urls = [u for u in places if isinstance(u, str) and len(u) <= SOURCE_URL_LIMIT]
        titles = [key[1][:TITLE_LIMIT] for key in places if isinstance(key, tuple)]
        # url <> '': the condition of the partial unique index on url, so that index answers the lookup (the
        # ORM's query joined claims for Review's ordering, and spelled out 1,000 parameters).
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT url FROM {Review._meta.db_table} WHERE url <> '' AND url = ANY(%s)", [list(urls)])
            held = {url for (url,) in cursor.fetchall()}
            # Several sources with one URL or title: the first (dict keeps the last).
            cursor.execute(f"SELECT url, id FROM {Source._meta.db_table} WHERE url = ANY(%s) ORDER BY id DESC",
                           [place_urls])
            sources = dict(cursor.fetchall())
            if titles:
                cursor.execute(f"SELECT title, id FROM {Source._meta.db_table} WHERE url = '' AND title = ANY(%s)"
                               " ORDER BY id DESC", [titles])
                sources.update({("title", title): pk for title, pk in cursor.fetchall()})
        self.ahead = held, sources
        # At most: a claim and a review per review; an actor per name not yet known (this batch's new actors are
        # known by now); a source, a remark and a report per place (or for the review's own article).
        places = sum(max(len(r.works), 1) for r in reviews)
        names = {_key(r.reviewer_name) for r in reviews}
        names.update(_key(name) for r in reviews for name, _ in self._speakers(r))
        self._reserve({Review: len(reviews), Claim: len(reviews), Actor: len(names.difference(self.actor_by_name)),
                       Source: places, Remark: places, Appearance: places})

    def _reserve(self, wanted):
        """Ids from the tables' sequences until each pool holds `wanted[model]`, in one query (run even when
        none is short, so that each batch runs the same statements).

        The ids are those new_ids would have given, in the same order: a pool is used up in order before
        more are taken. What is left when the import ends is not used (as a rolled-back insert's ids)."""
        short = {model: count - len(self.pools[model]) for model, count in wanted.items()
                 if count > len(self.pools[model])}
        sequences = [_sequence(model) for model in short]
        with connection.cursor() as cursor:
            cursor.execute("SELECT s.i, nextval(s.name::regclass) FROM unnest(%s::text[], %s::int[])"
                           " WITH ORDINALITY AS s(name, n, i), generate_series(1, s.n) ORDER BY 1, 2",
                           [sequences, list(short.values())])
            rows = cursor.fetchall()
        models = list(short)
        for i, pk in rows:
            self.pools[models[i - 1]].append(pk)

    def _ids(self, model, count):
        """`count` new primary keys for `model`, in increasing order, from its pool (taken when short)."""
        pool = self.pools[model]
        if len(pool) < count:
            self._reserve({model: count})
        ids, self.pools[model] = pool[:count], pool[count:]
        return ids

    def _slug(self, model, text, fallback):
        """A new slug for `model`, unique among those loaded and given out: one pass, no query.

        The readable part was mostly made in the reading process (_slug_bases), beside the writing."""
        taken = self.slugs[model]
        base = self.slug_bases.get(text)
        if base is None:
            base = readable_slug(text)
        slug = free_slug(base or fallback, taken)
        taken.add(slug)
        return slug


def _batches(items, path):
    """Lists of BATCH items; a file that cannot be read is a ClaimReviewError naming it."""
    while True:
        try:
            batch = list(islice(items, BATCH))
        except FileError as error:
            raise ClaimReviewError(f"{path}: {error}") from None
        if not batch:
            return
        yield batch


def _read_ahead(path):
    """The batches of `path`, read and checked in a child process while this one writes the one before.

    Reading and checking is Python, and so is preparing a batch to write: in a thread the two took turns
    holding the GIL, so the writer waited on the reader even while PostgreSQL was idle. The child is forked
    (it inherits the code and the database connection's socket, which it must never use) and sends each batch through a
    pipe, at most a batch or two ahead, so memory stays flat.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    reader = context.Process(target=_read_into, args=(path, sender), daemon=True)
    reader.start()
    sender.close()
    try:
        while True:
            try:
                kind, value = receiver.recv()
            except EOFError:
                raise RuntimeError(f"{path}: the reading process stopped (exit code {reader.exitcode})") from None
            if kind == "batch":
                yield value
            elif kind == "end":
                return
            elif kind == "refused":
                raise ClaimReviewError(value)
            else:
                raise RuntimeError(f"{path}: the reading process failed:\n{value}")
    finally:
        if reader.is_alive():
            reader.terminate()  # the import stopped before the end of the file
        reader.join()
        receiver.close()


def _read_into(path, sender):
    """In the reading process: send ("batch", (items, _slug_bases(items))) for each batch, then ("end", None),
    or why it stopped."""
    try:
        with open(path, "rb") as handle:
            for batch in _batches(read_reviews(handle), path):
                sender.send(("batch", (batch, _slug_bases(batch))))
        sender.send(("end", None))
    except ClaimReviewError as error:
        sender.send(("refused", str(error)))
    except BaseException:  # noqa: BLE001 -- a bug: the importer raises it with this traceback
        sender.send(("failed", traceback.format_exc()))
    finally:
        sender.close()


def _slug_bases(items):
    """{text: readable_slug(text)} for the texts a batch's new claims and sources may be named by, made in the
    reading process: transliterating and slugifying 200,000 texts was a tenth of the writing process's time.
    Actors (a few thousand, most already held) are left to the writer."""
    bases = {}
    for item in items:
        r = item.review
        if r is None:
            continue
        texts = [r.claim_text] + [_title(work) for work in r.works]
        if not r.works and r.claimant:
            texts.append(_own_title(r))
        for text in texts:
            if text not in bases:
                bases[text] = readable_slug(text)
    return bases


def _title(work):
    """The title of a new source for a place a claim appeared in."""
    return work.headline or work.url


def _own_title(review):
    """The title of a new source for a review's own article (when it names no other place)."""
    return review.title or f"{review.reviewer_name}: review of “{review.claim_text}”"


def _with_figures(claims, remarks, reports):
    """The new claims' rows with what claims/stats.py's trigger computes for a claim whose only remarks and
    reports are these: their counts, and the first and last dates (among equal dates the first written, whose
    id is the lowest: new_ids numbers rows in order).

    claims_refresh_stats stays the definition: the claims are written after their remarks and reports, so the
    triggers never see them here, and the tests check on every fixture and real file that it changes nothing.
    """
    claim_of = {row["id"]: row["claim_id"] for row in remarks}
    for row in reports:
        claim = claims.get(claim_of.get(row["remark_id"]))
        if claim is not None:
            claim["appearance_count"] = claim.get("appearance_count", 0) + 1
    for row in remarks:
        claim = claims.get(row["claim_id"])
        if claim is None:
            continue
        claim["remark_count"] = claim.get("remark_count", 0) + 1
        date = row["date"]
        if date is None:
            continue
        if claim.get("first_seen") is None or date < claim["first_seen"]:
            claim["first_seen"], claim["first_seen_precision"] = date, row["date_precision"]
        if claim.get("last_seen") is None or date > claim["last_seen"]:
            claim["last_seen"], claim["last_seen_precision"] = date, row["date_precision"]
    return list(claims.values())


def new_ids(model, count):
    """`count` new primary keys for `model`, in increasing order, from its table's sequence."""
    if not count:
        return []
    sequence = _sequence(model)
    with connection.cursor() as cursor:
        # The sequence by name, not pg_get_serial_sequence() in the query: that looked it up again for every
        # row (11 ms a batch of 1,000 instead of 2).
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
        return sorted(pk for (pk,) in cursor.fetchall())


_SEQUENCES = {}  # model: its id sequence


def _sequence(model):
    """The name of `model`'s id sequence."""
    sequence = _SEQUENCES.get(model)
    if sequence is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
            sequence = _SEQUENCES[model] = cursor.fetchone()[0]
    return sequence


def copy_rows(model, rows, reason=None):
    """COPY `rows` (dicts by attribute name; other fields take their defaults) into `model`'s table and, with a
    `reason`, their first versions into its history (tracker.history.copy_first_versions).

    Rows all give their `id` (from new_ids), or none does and the table numbers them in order.
    Like bulk_create (and the ORM's update()), it runs no save() and no signal; PostgreSQL's own
    triggers run as for any insert.
    """
    if not rows:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.generated and (not f.primary_key or "id" in rows[0])]
    columns = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default = now
        elif f.has_default() or not f.null:
            default = f.get_default()
            if isinstance(default, DatabaseDefault):  # a default only the database knows: its plain value
                default = f.db_default
            default = str(default) if isinstance(default, str) else default
        else:
            default = None
        columns.append((f.attname, copy_text(default)))
    values = [[copy_text(row[name]) if name in row else default for name, default in columns] for row in rows]
    names = [f.column for f in fields]
    copy_into(model._meta.db_table, names, values)
    if reason is not None:
        copy_first_versions(model, names, values, reason, now)


def _key(text):
    """How names and claim texts are compared: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())


def _place(work):
    return work.url or ("title", work.headline[:TITLE_LIMIT])


def _host(url):
    return (urlsplit(url).hostname or "").removeprefix("www.")

