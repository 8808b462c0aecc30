"""File other fact-checkers' ClaimReview as our claims and their reviews, in bulk.

claims/claimreview_read.py turns files into checked review records (streaming);
this module writes them: each review becomes a Review by its real publisher (an
Actor found by name, alias or website before a new one is made), on a Claim found
by its text or created, with the claimant's remark (one per date it was said) and a
report of it in each place the claim appeared (or in the review itself when it names
no place). A place's own author is who published it (as our export writes it): a new
source records it as its publisher (an organisation) or author (a person). Reviews
whose URL we already hold, or that repeat in the input, are duplicates and add nothing.

Writes go in batches (one INSERT per table) with one slug allocation per batch against
slugs loaded once, so the number of queries grows linearly with the batches, not
the rows. The whole import is one transaction under a PostgreSQL advisory lock:
a second import of the same file waits, then finds everything already there.
"""
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit

from anyascii import anyascii
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from psycopg2.extras import execute_values

from sources.models import Actor, ActorKind, Source, SourceKind

from .claimreview_read import FileError, read_reviews
from .models import Appearance, Claim, Remark, Review

BATCH = 1000
SLUG_LENGTH = 60
TEXT_LIMIT = Claim._meta.get_field("text").max_length
TITLE_LIMIT = Source._meta.get_field("title").max_length
SOURCE_URL_LIMIT = Source._meta.get_field("url").max_length
LOCK_KEY = 0x436C61696D526576  # "ClaimRev": one import of ClaimReview at a time
SAID_IN_REVIEW = "The review reports that the claimant made this claim; it names no place where it was said."
DATED_BY_REPORT = "The review gives no date for the claim: dated by the place it appeared in."


class ClaimReviewError(Exception):
    """The import stops (all or nothing): `str()` is one line naming the file, the item and the field."""


def rating_to_verdict(rating, language=""):
    """Our verdict (or None) for a schema.org Rating dict: kept for callers of the old importer."""
    from .claimreview_read import Review as Record
    from .claimreview_read import _read_rating

    record = Record(where="$", url="", claim_text="", reviewer_name="", language=language)
    _read_rating(record, rating, "reviewRating")
    return record.verdict or None


def readable_slug(text, limit=SLUG_LENGTH):
    """A short ASCII slug for text in any script: transliterated (anyascii), cut at a word boundary."""
    slug = slugify(anyascii(text))
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug.strip("-")


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

    def import_files(self, paths):
        """Import every file in one transaction; ClaimReviewError (and nothing written) on the first problem
        unless partial."""
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            self._load()
            for path in paths:
                self._import_file(path)
        return self.counts

    def _import_file(self, path):
        try:
            handle = open(path, "rb")
        except OSError as error:
            raise ClaimReviewError(f"{path}: cannot read: {error.strerror}") from None
        found = 0
        with handle:
            items = read_reviews(handle)
            while True:
                try:
                    batch = list(islice(items, BATCH))
                except FileError as error:
                    raise ClaimReviewError(f"{path}: {error}") from None
                if not batch:
                    break
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
                self._write(good)
                self.progress(len(batch))
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

    # -- one batch

    def _write(self, reviews):
        # exclude(url=""): the condition of the partial unique index on url, so that index answers the lookup.
        held = set(Review.objects.exclude(url="").filter(url__in=[r.url for r in reviews]).values_list("url", flat=True))
        fresh = []
        for review in reviews:
            if review.url in held or review.url in self.seen_urls:
                self.counts.duplicates += 1
                continue
            self.seen_urls.add(review.url)
            fresh.append(review)
        if not fresh:
            return
        self._actors(fresh)
        claims = self._claims(fresh)
        sources = self._sources(fresh)
        insert_rows(Review, [
            dict(
                claim_id=claims[id(r)], reviewer_id=self._reviewer_id(r), url=r.url, title=r.title,
                published=r.published, modified=r.modified, language=r.language, rating_label=r.rating_label,
                rating_value=r.rating_value, rating_best=r.rating_best, rating_worst=r.rating_worst,
                verdict=r.verdict, explanation=r.explanation,
            )
            for r in fresh
        ])
        self.counts.created["reviews"] += len(fresh)
        self._remarks(fresh, claims, sources)

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
            Actor(name=name, slug=self._slug(Actor, name, "actor"), kind=kind, website=website)
            for name, kind, website in wanted.values()
        ]
        Actor.objects.bulk_create(actors)
        for actor in actors:
            self.actor_by_name.setdefault(_key(actor.name), actor.pk)
            if actor.website:
                self.actor_by_host.setdefault(_host(actor.website), actor.pk)
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
        """{id(review): claim pk}: the claim with the same text, or a new one (several reviews may share it)."""
        new = {}
        for r in reviews:
            key = _key(r.claim_text)
            if key in self.claim_by_text:
                self.counts.reused["claims"] += 1
            elif key not in new:
                text, context = r.claim_text, ""
                if len(text) > TEXT_LIMIT:
                    text, context = text[: TEXT_LIMIT - 1].rstrip() + "…", r.claim_text
                new[key] = dict(slug=self._slug(Claim, r.claim_text, "claim"), text=text, context=context)
        for key, pk in zip(new, insert_rows(Claim, list(new.values()))):
            self.claim_by_text[key] = pk
        self.counts.created["claims"] += len(new)
        return {id(r): self.claim_by_text[_key(r.claim_text)] for r in reviews}

    def _sources(self, reviews):
        """{url: source pk} for every place a claim was said, and each review's own article when it names none."""
        wanted = {}  # key: the URL, or ("title", headline) for a place known only by name
        for r in reviews:
            for work in r.works:
                author = self.actor_by_name[_key(work.author[0])] if work.author else None
                # A work's author published it: an organisation as its publisher, a person as its author.
                publisher, person = (None, author) if work.author and work.author[1] else (author, None)
                wanted.setdefault(_place(work), (work.headline or work.url, work.date, publisher, person))
            if not r.works and r.claimant:
                title = r.title or f"{r.reviewer_name}: review of “{r.claim_text}”"
                day = (r.published, "day") if r.published else None
                wanted.setdefault(r.url, (title, day, self._reviewer_id(r), None))
        urls = [u for u in wanted if isinstance(u, str) and len(u) <= SOURCE_URL_LIMIT]
        titles = [key[1][:TITLE_LIMIT] for key in wanted if isinstance(key, tuple)]
        known = dict(Source.objects.filter(url__in=urls).order_by("-pk").values_list("url", "pk"))
        known.update({("title", title): pk for title, pk in Source.objects.filter(url="", title__in=titles)
                      .order_by("-pk").values_list("title", "pk")})
        self.counts.reused["sources"] += sum(1 for url in wanted if url in known)
        sources, authors = [], []
        for key, (title, date, publisher, person) in wanted.items():
            if key in known:
                continue
            url = key if isinstance(key, str) and len(key) <= SOURCE_URL_LIMIT else ""
            date, precision = date or (None, "")
            sources.append(dict(
                title=title[:TITLE_LIMIT], slug=self._slug(Source, title, "source"), kind=SourceKind.ARTICLE,
                url=url, published=date, published_precision=precision,
                publisher_id=publisher,
            ))
            authors.append(person)
        self.counts.created["sources"] += len(sources)
        links = []
        for url, pk, person in zip([u for u in wanted if u not in known], insert_rows(Source, sources), authors):
            known[url] = pk
            if person is not None:
                links.append(Source.authors.through(source_id=pk, actor_id=person))
        if links:
            Source.authors.through.objects.bulk_create(links)
        return known

    def _remarks(self, reviews, claims, sources):
        """A remark for each claim, speaker and date (the claim's date, else that of the place it appeared in), with
        a report of it in each place: the grouping migration 0011 made of older appearances."""
        claim_ids = {claims[id(r)] for r in reviews}
        remark_of = {(claim, speaker, date, precision): pk for pk, claim, speaker, date, precision in
                     Remark.objects.filter(claim__in=claim_ids, venue="", original_words="")
                     .values_list("pk", "claim", "speaker", "date", "date_precision")}
        reported = set(Appearance.objects.filter(remark__claim__in=claim_ids).values_list("remark", "source"))
        wanted = {}  # remark key -> [(source pk, basis)]
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
        for key, pk in zip(new, insert_rows(Remark, [
            dict(claim_id=claim, speaker_id=speaker, date=date, date_precision=precision,
                 date_basis=next((basis for _, basis, _ in wanted[(claim, speaker, date, precision)] if basis), ""))
            for claim, speaker, date, precision in new
        ])):
            remark_of[key] = pk
        self.counts.created["remarks"] += len(new)
        rows = []
        for key, places in wanted.items():
            for source, _, text in places:
                if (remark_of[key], source) in reported:
                    continue
                reported.add((remark_of[key], source))
                rows.append(dict(remark_id=remark_of[key], source_id=source, quote=text, is_direct_quote=False))
        insert_rows(Appearance, rows)
        self.counts.created["reports"] += len(rows)

    def _slug(self, model, text, fallback):
        """A new slug for `model`, unique among those loaded and given out: one pass, no query."""
        taken = self.slugs[model]
        base = readable_slug(text) or fallback
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug


def insert_rows(model, rows):
    """INSERT `rows` (dicts by attribute name; other fields take their defaults) in one statement; their new pks.

    What bulk_create does, without building a model instance and preparing every value
    through the ORM for each row: at 100,000 reviews that was most of the import's time.
    Like bulk_create (and the ORM's update()), it runs no save() and no signal.
    """
    if not rows:
        return []
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default() or not f.null:
            default = f.get_default()
            defaults[f.attname] = str(default) if isinstance(default, str) else default
        else:
            defaults[f.attname] = None
    values = [tuple(row.get(f.attname, defaults[f.attname]) for f in fields) for row in rows]
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
           f"({', '.join(connection.ops.quote_name(f.column) for f in fields)}) VALUES %s RETURNING id")
    with connection.cursor() as cursor:
        returned = execute_values(cursor.cursor, sql, values, page_size=len(values), fetch=True)
    return [pk for (pk,) in returned]


def _key(text):
    """How names and claim texts are compared: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())


def _place(work):
    return work.url or ("title", work.headline[:TITLE_LIMIT])


def _host(url):
    return (urlsplit(url).hostname or "").removeprefix("www.")

