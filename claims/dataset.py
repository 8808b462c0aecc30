"""The whole dataset as one JSON document: a documented, versioned, lossless format, read and written as a stream.

Format `counterclaim-dataset`, version 4 (see docs/dataset-format.md). Objects
refer to each other by slug; remarks (with their reports), evidence and reviews live
inside their claim. Version 2 and 3 files (a claim's appearances, each with its own
speaker and date) are still read: their appearances are grouped into remarks as
migration 0019 groups them, a claim at a time.
Partial dates are ISO strings at their precision: "2019-11-16", "2018-08", "2019".

The seed dataset is a file in this format; `load_seed` merges it in, so loading
it twice changes nothing. Export sorts everything by natural keys, so
export -> import into an empty database -> export gives the same bytes.

Both directions keep memory flat: export reads the database a chunk of objects at
a time and writes each object as it goes; import reads the file one object at a
time (claims/dataset_read.py), validates each object in Python (the models' own
field validators and clean()), and writes batches of BATCH objects with one INSERT
per table, their first versions in the history tables with one INSERT … SELECT per
table (tracker.history.write_first_versions). Objects a merge changes are rare:
they are saved one at a time, fully validated, so their history records what changed.
"""
import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sources.models import Actor, Source
from tracker.dates import parse_partial_date, partial_date_iso
from tracker.history import ChangeKind, mark_change, write_first_versions

from .dataset_read import DatasetError, DatasetFile
from .models import (
    Appearance, Claim, ClaimTechnique, Evidence, Family, FramingTerm, KeyEvent, Rebuttal, Remark, Review, Status,
    Technique, Topic,
)

__all__ = ["DatasetError", "KEPT", "dump_dataset", "export_dataset", "import_dataset", "write_dataset"]

FORMAT = "counterclaim-dataset"
# 4: remarks with their reports replace appearances; talking-point families.
# 3: techniques carry a rationale and the words; terms' pinyin; key events; claims' status.
# 2: reviews; actors have aliases.
VERSION = 4
READABLE_VERSIONS = (2, 3, 4)  # each is the next without what it added
NOT_A_DATASET = f'not a Counterclaim dataset: "format" must be "{FORMAT}"'

# The lists in the order they are written: each after the ones it refers to, so a reader needs one pass.
SECTIONS = ("actors", "sources", "topics", "techniques", "framing_terms", "key_events", "families", "claims",
            "rebuttals")
NEEDS = {"sources": {"actors"}, "key_events": {"sources"},
         "claims": {"actors", "sources", "topics", "techniques", "framing_terms", "families"}, "rebuttals": {"claims"}}

KEPT = "already present, left unchanged"  # the count import_dataset(keep_existing=True) reports

# Objects per database round trip: what export holds at once, and what import writes at once.
CHUNK = 500
BATCH = 500
ROWS_PER_INSERT = 1000  # a claim can have thousands of remarks: one INSERT holds at most this many

# Free text of any one field: far beyond any quote or explanation, well under PostgreSQL's 1 MB tsvector.
MAX_TEXT_LENGTH = 50_000
# Concurrent imports wait for each other (pg_advisory_xact_lock), so the second finds what the first wrote.
IMPORT_LOCK_KEY = zlib.crc32(b"counterclaim import_dataset")


# Plain fields of each object, in the order they are written.
ACTOR_FIELDS = ["slug", "name", "kind", "role", "aliases", "country", "state_affiliated", "description", "website", "wikidata_id"]
SOURCE_FIELDS = ["slug", "title", "kind", "url", "archive_url", "published_basis", "language", "summary", "reliability_note"]
TOPIC_FIELDS = ["slug", "name", "description"]
TECHNIQUE_FIELDS = ["slug", "name", "definition", "example"]
FRAMING_TERM_FIELDS = ["slug", "term", "original_script", "original_language", "pinyin", "plain_term", "explanation",
                       "first_used_basis"]
KEY_EVENT_FIELDS = ["slug", "title", "kind", "date_basis", "description", "url"]
FAMILY_FIELDS = ["slug", "name", "description"]
CLAIM_FIELDS = ["slug", "text", "context", "status", "withdrawn_reason"]
# When a claim was published and withdrawn, as ISO 8601 date-times (absent: not yet).
CLAIM_TIMES = ["published_at", "withdrawn_at"]
REMARK_FIELDS = ["date_basis", "venue", "words", "original_words", "original_language", "record_url"]
REPORT_FIELDS = ["locator", "quote", "is_direct_quote"]
EVIDENCE_FIELDS = ["excerpt", "locator", "kind", "strength", "note"]
CLAIM_TECHNIQUE_FIELDS = ["rationale", "phrase"]
REBUTTAL_FIELDS = ["note"]
REVIEW_FIELDS = ["url", "title", "language", "rating_label", "rating_value", "rating_best", "rating_worst", "verdict",
                 "explanation"]
RATING_FIELDS = ("rating_value", "rating_best", "rating_worst")
CLAIM_LABELS = (("topics", Topic), ("framing_terms", FramingTerm))  # plain many-to-many: slugs


# ---------------------------------------------------------------- export

def export_items():
    """(key, value) of the whole database in the order written; lists are lazy, read a chunk at a time
    (rows as plain values: model instances cost several times more at 100,000 claims)."""
    yield "format", FORMAT
    yield "version", VERSION
    actors = Actor.objects.order_by("slug").values(*ACTOR_FIELDS, "affiliation__slug")
    yield "actors", ({**_fields(a, ACTOR_FIELDS), "country": a["country"] or "", "affiliation": a["affiliation__slug"]}
                     for a in _stream(actors))
    yield "sources", _sources()
    yield "topics", (_fields(t, TOPIC_FIELDS) for t in _stream(Topic.objects.order_by("slug").values(*TOPIC_FIELDS)))
    yield "techniques", (
        _fields(t, TECHNIQUE_FIELDS) for t in _stream(Technique.objects.order_by("slug").values(*TECHNIQUE_FIELDS))
    )
    terms = FramingTerm.objects.order_by("slug").values(*FRAMING_TERM_FIELDS, "first_used", "first_used_precision")
    yield "framing_terms", (
        {**_fields(t, FRAMING_TERM_FIELDS), "first_used": partial_date_iso(t["first_used"], t["first_used_precision"])}
        for t in _stream(terms)
    )
    events = KeyEvent.objects.order_by("slug").values(*KEY_EVENT_FIELDS, "date", "date_precision", "source__slug")
    yield "key_events", (
        {**_fields(e, KEY_EVENT_FIELDS), "date": partial_date_iso(e["date"], e["date_precision"]),
         "source": e["source__slug"]}
        for e in _stream(events)
    )
    yield "families", (_fields(f, FAMILY_FIELDS) for f in _stream(Family.objects.order_by("slug").values(*FAMILY_FIELDS)))
    yield "claims", _claims()
    yield "rebuttals", (
        {"counterclaim": counterclaim, "rebuts": rebutted, "note": note}
        for counterclaim, rebutted, note in _stream(Rebuttal.objects.order_by("counterclaim__slug", "rebutted__slug")
                                                    .values_list("counterclaim__slug", "rebutted__slug", "note"))
    )


def _sources():
    sources = Source.objects.order_by("slug").values("pk", *SOURCE_FIELDS, "publisher__slug", "published",
                                                     "published_precision")
    for chunk in _chunks(_stream(sources), CHUNK):
        authors = _grouped(Source.authors.through.objects.filter(source__in=[s["pk"] for s in chunk])
                           .order_by().values_list("source_id", "actor__slug"))
        for s in chunk:
            yield {
                **_fields(s, SOURCE_FIELDS),
                "publisher": s["publisher__slug"],
                "authors": sorted(slug for _, slug in authors.get(s["pk"], [])),
                "published": partial_date_iso(s["published"], s["published_precision"]),
            }


def _claims():
    """Each claim with what hangs off it: one query per table for a chunk of claims."""
    claims = Claim.objects.order_by("slug").values("pk", *CLAIM_FIELDS, *CLAIM_TIMES, "family__slug")
    for chunk in _chunks(_stream(claims), CHUNK):
        ids = [c["pk"] for c in chunk]
        labels = {key: _grouped(getattr(Claim, key).through.objects.filter(claim__in=ids)
                                .order_by().values_list("claim_id", f"{model._meta.model_name}__slug"))
                  for key, model in CLAIM_LABELS}
        techniques = _grouped(ClaimTechnique.objects.filter(claim__in=ids).order_by().values(
            "claim_id", "technique__slug", *CLAIM_TECHNIQUE_FIELDS))
        remarks = Remark.objects.filter(claim__in=ids).order_by().values(
            "pk", "claim_id", "speaker__slug", "date", "date_precision", *REMARK_FIELDS)
        reports = _grouped(Appearance.objects.filter(remark__claim__in=ids).order_by().values(
            "remark_id", "source__slug", *REPORT_FIELDS), key="remark_id")
        said = {}
        for r in remarks:
            said.setdefault(r["claim_id"], []).append((
                {"speaker": r["speaker__slug"], "date": partial_date_iso(r["date"], r["date_precision"]),
                 **_fields(r, REMARK_FIELDS),
                 "reports": sorted(({"source": a["source__slug"], **_fields(a, REPORT_FIELDS)}
                                    for a in reports.get(r["pk"], [])),
                                   key=lambda a: (a["source"], a["locator"], a["quote"]))},
                r["pk"],
            ))
        evidence = _grouped(Evidence.objects.filter(claim__in=ids).order_by().values(
            "claim_id", "source__slug", *EVIDENCE_FIELDS))
        reviews = _grouped(Review.objects.filter(claim__in=ids).order_by().values(
            "claim_id", "reviewer__slug", "published", "modified", *REVIEW_FIELDS))
        for claim in chunk:
            pk = claim["pk"]
            yield {
                **_fields(claim, CLAIM_FIELDS),
                **{name: claim[name].isoformat() for name in CLAIM_TIMES if claim[name]},
                "family": claim["family__slug"],
                "reviews": sorted(
                    ({"reviewer": r["reviewer__slug"], "published": _iso(r["published"]),
                      "modified": _iso(r["modified"]), **_fields(r, REVIEW_FIELDS),
                      **{name: _number(r[name]) for name in RATING_FIELDS}} for r in reviews.get(pk, [])),
                    key=lambda r: (r["reviewer"], r["url"], r["published"] or "")),
                **{key: sorted(slug for _, slug in labels[key].get(pk, [])) for key, _ in CLAIM_LABELS},
                "techniques": sorted(
                    ({"technique": t["technique__slug"], **_fields(t, CLAIM_TECHNIQUE_FIELDS)}
                     for t in techniques.get(pk, [])),
                    key=lambda item: item["technique"]),
                # The remark's id last: two remarks alike in all else keep the order they were written in.
                "remarks": [remark for remark, _ in sorted(
                    said.get(pk, []), key=lambda pair: (pair[0]["date"] or "", pair[0]["speaker"], pair[0]["venue"],
                                                        pair[0]["original_words"], pair[0]["words"], pair[1]))],
                "evidence": sorted(({"source": e["source__slug"], **_fields(e, EVIDENCE_FIELDS)}
                                    for e in evidence.get(pk, [])),
                                   key=lambda e: (e["source"], e["locator"], e["excerpt"])),
            }


def _stream(queryset):
    return queryset.iterator(chunk_size=CHUNK)


def _grouped(rows, key="claim_id"):
    """{owner id: [its rows]} from rows whose first value (or `key`) is that id."""
    grouped = {}
    for row in rows:
        grouped.setdefault(row[key] if isinstance(row, dict) else row[0], []).append(row)
    return grouped


def export_dataset():
    """The whole database as a dict in the dataset format, in a stable order (held in memory: small data only)."""
    with _one_snapshot():
        return {key: list(value) if key in SECTIONS else value for key, value in export_items()}


def write_dataset(write, progress=None):
    """Write the whole database through `write` (text), an object at a time: the bytes dump_dataset would give."""
    with _one_snapshot():
        _write_document(write, export_items(), progress)


def export_size():
    """How many objects write_dataset writes (for a progress bar)."""
    return sum(m.objects.count() for m in (Actor, Source, Topic, Technique, FramingTerm, KeyEvent, Family, Claim,
                                           Rebuttal))


def dump_dataset(data):
    """The canonical bytes of a dataset dict: `format`, `version`, then the lists in SECTIONS order (the rest
    after); each object's keys sorted, two-space indent, UTF-8, final newline."""
    order = {key: i for i, key in enumerate(("format", "version", *SECTIONS))}
    parts = []
    _write_document(parts.append, sorted(data.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))
    return "".join(parts).encode("utf-8")


def _write_document(write, items, progress=None):
    write("{")
    for i, (key, value) in enumerate(items):
        write(("," if i else "") + f"\n  {json.dumps(key)}: ")
        if isinstance(value, (list, Iterator)):  # a list, or a lazy iterator of objects
            count = 0
            for count, item in enumerate(value, 1):
                text = json.dumps(item, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n    ")
                write(("[\n    " if count == 1 else ",\n    ") + text)
                if progress and count % CHUNK == 0:
                    progress(CHUNK)
            write("\n  ]" if count else "[]")
            if progress:
                progress(count % CHUNK)
        else:
            write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n  "))
    write("\n}\n")


@contextmanager
def _one_snapshot():
    """Every query of an export sees the same moment of the database: an edit made during a long export
    cannot leave a rebuttal naming a claim the file lacks. Inside a caller's transaction, its own rules hold."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _fields(row, names):
    return {name: row[name] for name in names}


def _iso(day):
    return day.isoformat() if day else None


def _number(value):
    """A rating number as written: 5, not 5.0."""
    return int(value) if value is not None and float(value).is_integer() else value


# ---------------------------------------------------------------- import

def database_is_empty():
    """True when nothing but our own organisation (created by a migration) is in the database."""
    actors = Actor.objects.exclude(slug=settings.REVIEWER["slug"])
    return not actors.exists() and not any(m.objects.exists() for m in (Source, Topic, Technique, FramingTerm, KeyEvent, Claim))


@transaction.atomic
def import_dataset(data, *, merge=False, keep_existing=False, reason="Imported from a dataset file", progress=None):
    """Write a dataset into the database, all or nothing. Returns counts of created/updated objects.

    `data` is the path of a dataset file, read as a stream, or a parsed document (a dict).
    Objects are matched by slug (remarks, reports and evidence by their content), so
    importing the same data twice changes nothing. Without `merge`, the
    database must be empty. With `keep_existing`, objects already in the
    database are left exactly as they are (with what hangs off them: a claim's
    quotes, evidence and labels); only what is missing is added. Each object written gets a version in its
    history, with `reason`. `progress(n)` hears of every n objects read.
    """
    document = DatasetFile(data) if isinstance(data, (str, os.PathLike)) else _ParsedDocument(data)
    importer = _Importer(merge=merge, keep_existing=keep_existing, reason=reason, progress=progress)
    importer.run(document)
    if importer.kept:
        importer.counts[KEPT] = importer.kept
    return importer.counts


class _ParsedDocument:
    """A dataset already in memory, read as DatasetFile reads a file."""

    def __init__(self, data):
        if not isinstance(data, dict):
            raise DatasetError(NOT_A_DATASET)
        self.data = data

    def top_level(self):
        order = {key: i for i, key in enumerate(("format", "version", *SECTIONS))}
        for key in sorted(self.data, key=lambda key: order.get(key, len(order))):
            value = self.data[key]
            yield key, _listed(key, value) if key in SECTIONS and isinstance(value, list) else value


def _listed(key, rows):
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise DatasetError(f"{key}: expected a list of objects")
        yield f"{key}[{i}]", row


# The tables whose rows the statistics triggers (claims/stats.py) look up when remarks, reports, evidence and
# rebuttals are written, with the columns they look them up by.
ANALYSED = {
    Claim: ["id", "status"], Remark: ["claim_id"], Appearance: ["remark_id"], Evidence: ["claim_id"],
    Rebuttal: ["rebutted_id", "counterclaim_id"],
}


def _rows_estimated(table):
    """The planner's idea of how many rows `table` holds (0 when it has none)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0]


class _Importer:
    def __init__(self, merge=False, keep_existing=False, reason="", progress=None):
        self.merge, self.keep_existing, self.reason = merge, keep_existing, reason
        self.progress = progress or (lambda n: None)
        self.version = None  # known once the header is read
        self.counts = {}
        self.kept = 0  # objects already present and left as they were (keep_existing)
        self.kept_claims = set()  # their ids: a rebuttal between two of them is left alone too
        self.new_families = set()  # ids of the families this import creates: a kept claim may join one
        self.analysed, self.unanalysed = {}, {}  # rows by table: at the last ANALYZE, and written since

    def _keep_statistics(self, model, written):
        """ANALYZE a table the statistics triggers read whenever this import has doubled it.

        Autovacuum cannot see rows of a transaction still open, so on a new database the planner took these
        tables for empty and planned the triggers' lookups of remarks, reports and rebuttals by claim as scans
        of nothing: at 2,000 claims those lookups were three quarters of the import (20 of 27 s). ANALYZE in
        the transaction samples its own new rows; only the columns looked up by (ANALYSED), as the ClaimReview
        importer does. Autovacuum analyses the whole tables after commit.
        """
        if model not in ANALYSED or not written or connection.vendor != "postgresql":
            return
        table = model._meta.db_table
        if table not in self.analysed:
            self.analysed[table] = _rows_estimated(table)
        self.unanalysed[table] = self.unanalysed.get(table, 0) + written
        if self.unanalysed[table] <= self.analysed[table]:
            return
        columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in ANALYSED[model])
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)} ({columns})")
        self.analysed[table] += self.unanalysed.pop(table)

    def run(self, document):
        """Import each list once the lists it refers to are in. A file in the order export writes takes one
        pass; one in another order (keys sorted, as the seed file) takes a pass more per list met too early."""
        done = set()
        while len(done) < len(SECTIONS):
            header, present = {}, set()
            for key, value in document.top_level():
                present.add(key)
                if key in ("format", "version"):
                    header[key] = value
                    if len(header) == 2 and self.version is None:
                        self._start(header)
                elif key in SECTIONS and self.version is not None and key not in done and NEEDS.get(key, set()) <= done:
                    if not isinstance(value, Iterator):
                        raise DatasetError(f"{key}: expected a list of objects")
                    getattr(self, f"_import_{key}")(value)
                    done.add(key)
            if self.version is None:
                self._start(header)  # refuses the file: "format" or "version" is missing
            done |= set(SECTIONS) - present  # a list the file leaves out is empty

    def _start(self, header):
        """Check the header, before anything is written; then wait for any other import to finish."""
        if header.get("format") != FORMAT:
            raise DatasetError(NOT_A_DATASET)
        version = header.get("version")
        if type(version) is not int or version not in READABLE_VERSIONS:  # not True, not 4.0
            raise DatasetError(f"unsupported dataset version {version!r}; this program reads versions "
                               f"{', '.join(map(str, READABLE_VERSIONS))}")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
        if not self.merge and not database_is_empty():
            raise DatasetError("the database already holds data: import into an empty database, or merge")
        self.version = version

    # -- the lists, a batch at a time: first every row's types, then one query per referenced table, then writes

    def _import_actors(self, rows):
        affiliations = []  # (place, actor slug, affiliation slug or None): set once every actor is in
        created = []  # their first versions are written once their affiliations are set
        for batch in _batches(rows):
            for place, row in batch:
                self._check_slugged(Actor, place, row, ACTOR_FIELDS)
                _check_ref(row, "affiliation", place, Actor)
            existing = _existing(Actor, batch)
            writes = _Writes(self, Actor, first_versions=False)
            for place, row in batch:
                actor, kept = self._upsert(existing, writes, place, row, ACTOR_FIELDS,
                                           extra={"country": row.get("country") or ""})
                if not kept and (row.get("affiliation") is not None or actor.affiliation_id is not None):
                    affiliations.append((place, actor.slug, row.get("affiliation")))
            writes.save()
            created.extend(writes.created_ids)
            self.progress(len(batch))
        created = set(created)
        for chunk in _chunks(affiliations, BATCH):
            self._set_affiliations(chunk, created)
        for chunk in _chunks(sorted(created), ROWS_PER_INSERT):
            write_first_versions(Actor, chunk, self.reason)

    def _set_affiliations(self, chunk, created):
        found = {actor.slug: actor for actor in _without_generated(Actor).filter(
            slug__in={s for _, slug, other in chunk for s in (slug, other) if s})}
        ids = {slug: actor.pk for slug, actor in found.items()}
        new = []
        for place, slug, other in chunk:
            actor = found[slug]
            target = self._ref(ids, Actor, other, f"{place}.affiliation")
            if target == actor.affiliation_id:
                continue
            actor.affiliation_id = target
            if actor.pk in created:  # its first version, written next, has it
                _clean(actor, place)
                new.append(actor)
            else:
                _save(actor, place, self.reason)
        if new:
            Actor.objects.bulk_update(new, ["affiliation"], batch_size=ROWS_PER_INSERT)

    def _import_sources(self, rows):
        for batch in _batches(rows):
            for place, row in batch:
                self._check_slugged(Source, place, row, SOURCE_FIELDS)
                _check_ref(row, "publisher", place, Actor)
                for k, slug in enumerate(_slugs(row, "authors", place)):
                    _check_text(slug, f"{place}.authors[{k}]", Actor._meta.get_field("slug").max_length)
                _partial_date(row.get("published"), f"{place}.published")
            existing = _existing(Source, batch)
            actors = _lookup(Actor, [s for _, row in batch for s in [row.get("publisher"), *row.get("authors", [])]])
            writes, filled = _Writes(self, Source), []
            for place, row in batch:
                publisher = self._ref(actors, Actor, row.get("publisher"), f"{place}.publisher")
                authors = [self._ref(actors, Actor, slug, f"{place}.authors[{k}]")
                           for k, slug in enumerate(row.get("authors", []))]
                published, precision = _partial_date(row.get("published"), f"{place}.published")
                is_new = row["slug"] not in existing
                source, kept = self._upsert(existing, writes, place, row, SOURCE_FIELDS, extra={
                    "publisher_id": publisher, "published": published, "published_precision": precision})
                if not kept:
                    filled.append((source, is_new, authors))
            writes.save()
            _sync_links(Source.authors.through, "source", "actor", [s.pk for s, is_new, _ in filled if not is_new],
                        {(s.pk, a): None for s, _, authors in filled for a in authors})
            self.progress(len(batch))

    def _import_topics(self, rows):
        self._import_named(Topic, rows, TOPIC_FIELDS)

    def _import_techniques(self, rows):
        self._import_named(Technique, rows, TECHNIQUE_FIELDS)

    def _import_framing_terms(self, rows):
        self._import_named(FramingTerm, rows, FRAMING_TERM_FIELDS, date_field="first_used")

    def _import_families(self, rows):
        self._import_named(Family, rows, FAMILY_FIELDS)

    def _import_named(self, model, rows, fields, date_field=None):
        for batch in _batches(rows):
            for place, row in batch:
                self._check_slugged(model, place, row, fields)
            existing = _existing(model, batch)
            writes = _Writes(self, model)
            for place, row in batch:
                extra = {}
                if date_field:
                    day, precision = _partial_date(row.get(date_field), f"{place}.{date_field}")
                    extra = {date_field: day, f"{date_field}_precision": precision}
                self._upsert(existing, writes, place, row, fields, extra)
            writes.save()
            if model is Family:
                self.new_families.update(writes.created_ids)
            self.progress(len(batch))

    def _import_key_events(self, rows):
        for batch in _batches(rows):
            for place, row in batch:
                self._check_slugged(KeyEvent, place, row, KEY_EVENT_FIELDS)
                _check_ref(row, "source", place, Source)
                date, _ = _partial_date(row.get("date"), f"{place}.date")
                if date is None:
                    raise DatasetError(f"{place}.date: required (a key event is placed on the timeline by it)")
            existing = _existing(KeyEvent, batch)
            sources = _lookup(Source, [row.get("source") for _, row in batch])
            writes = _Writes(self, KeyEvent)
            for place, row in batch:
                date, precision = _partial_date(row.get("date"), f"{place}.date")
                self._upsert(existing, writes, place, row, KEY_EVENT_FIELDS, extra={
                    "date": date, "date_precision": precision,
                    "source_id": self._ref(sources, Source, row.get("source"), f"{place}.source")})
            writes.save()
            self.progress(len(batch))

    def _import_claims(self, rows):
        for batch in _batches(rows):
            if self.version < 4:
                batch = [(place, claim_with_remarks(row)) for place, row in batch]
            for place, row in batch:
                self._check_claim(place, row)
            existing = _existing(Claim, batch)
            speakers = [remark.get("speaker") for _, row in batch for remark in row.get("remarks", [])]
            reviewers = [review.get("reviewer") for _, row in batch for review in row.get("reviews", [])]
            refs = {
                Actor: _lookup(Actor, speakers + reviewers),
                Source: _lookup(Source, [item.get("source") for _, row in batch for item in (
                    *row.get("evidence", []), *(report for remark in row.get("remarks", [])
                                                for report in remark.get("reports", [])))]),
                Technique: _lookup(Technique, [item if self.version == 2 else item.get("technique")
                                               for _, row in batch for item in row.get("techniques", [])]),
                Family: _lookup(Family, [row.get("family") for _, row in batch]),
                **{model: _lookup(model, [slug for _, row in batch for slug in row.get(key, [])])
                   for key, model in CLAIM_LABELS},
            }
            writes, filled, joining = _Writes(self, Claim), [], {}
            for place, row in batch:
                row = {"status": Status.PUBLISHED, **row}  # files written before the workflow held only public claims
                times = {name: _datetime(row.get(name), f"{place}.{name}") for name in CLAIM_TIMES}
                stored = existing.get(row["slug"])
                if row["status"] in (Status.PUBLISHED, Status.WITHDRAWN) and times["published_at"] is None:
                    times["published_at"] = (stored.published_at if stored else None) or timezone.now()
                if row["status"] == Status.WITHDRAWN and times["withdrawn_at"] is None:
                    times["withdrawn_at"] = timezone.now()
                family = self._ref(refs[Family], Family, row.get("family"), f"{place}.family")
                if "family" in row:  # absent (a file older than version 4): the claim's family is left as it is
                    times["family_id"] = family
                is_new = stored is None
                claim, kept = self._upsert(existing, writes, place, row, CLAIM_FIELDS, extra=times)
                if kept:
                    self.kept_claims.add(claim.pk)
                    # A claim an editor holds stays as it is, but joins a family this import brings for the first
                    # time when it is in none (how the seed's families reach databases that already hold its claims).
                    if family in self.new_families and claim.family_id is None:
                        joining.setdefault(family, []).append(claim.pk)
                    continue
                labels = {key: [self._ref(refs[model], model, slug, f"{place}.{key}[{k}]")
                                for k, slug in enumerate(row.get(key, []))] for key, model in CLAIM_LABELS}
                filled.append((place, row, claim, is_new, labels))
            writes.save()
            for family, claim_ids in joining.items():
                # Rare (a database that held the seed before families): saved one by one, so each has a version.
                for claim in Claim.objects.filter(pk__in=claim_ids):
                    claim.family_id = family
                    _save(claim, f"claims ({claim.slug}): family", self.reason)
                self._count(Claim, "put in a new family", len(claim_ids), label="claims")
            if filled:
                self._fill_claims(filled, refs)
            self.progress(len(batch))

    def _fill_claims(self, filled, refs):
        """A batch of claims' remarks and reports, evidence, reviews, labels and techniques, matched against what
        the claims already held."""
        earlier = [claim.pk for _, _, claim, is_new, _ in filled if not is_new]
        remarks = _Pool(_without_generated(Remark).filter(claim__in=earlier) if earlier else (),
                        lambda r: (r.claim_id, r.speaker_id, r.date, r.date_precision, r.venue, r.original_words))
        reports = _Pool(_without_generated(Appearance).filter(remark__claim__in=earlier) if earlier else (),
                        lambda a: (a.remark_id, a.source_id, a.quote))
        evidence = _Pool(_without_generated(Evidence).filter(claim__in=earlier) if earlier else (),
                         lambda e: (e.claim_id, e.source_id, e.excerpt))
        urls = [item["url"] for _, row, _, _, _ in filled for item in row.get("reviews", []) if item.get("url")]
        reviews = {review.url or (review.claim_id, review.reviewer_id): review for review in Review.objects.filter(
            Q(url__in=urls) | Q(claim__in=earlier, url="")).order_by("-pk")} if urls or earlier else {}
        writes = {model: _Writes(self, model) for model in (Remark, Appearance, Evidence, Review)}

        said = []  # (place, remark item, remark): its reports are matched once the remark has an id
        for place, row, claim, _, _ in filled:
            for j, item in enumerate(row.get("remarks", [])):
                at = f"{place}.remarks[{j}]"
                speaker = self._ref(refs[Actor], Actor, item["speaker"], f"{at}.speaker")
                date, precision = _partial_date(item.get("date"), f"{at}.date")
                key = (claim.pk, speaker, date, precision, item.get("venue") or "", item.get("original_words") or "")
                remark = (remarks.take(key, same=lambda r: r.words == (item.get("words") or ""))  # noqa: B023
                          or Remark(claim_id=claim.pk, speaker_id=speaker))
                self._apply(remark, writes[Remark], at, item, REMARK_FIELDS,
                            extra={"date": date, "date_precision": precision})
                said.append((at, item, remark))
            for j, item in enumerate(row.get("evidence", [])):
                at = f"{place}.evidence[{j}]"
                source = self._ref(refs[Source], Source, item["source"], f"{at}.source")
                found = (evidence.take((claim.pk, source, item.get("excerpt", "")))
                         or Evidence(claim_id=claim.pk, source_id=source))
                self._apply(found, writes[Evidence], at, item, EVIDENCE_FIELDS)
            for j, item in enumerate(row.get("reviews", [])):
                at = f"{place}.reviews[{j}]"
                reviewer = self._ref(refs[Actor], Actor, item["reviewer"], f"{at}.reviewer")
                # A new review knows its reviewer's slug (clean() asks whether it is ours) without a query.
                review = reviews.setdefault(item.get("url") or (claim.pk, reviewer),
                                            Review(claim_id=claim.pk, reviewer=Actor(pk=reviewer, slug=item["reviewer"])))
                self._apply(review, writes[Review], at, item, REVIEW_FIELDS, extra={
                    "claim_id": claim.pk, "reviewer_id": reviewer,
                    "published": _day(item.get("published"), f"{at}.published"),
                    "modified": _day(item.get("modified"), f"{at}.modified")},
                    clean={"check_unique": False})  # matched by what makes them unique, just above
        writes[Remark].save()
        for at, item, remark in said:
            for k, report in enumerate(item.get("reports", [])):
                where = f"{at}.reports[{k}]"
                source = self._ref(refs[Source], Source, report["source"], f"{where}.source")
                found = (reports.take((remark.pk, source, report.get("quote", "")))
                         or Appearance(remark_id=remark.pk, source_id=source))
                self._apply(found, writes[Appearance], where, report, REPORT_FIELDS)
        for model in (Appearance, Evidence, Review):
            writes[model].save()
        for key, _ in CLAIM_LABELS:
            field = Claim._meta.get_field(key)
            _sync_links(field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name(), earlier,
                        {(claim.pk, pk): None for _, _, claim, _, labels in filled for pk in labels[key]})
        # After the quotes: the words a technique is marked in are checked against them.
        self._fill_techniques(filled, refs, earlier)

    def _fill_techniques(self, filled, refs, earlier):
        """A batch of claims' techniques: slugs (version 2) or {"technique", "rationale", "phrase"} (version 3 on).
        A link the file no longer lists is removed."""
        links = {}
        if earlier:
            links = {(link.claim_id, link.technique_id): link
                     for link in ClaimTechnique.objects.filter(claim__in=earlier).order_by()}
        wanted = [(place, row, claim) for place, row, claim, _, _ in filled]
        phrased = {claim.pk for _, row, claim in wanted
                   if self.version > 2 and any(item.get("phrase") for item in row.get("techniques", []))}
        quotes = {}
        if phrased:  # the claims' saved quotes, as ClaimTechnique.clean() reads them, for the whole batch at once
            for claim_id, words in Remark.objects.filter(claim__in=phrased).exclude(words="").order_by() \
                    .values_list("claim_id", "words"):
                quotes.setdefault(claim_id, []).append(words)
            for claim_id, quote in Appearance.objects.filter(remark__claim__in=phrased).order_by() \
                    .values_list("remark__claim_id", "quote"):
                quotes.setdefault(claim_id, []).append(quote)
        writes, listed = _Writes(self, ClaimTechnique), set()
        for place, row, claim in wanted:
            for k, item in enumerate(row.get("techniques", [])):
                at = f"{place}.techniques[{k}]"
                if self.version == 2:
                    technique, item = self._ref(refs[Technique], Technique, item, at), {}
                else:
                    technique = self._ref(refs[Technique], Technique, item["technique"], f"{at}.technique")
                link = links.setdefault((claim.pk, technique),
                                        ClaimTechnique(claim_id=claim.pk, technique_id=technique))
                self._apply(link, writes, at, item, CLAIM_TECHNIQUE_FIELDS,
                            clean={"quotes": quotes.get(claim.pk, [])})
                listed.add((claim.pk, technique))
        writes.save()
        stale = [link.pk for pair, link in links.items() if link.pk is not None and pair not in listed]
        if stale:
            ClaimTechnique.objects.filter(pk__in=stale).delete()

    def _import_rebuttals(self, rows):
        def pair(row):
            ends = (row.get("counterclaim"), row.get("rebuts"))
            return ends if all(isinstance(end, str) for end in ends) else None

        for batch in _batches(rows, key=pair):
            for place, row in batch:
                self._check(Rebuttal, place, row, REBUTTAL_FIELDS)
                _check_ref(row, "counterclaim", place, Claim, required=True)
                _check_ref(row, "rebuts", place, Claim, required=True)
            claims = _lookup(Claim, [row[end] for _, row in batch for end in ("counterclaim", "rebuts")])
            pairs = []
            for place, row in batch:
                counterclaim = self._ref(claims, Claim, row["counterclaim"], f"{place}.counterclaim")
                rebutted = self._ref(claims, Claim, row["rebuts"], f"{place}.rebuts")
                if counterclaim in self.kept_claims and rebutted in self.kept_claims:
                    continue  # between two claims an editor may have worked on: theirs to link
                pairs.append((place, row, counterclaim, rebutted))
            existing = {(r.counterclaim_id, r.rebutted_id): r for r in Rebuttal.objects.filter(
                counterclaim__in={p[2] for p in pairs}, rebutted__in={p[3] for p in pairs}).order_by()} if pairs else {}
            writes = _Writes(self, Rebuttal)
            for place, row, counterclaim, rebutted in pairs:
                rebuttal = existing.setdefault((counterclaim, rebutted),
                                               Rebuttal(counterclaim_id=counterclaim, rebutted_id=rebutted))
                self._apply(rebuttal, writes, place, row, REBUTTAL_FIELDS)
            writes.save()
            self.progress(len(batch))

    # -- checks before anything is looked up

    def _check_slugged(self, model, place, row, fields):
        self._check(model, place, row, fields)
        slug = row.get("slug")
        if not isinstance(slug, str) or not slug:
            raise DatasetError(f"{place}.slug: required")

    def _check_claim(self, place, row):
        self._check_slugged(Claim, place, row, CLAIM_FIELDS)
        _check_ref(row, "family", place, Family)
        for key, model in CLAIM_LABELS:
            for k, slug in enumerate(_slugs(row, key, place)):
                _check_text(slug, f"{place}.{key}[{k}]", model._meta.get_field("slug").max_length)
        for j, item in enumerate(_objects(row, "remarks", place)):
            at = f"{place}.remarks[{j}]"
            self._check(Remark, at, item, REMARK_FIELDS)
            _check_ref(item, "speaker", at, Actor, required=True)
            _partial_date(item.get("date"), f"{at}.date")
            reports = _objects(item, "reports", at)
            if not reports and not item.get("words"):
                raise DatasetError(f"{at}: a remark needs its words or at least one source that reports it")
            for k, report in enumerate(reports):
                where = f"{at}.reports[{k}]"
                self._check(Appearance, where, report, REPORT_FIELDS)
                _check_ref(report, "source", where, Source, required=True)
        for j, item in enumerate(_objects(row, "evidence", place)):
            at = f"{place}.evidence[{j}]"
            self._check(Evidence, at, item, EVIDENCE_FIELDS)
            _check_ref(item, "source", at, Source, required=True)
        items = row.get("techniques", [])
        if not isinstance(items, list):
            raise DatasetError(f"{place}.techniques: expected a list, got {_json_type(items)}")
        for k, item in enumerate(items):
            at = f"{place}.techniques[{k}]"
            if self.version == 2:
                _check_text(item, at, Technique._meta.get_field("slug").max_length)
            elif isinstance(item, dict):
                self._check(ClaimTechnique, at, item, CLAIM_TECHNIQUE_FIELDS)
                _check_ref(item, "technique", at, Technique, required=True)
            else:
                raise DatasetError(f'{at}: expected an object {{"technique": slug, "rationale": ..., "phrase": ...}}, '
                                   f"got {_json_type(item)}")
        for j, item in enumerate(_objects(row, "reviews", place)):
            at = f"{place}.reviews[{j}]"
            self._check(Review, at, item, REVIEW_FIELDS)
            _check_ref(item, "reviewer", at, Actor, required=True)
            _day(item.get("published"), f"{at}.published")
            _day(item.get("modified"), f"{at}.modified")

    def _check(self, model, where, row, fields):
        """Refuse, before anything reaches the database, a value of the wrong JSON type or one no column can hold."""
        for name in fields:
            value = row.get(name)
            if value is None:
                continue
            field = model._meta.get_field(name)
            if isinstance(field, ArrayField):  # a list of strings (an actor's aliases)
                if not isinstance(value, list):
                    raise DatasetError(f"{where}.{name}: expected a list of strings, got {_json_type(value)}")
                for k, item in enumerate(value):
                    _check_text(item, f"{where}.{name}[{k}]", field.base_field.max_length)
                continue
            if isinstance(field, models.BooleanField):
                if not isinstance(value, bool):
                    raise DatasetError(f"{where}.{name}: expected true or false, got {_json_type(value)}")
                continue
            if isinstance(field, models.FloatField):  # a rating number, as JSON writes it: not "5", not true
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise DatasetError(f"{where}.{name}: expected a number, got {_json_type(value)}")
                continue
            _check_text(value, f"{where}.{name}", field.max_length)

    # -- matching and writing

    def _upsert(self, existing, writes, place, row, fields, extra=None):
        """(object, kept): the object with the row's slug, found in `existing` or new, with the row's values."""
        instance = existing.get(row["slug"])
        if instance is not None and self.keep_existing:
            self.kept += 1
            return instance, True
        if instance is None:
            instance = existing[row["slug"]] = writes.model(slug=row["slug"])
        return self._apply(instance, writes, place, row, fields, extra), False

    def _apply(self, instance, writes, place, row, fields, extra=None, clean=None):
        values = {name: row[name] for name in fields if row.get(name) is not None}
        values.update(extra or {})
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, values[name])
        if instance.pk is None:
            _clean(instance, place, **(clean or {}))
        if instance.pk is None or changed:
            writes.add(place, instance, changed)
        return instance

    def _ref(self, known, model, slug, where):
        """The id of the object a checked slug names (None for None), from a batch's lookup."""
        if slug is None:
            return None
        if slug not in known:
            raise DatasetError(f"{where}: no {model._meta.verbose_name} with slug {slug!r}")
        return known[slug]

    def _count(self, model, action, n=1, label=None):
        key = f"{label or model._meta.verbose_name_plural} {action}"
        self.counts[key] = self.counts.get(key, 0) + n


class _Pool:
    """Objects already in the database by the key an item of the file is matched by, each taken by one item at
    most: two remarks (reports, pieces of evidence) alike in their key stay two, in a file as in the database.
    Among objects alike in key, the first (lowest id) is taken, or the first that is `same` as the item."""

    def __init__(self, objects, key):
        self.free = {}
        for obj in sorted(objects, key=lambda obj: obj.pk):
            self.free.setdefault(key(obj), []).append(obj)

    def take(self, key, same=None):
        found = self.free.get(key)
        if not found:
            return None
        pick = next((obj for obj in found if same(obj)), found[0]) if same else found[0]
        found.remove(pick)
        return pick


class _Writes:
    """A batch's new and changed objects of one model. The new ones: one INSERT (per ROWS_PER_INSERT) and their
    first versions in the history table in one more. The changed ones (a merge's, rare): saved one at a time,
    fully validated, each with a history row saying what changed."""

    def __init__(self, importer, model, first_versions=True):
        self.importer, self.model, self.first_versions = importer, model, first_versions
        self.new, self.changed = {}, {}
        self.created_ids = []

    def add(self, place, instance, changed):
        # Keyed by the object: a row repeated within a claim (the same quote twice) changes one object.
        if instance.pk is None:
            if id(instance) not in self.new:
                self.importer._count(self.model, "created")
            self.new[id(instance)] = (place, instance)
        elif changed and id(instance) not in self.changed:
            self.importer._count(self.model, "updated")
            self.changed[id(instance)] = (place, instance)

    def save(self):
        if self.new:
            items = list(self.new.values())
            for _, instance in items:
                mark_change(instance, ChangeKind.CREATED, self.importer.reason)  # read if a fallback saves it
            _bulk(items, lambda objects: self.model.objects.bulk_create(objects, batch_size=ROWS_PER_INSERT))
            self.created_ids = [instance.pk for _, instance in items]
            self.importer._keep_statistics(self.model, len(items))
            if self.first_versions:
                for chunk in _chunks(self.created_ids, ROWS_PER_INSERT):
                    write_first_versions(self.model, chunk, self.importer.reason)
        for place, instance in self.changed.values():
            _save(instance, place, self.importer.reason)
        self.new, self.changed = {}, {}


def _save(instance, place, reason):
    """Save one changed object, validated as fully as a form would, with a history row (housekeeping)."""
    try:
        instance.full_clean(validate_unique=True)
    except ValidationError as error:
        raise DatasetError(f"{place}: {_messages(error)}") from None
    except (TypeError, ValueError) as error:
        raise DatasetError(f"{place}: {error}") from None
    mark_change(instance, ChangeKind.HOUSEKEEPING, reason)
    instance.save()


def _bulk(items, write):
    """One bulk write of [(place, object)]. When the database refuses it (a constraint the checks cannot see
    without a query per object, such as a name two topics share), validate the objects one at a time, fully,
    to name the one refused."""
    try:
        with transaction.atomic():
            write([instance for _, instance in items])
        return
    except DatabaseError as error:
        refused = error
    for place, instance in items:
        instance.pk = None
        try:
            instance.full_clean()
        except ValidationError as error:
            raise DatasetError(f"{place}: {_messages(error)}") from None
        try:
            with transaction.atomic():
                instance.save()
        except DatabaseError as error:
            raise DatasetError(f"{place}: {_first_line(error)}") from None
    raise DatasetError(f"{items[0][0]} to {items[-1][0]}: {_first_line(refused)}")


def _clean(instance, place, **clean):
    """Validate a new object as full_clean() would (each field's validators and choices, then the model's clean(),
    which states its constraints in words), without its queries: references were found by slug, and what is
    unique was matched in bulk or is left to the database (_bulk names the object it refuses)."""
    errors = {}
    try:
        instance.clean_fields(exclude=[f.name for f in instance._meta.concrete_fields if f.is_relation])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        instance.clean(**clean)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    except (TypeError, ValueError) as error:
        raise DatasetError(f"{place}: {error}") from None
    if errors:
        raise DatasetError(f"{place}: {_messages(ValidationError(errors))}")


def _messages(error):
    return "; ".join(f"{field}: {' '.join(errs)}" for field, errs in error.message_dict.items())


def _first_line(error):
    return str(error).strip().split("\n")[0]


def _batches(rows, key=lambda row: row.get("slug")):
    """Lists of up to BATCH (place, row). A key (slug) already in the batch starts the next one, so the later row
    updates what the earlier one wrote, as when rows were written one at a time."""
    batch, keys = [], set()
    for place, row in rows:
        row_key = key(row)
        row_key = row_key if isinstance(row_key, (str, tuple)) else None
        if len(batch) == BATCH or (row_key is not None and row_key in keys):
            yield batch
            batch, keys = [], set()
        batch.append((place, row))
        if row_key is not None:
            keys.add(row_key)
    if batch:
        yield batch


def _chunks(items, size):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def _without_generated(model):
    """The model's rows without their stored search documents, which an import never reads."""
    return model.objects.defer(*[f.name for f in model._meta.concrete_fields if f.generated]).order_by()


def _existing(model, batch):
    return {obj.slug: obj for obj in _without_generated(model).filter(slug__in=[row["slug"] for _, row in batch])}


def _lookup(model, slugs):
    """{slug: id} of the objects named (checked strings, or None), in one query."""
    slugs = {slug for slug in slugs if isinstance(slug, str)}
    return dict(model.objects.filter(slug__in=slugs).order_by().values_list("slug", "pk")) if slugs else {}


def _sync_links(through, owner, target, earlier, wanted):
    """Make a many-to-many table hold `wanted` (owner id, target id) pairs, as `.set()` would for each owner:
    links of `earlier` owners (those that were in the database before) not wanted go."""
    have = {}
    if earlier:
        have = {(o, t): pk for pk, o, t in through.objects.filter(**{f"{owner}__in": earlier}).order_by()
                .values_list("pk", f"{owner}_id", f"{target}_id")}
    stale = [pk for pair, pk in have.items() if pair not in wanted]
    if stale:
        through.objects.filter(pk__in=stale).delete()
    missing = [through(**{f"{owner}_id": o, f"{target}_id": t}) for o, t in wanted if (o, t) not in have]
    if missing:
        through.objects.bulk_create(missing, batch_size=ROWS_PER_INSERT)


def _objects(row, key, where):
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise DatasetError(f"{where}.{key}: expected a list of objects")
    return value


def _slugs(row, key, where):
    """The list of slugs under `key` (absent means none)."""
    value = row.get(key, [])
    if not isinstance(value, list):
        raise DatasetError(f"{where}.{key}: expected a list of slugs, got {_json_type(value)}")
    return value


def _check_ref(row, key, where, model, required=False):
    slug = row.get(key)
    if slug is None:
        if required:
            raise DatasetError(f"{where}.{key}: required")
        return
    _check_text(slug, f"{where}.{key}", model._meta.get_field("slug").max_length)


def _datetime(value, where):
    if value is None:
        return None
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed but impossible, like the 30th of February
        moment = None
    if moment is None or timezone.is_naive(moment):
        raise DatasetError(f"{where}: expected an ISO 8601 date-time with its offset, got {value!r}")
    return moment


def _day(value, where):
    day, precision = _partial_date(value, where)
    if day is not None and precision != "day":
        raise DatasetError(f"{where}: give a full date (YYYY-MM-DD)")
    return day


def _partial_date(value, where):
    if value is None:
        return None, ""
    _check_text(value, where, 64)
    try:
        return parse_partial_date(value)
    except (TypeError, ValueError) as error:
        raise DatasetError(f"{where}: {error}") from None


# What a version 2 or 3 appearance said about the utterance (now the remark's) and about its source (the report's).
OLD_REMARK_KEYS = ("speaker", "date", "venue", "original_quote", "original_language")


def claim_with_remarks(claim):
    """A version 2 or 3 claim with remarks: its appearances grouped into remarks (the same speaker, date, venue
    and original words), the remark's words the longest direct quote among them, its date basis every distinct
    basis, as migration 0019 groups them. What cannot be grouped (not a list of objects) is left for the reader
    to refuse."""
    appearances = claim.get("appearances") if isinstance(claim, dict) else None
    if not isinstance(appearances, list) or not all(isinstance(a, dict) for a in appearances):
        return claim
    groups = {}
    for appearance in appearances:
        key = tuple(json.dumps(appearance.get(name)) for name in OLD_REMARK_KEYS)
        groups.setdefault(key, []).append(appearance)
    remarks = []
    for members in groups.values():
        first = members[0]
        direct = [a["quote"] for a in members if a.get("is_direct_quote", True) and isinstance(a.get("quote"), str)]
        bases = [a.get("date_basis") for a in members if a.get("date_basis")]
        remarks.append({
            "speaker": first.get("speaker"), "date": first.get("date"), "venue": first.get("venue") or "",
            "original_words": first.get("original_quote") or "",
            "original_language": first.get("original_language") or "",
            "words": max(direct, key=len) if direct else "",
            "date_basis": " ".join(dict.fromkeys(b for b in bases if isinstance(b, str))),
            "record_url": "",
            "reports": [{key: a.get(key) for key in ("source", "locator", "quote", "is_direct_quote") if key in a}
                        for a in members],
        })
    return {**{key: value for key, value in claim.items() if key != "appearances"}, "remarks": remarks}


def _json_type(value):
    return {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _check_text(value, where, max_length=None):
    """A string the database can store in a column of `max_length` (or free text): else a DatasetError."""
    if not isinstance(value, str):
        raise DatasetError(f"{where}: expected a string, got {_json_type(value)}")
    if "\x00" in value:
        raise DatasetError(f"{where}: contains a NUL character (\\u0000), which text cannot hold")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise DatasetError(f"{where}: contains a lone surrogate (\\ud800-\\udfff), which is not text") from None
    limit = max_length or MAX_TEXT_LENGTH
    if len(value) > limit:
        raise DatasetError(f"{where}: at most {limit:,} characters, got {len(value):,}")
