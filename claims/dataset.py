"""The whole dataset as one JSON document: a documented, versioned, lossless format.

Format `counterclaim-dataset`, version 4 (see docs/dataset-format.md). Objects
refer to each other by slug; remarks (with their reports), evidence and reviews live
inside their claim. Version 2 and 3 files (a claim's appearances, each with its own
speaker and date) are still read: their appearances are grouped into remarks as
migration 0019 groups them.
Partial dates are ISO strings at their precision: "2019-11-16", "2018-08", "2019".

The seed dataset is a file in this format; `load_seed` merges it in, so loading
it twice changes nothing. Export sorts everything by natural keys, so
export -> import into an empty database -> export gives the same bytes.
"""
import json
import zlib

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sources.models import Actor, Source
from tracker.dates import parse_partial_date, partial_date_iso
from tracker.history import ChangeKind, mark_change

from .models import (
    Appearance, Claim, ClaimTechnique, Evidence, Family, FramingTerm, KeyEvent, Rebuttal, Remark, Review, Status,
    Technique, Topic,
)

FORMAT = "counterclaim-dataset"
# 4: remarks with their reports replace appearances; talking-point families.
# 3: techniques carry a rationale and the words; terms' pinyin; key events; claims' status.
# 2: reviews; actors have aliases.
VERSION = 4
READABLE_VERSIONS = (2, 3, 4)  # each is the next without what it added


KEPT = "already present, left unchanged"  # the count import_dataset(keep_existing=True) reports


class DatasetError(Exception):
    """The file is not a valid dataset; `str()` says where and why."""


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


# ---------------------------------------------------------------- export

def export_dataset():
    """The whole database as a dict in the dataset format, in a stable order."""
    actors = Actor.objects.select_related("affiliation").order_by("slug")
    sources = Source.objects.select_related("publisher").prefetch_related("authors").order_by("slug")
    claims = Claim.objects.select_related("family").prefetch_related(
        "topics", "technique_links__technique", "framing_terms",
        "remarks__speaker", "remarks__reports__source", "evidence__source", "reviews__reviewer",
    ).order_by("slug")
    return {
        "format": FORMAT,
        "version": VERSION,
        "actors": [
            {**_fields(a, ACTOR_FIELDS), "country": a.country.code, "affiliation": _slug(a.affiliation)} for a in actors
        ],
        "sources": [
            {
                **_fields(s, SOURCE_FIELDS),
                "publisher": _slug(s.publisher),
                "authors": sorted(a.slug for a in s.authors.all()),
                "published": s.published_iso,
            }
            for s in sources
        ],
        "topics": [_fields(t, TOPIC_FIELDS) for t in Topic.objects.order_by("slug")],
        "techniques": [_fields(t, TECHNIQUE_FIELDS) for t in Technique.objects.order_by("slug")],
        "framing_terms": [
            {**_fields(t, FRAMING_TERM_FIELDS), "first_used": partial_date_iso(t.first_used, t.first_used_precision)}
            for t in FramingTerm.objects.order_by("slug")
        ],
        "key_events": [
            {**_fields(e, KEY_EVENT_FIELDS), "date": e.date_iso, "source": _slug(e.source)}
            for e in KeyEvent.objects.select_related("source").order_by("slug")
        ],
        "families": [_fields(f, FAMILY_FIELDS) for f in Family.objects.order_by("slug")],
        "claims": [_export_claim(c) for c in claims],
        "rebuttals": [
            {"counterclaim": r.counterclaim.slug, "rebuts": r.rebutted.slug, **_fields(r, REBUTTAL_FIELDS)}
            for r in Rebuttal.objects.select_related("counterclaim", "rebutted").order_by(
                "counterclaim__slug", "rebutted__slug"
            )
        ],
    }


def _export_claim(claim):
    remarks = sorted(claim.remarks.all(), key=lambda r: (r.date_iso or "", r.speaker.slug, r.venue, r.original_words,
                                                          r.words, r.pk))
    evidence = sorted(claim.evidence.all(), key=lambda e: (e.source.slug, e.locator, e.excerpt))
    reviews = sorted(claim.reviews.all(), key=lambda r: (r.reviewer.slug, r.url, _iso(r.published) or ""))
    return {
        **_fields(claim, CLAIM_FIELDS),
        **{name: getattr(claim, name).isoformat() for name in CLAIM_TIMES if getattr(claim, name)},
        "family": _slug(claim.family),
        "reviews": [
            {
                "reviewer": r.reviewer.slug, "published": _iso(r.published), "modified": _iso(r.modified),
                **_fields(r, REVIEW_FIELDS),
                **{name: _number(getattr(r, name)) for name in ("rating_value", "rating_best", "rating_worst")},
            }
            for r in reviews
        ],
        "topics": sorted(t.slug for t in claim.topics.all()),
        "techniques": sorted(
            ({"technique": link.technique.slug, **_fields(link, CLAIM_TECHNIQUE_FIELDS)} for link in claim.technique_links.all()),
            key=lambda item: item["technique"],
        ),
        "framing_terms": sorted(t.slug for t in claim.framing_terms.all()),
        "remarks": [
            {
                "speaker": r.speaker.slug, "date": r.date_iso, **_fields(r, REMARK_FIELDS),
                "reports": [
                    {"source": a.source.slug, **_fields(a, REPORT_FIELDS)}
                    for a in sorted(r.reports.all(), key=lambda a: (a.source.slug, a.locator, a.quote))
                ],
            }
            for r in remarks
        ],
        "evidence": [{"source": e.source.slug, **_fields(e, EVIDENCE_FIELDS)} for e in evidence],
    }


def dump_dataset(data):
    """The canonical bytes of a dataset: sorted keys, two-space indent, UTF-8, final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _fields(obj, names):
    return {name: getattr(obj, name) for name in names}


def _slug(obj):
    return obj.slug if obj is not None else None


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
def import_dataset(data, *, merge=False, keep_existing=False, reason="Imported from a dataset file"):
    """Write a dataset into the database, all or nothing. Returns counts of created/updated objects.

    Objects are matched by slug (appearances and evidence by their content), so
    importing the same data twice changes nothing. Without `merge`, the
    database must be empty. With `keep_existing`, objects already in the
    database are left exactly as they are (with what hangs off them: a claim's
    quotes, evidence and labels); only what is missing is added. Each object written gets a version in its
    history, with `reason`.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DatasetError(f'not a Counterclaim dataset: "format" must be "{FORMAT}"')
    if type(data.get("version")) is not int or data.get("version") not in READABLE_VERSIONS:  # not True, not 1.0
        raise DatasetError(f"unsupported dataset version {data.get('version')!r}; this program reads versions "
                           f"{', '.join(map(str, READABLE_VERSIONS))}")
    if data["version"] < 4:
        data = with_remarks(data)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
    if not merge and not database_is_empty():
        raise DatasetError("the database already holds data: import into an empty database, or merge")
    importer = _Importer(keep_existing=keep_existing, version=data["version"], reason=reason)
    importer.run(data)
    if importer.kept:
        importer.counts[KEPT] = len(importer.kept)
    return importer.counts


class _Importer:
    def __init__(self, keep_existing=False, version=VERSION, reason=""):
        self.keep_existing = keep_existing
        self.version = version
        self.reason = reason
        self.kept = set()  # objects left as they were (keep_existing): nothing is written to or under them
        self.counts = {}
        self.actors, self.sources, self.topics, self.techniques, self.terms, self.claims = {}, {}, {}, {}, {}, {}
        self.families = {}

    def run(self, data):
        # Actors first (affiliations refer to other actors), then what refers to them.
        actor_rows = self._list(data, "actors")
        for i, row in enumerate(actor_rows):
            self.actors[row["slug"]] = self._upsert(
                Actor, f"actors[{i}]", row, ACTOR_FIELDS, extra={"country": row.get("country") or ""}
            )
        for i, row in enumerate(actor_rows):
            actor = self.actors[row["slug"]]
            if actor in self.kept:
                continue
            affiliation = self._ref(self.actors, Actor, row.get("affiliation"), f"actors[{i}].affiliation")
            if actor.affiliation != affiliation:
                actor.affiliation = affiliation
                self._save(actor, f"actors[{i}]")
        for i, row in enumerate(self._list(data, "sources")):
            where = f"sources[{i}]"
            published, precision = self._partial_date(row.get("published"), f"{where}.published")
            source = self._upsert(
                Source, where, row, SOURCE_FIELDS,
                extra={
                    "publisher": self._ref(self.actors, Actor, row.get("publisher"), f"{where}.publisher"),
                    "published": published,
                    "published_precision": precision,
                },
            )
            authors = [self._ref(self.actors, Actor, slug, f"{where}.authors[{k}]")
                       for k, slug in enumerate(self._slugs(row, "authors", where))]
            if source not in self.kept:
                source.authors.set(authors)
            self.sources[source.slug] = source
        for i, row in enumerate(self._list(data, "topics")):
            self.topics[row["slug"]] = self._upsert(Topic, f"topics[{i}]", row, TOPIC_FIELDS)
        for i, row in enumerate(self._list(data, "techniques")):
            self.techniques[row["slug"]] = self._upsert(Technique, f"techniques[{i}]", row, TECHNIQUE_FIELDS)
        for i, row in enumerate(self._list(data, "framing_terms")):
            where = f"framing_terms[{i}]"
            first_used, precision = self._partial_date(row.get("first_used"), f"{where}.first_used")
            self.terms[row["slug"]] = self._upsert(
                FramingTerm, where, row, FRAMING_TERM_FIELDS,
                extra={"first_used": first_used, "first_used_precision": precision},
            )
        for i, row in enumerate(self._list(data, "key_events")):
            where = f"key_events[{i}]"
            date, precision = self._partial_date(row.get("date"), f"{where}.date")
            if date is None:
                raise DatasetError(f"{where}.date: required (a key event is placed on the timeline by it)")
            self._upsert(KeyEvent, where, row, KEY_EVENT_FIELDS, extra={
                "date": date, "date_precision": precision,
                "source": self._ref(self.sources, Source, row.get("source"), f"{where}.source"),
            })
        for i, row in enumerate(self._list(data, "families")):
            self.families[row["slug"]] = self._upsert(Family, f"families[{i}]", row, FAMILY_FIELDS)
        for i, row in enumerate(self._list(data, "claims")):
            self._import_claim(row, f"claims[{i}]")
        for i, row in enumerate(self._list(data, "rebuttals")):
            where = f"rebuttals[{i}]"
            self._check(Rebuttal, where, row, REBUTTAL_FIELDS)
            counterclaim = self._ref(self.claims, Claim, row.get("counterclaim"), f"{where}.counterclaim", required=True)
            rebutted = self._ref(self.claims, Claim, row.get("rebuts"), f"{where}.rebuts", required=True)
            if counterclaim in self.kept and rebutted in self.kept:
                continue  # between two claims an editor may have worked on: theirs to link
            existing = Rebuttal.objects.filter(counterclaim=counterclaim, rebutted=rebutted).first()
            self._upsert_instance(existing or Rebuttal(counterclaim=counterclaim, rebutted=rebutted), where, row, REBUTTAL_FIELDS)

    def _import_claim(self, row, where):
        # Files written before the editorial workflow hold no status: everything in them was public.
        row = {"status": Status.PUBLISHED, **row}
        times = {name: self._datetime(row.get(name), f"{where}.{name}") for name in CLAIM_TIMES}
        if row["status"] in (Status.PUBLISHED, Status.WITHDRAWN) and times["published_at"] is None:
            stored = Claim.objects.filter(slug=row.get("slug")).values_list("published_at", flat=True).first()
            times["published_at"] = stored or timezone.now()
        if row["status"] == Status.WITHDRAWN and times["withdrawn_at"] is None:
            times["withdrawn_at"] = timezone.now()
        family = self._ref(self.families, Family, row.get("family"), f"{where}.family")
        # Absent (a file older than version 4): the claim's family is left as it is.
        if "family" in row:
            times["family"] = family
        claim = self._upsert(Claim, where, row, CLAIM_FIELDS, extra=times)
        self.claims[claim.slug] = claim
        if claim in self.kept:
            # A claim an editor holds stays as it is, but joins a family this import brings for the first time
            # when it is in none (how the seed's families reach databases that already hold its claims).
            if family is not None and family not in self.kept and claim.family_id is None:
                Claim.objects.filter(pk=claim.pk).update(family=family)
                self.counts["claims put in a new family"] = self.counts.get("claims put in a new family", 0) + 1
            return
        for key, known, model in [("topics", self.topics, Topic), ("framing_terms", self.terms, FramingTerm)]:
            getattr(claim, key).set([self._ref(known, model, slug, f"{where}.{key}[{k}]")
                                     for k, slug in enumerate(self._slugs(row, key, where))])
        for j, item in enumerate(self._list(row, "remarks", where)):
            self._import_remark(claim, item, f"{where}.remarks[{j}]")
        for j, item in enumerate(self._list(row, "evidence", where)):
            at = f"{where}.evidence[{j}]"
            self._check(Evidence, at, item, EVIDENCE_FIELDS)
            source = self._ref(self.sources, Source, item.get("source"), f"{at}.source", required=True)
            existing = Evidence.objects.filter(claim=claim, source=source, excerpt=item.get("excerpt", "")).first()
            self._upsert_instance(existing or Evidence(claim=claim, source=source), at, item, EVIDENCE_FIELDS)
        # After the quotes: the words a technique is marked in are checked against them.
        self._import_techniques(claim, row, where)
        for j, item in enumerate(self._list(row, "reviews", where)):
            at = f"{where}.reviews[{j}]"
            reviewer = self._ref(self.actors, Actor, item.get("reviewer"), f"{at}.reviewer", required=True)
            url = item.get("url") or ""
            existing = (Review.objects.filter(url=url) if url else Review.objects.filter(
                claim=claim, reviewer=reviewer, url="")).first()
            self._upsert_instance(
                existing or Review(claim=claim, reviewer=reviewer), at, item, REVIEW_FIELDS,
                extra={"claim": claim, "reviewer": reviewer,
                       "published": self._day(item.get("published"), f"{at}.published"),
                       "modified": self._day(item.get("modified"), f"{at}.modified")},
            )

    def _import_techniques(self, claim, row, where):
        """A claim's techniques: slugs (version 2) or {"technique", "rationale", "phrase"} (version 3)."""
        items = row.get("techniques", [])
        if not isinstance(items, list):
            raise DatasetError(f"{where}.techniques: expected a list, got {_json_type(items)}")
        existing = {link.technique_id: link for link in claim.technique_links.all()}
        kept = set()
        for k, item in enumerate(items):
            at = f"{where}.techniques[{k}]"
            if self.version == 2:
                technique = self._ref(self.techniques, Technique, item, at, required=True)
                item = {}
            elif isinstance(item, dict):
                self._check(ClaimTechnique, at, item, CLAIM_TECHNIQUE_FIELDS)
                technique = self._ref(self.techniques, Technique, item.get("technique"), f"{at}.technique", required=True)
            else:
                raise DatasetError(f'{at}: expected an object {{"technique": slug, "rationale": ..., "phrase": ...}}, '
                                   f"got {_json_type(item)}")
            link = existing.get(technique.pk) or ClaimTechnique(claim=claim, technique=technique)
            self._upsert_instance(link, at, item, CLAIM_TECHNIQUE_FIELDS)
            kept.add(technique.pk)
        ClaimTechnique.objects.filter(claim=claim).exclude(technique_id__in=kept).delete()

    def _import_remark(self, claim, item, at):
        """A remark, matched by its claim, speaker, date, venue and original words; then its reports, matched by
        source and words as printed."""
        self._check(Remark, at, item, REMARK_FIELDS)
        speaker = self._ref(self.actors, Actor, item.get("speaker"), f"{at}.speaker", required=True)
        date, precision = self._partial_date(item.get("date"), f"{at}.date")
        existing = Remark.objects.filter(
            claim=claim, speaker=speaker, date=date, date_precision=precision, venue=item.get("venue") or "",
            original_words=item.get("original_words") or "",
        ).order_by("pk").first()
        remark = self._upsert_instance(
            existing or Remark(claim=claim, speaker=speaker), at, item, REMARK_FIELDS,
            extra={"date": date, "date_precision": precision},
        )
        reports = self._list(item, "reports", at)
        if not reports and not item.get("words"):
            raise DatasetError(f"{at}: a remark needs its words or at least one source that reports it")
        for k, report in enumerate(reports):
            where = f"{at}.reports[{k}]"
            self._check(Appearance, where, report, REPORT_FIELDS)
            source = self._ref(self.sources, Source, report.get("source"), f"{where}.source", required=True)
            existing = Appearance.objects.filter(remark=remark, source=source, quote=report.get("quote", "")).first()
            self._upsert_instance(existing or Appearance(remark=remark, source=source), where, report, REPORT_FIELDS)

    # -- helpers

    def _list(self, data, key, where=""):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise DatasetError(f"{where + '.' if where else ''}{key}: expected a list of objects")
        return value

    def _upsert(self, model, where, row, fields, extra=None):
        self._check(model, where, row, fields)
        slug = row.get("slug")
        if not isinstance(slug, str) or not slug:
            raise DatasetError(f"{where}.slug: required")
        instance = model.objects.filter(slug=slug).first()
        if instance is not None and self.keep_existing:
            self.kept.add(instance)
            return instance
        return self._upsert_instance(instance or model(slug=slug), where, row, fields, extra)

    def _upsert_instance(self, instance, where, row, fields, extra=None):
        values = {name: row[name] for name in fields if name in row and row[name] is not None}
        values.update(extra or {})
        changed = instance.pk is None
        for name, value in values.items():
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed = True
        if changed:
            action = "updated" if instance.pk else "created"
            self._save(instance, where)
            key = f"{instance._meta.verbose_name_plural} {action}"
            self.counts[key] = self.counts.get(key, 0) + 1
        return instance

    def _save(self, instance, where):
        try:
            instance.full_clean(validate_unique=True)
        except ValidationError as error:
            messages = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in error.message_dict.items())
            raise DatasetError(f"{where}: {messages}") from None
        except (TypeError, ValueError) as error:
            raise DatasetError(f"{where}: {error}") from None
        mark_change(instance, ChangeKind.CREATED if instance.pk is None else ChangeKind.HOUSEKEEPING, self.reason)
        instance.save()

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
            _check_text(value, f"{where}.{name}", field.max_length)

    def _slugs(self, row, key, where):
        """The list of slugs under `key` (absent means none)."""
        value = row.get(key, [])
        if not isinstance(value, list):
            raise DatasetError(f"{where}.{key}: expected a list of slugs, got {_json_type(value)}")
        return value

    def _ref(self, known, model, slug, where, required=False):
        if slug is None:
            if required:
                raise DatasetError(f"{where}: required")
            return None
        _check_text(slug, where, model._meta.get_field("slug").max_length)
        if slug in known:
            return known[slug]
        found = model.objects.filter(slug=slug).first() if isinstance(slug, str) else None
        if found is None:
            raise DatasetError(f"{where}: no {model._meta.verbose_name} with slug {slug!r}")
        known[slug] = found
        return found

    def _datetime(self, value, where):
        if value is None:
            return None
        try:
            moment = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:  # well formed but impossible, like the 30th of February
            moment = None
        if moment is None or timezone.is_naive(moment):
            raise DatasetError(f"{where}: expected an ISO 8601 date-time with its offset, got {value!r}")
        return moment

    def _day(self, value, where):
        day, precision = self._partial_date(value, where)
        if day is not None and precision != "day":
            raise DatasetError(f"{where}: give a full date (YYYY-MM-DD)")
        return day

    def _partial_date(self, value, where):
        if value is None:
            return None, ""
        _check_text(value, where, 64)
        try:
            return parse_partial_date(value)
        except (TypeError, ValueError) as error:
            raise DatasetError(f"{where}: {error}") from None


# What a version 2 or 3 appearance said about the utterance (now the remark's) and about its source (the report's).
OLD_REMARK_KEYS = ("speaker", "date", "venue", "original_quote", "original_language")


def with_remarks(data):
    """A version 2 or 3 dataset with remarks: each claim's appearances grouped into remarks (the same speaker,
    date, venue and original words), the remark's words the longest direct quote among them, its date basis every
    distinct basis. The version stays: it still says how techniques are written. What cannot be grouped (not a
    list of objects) is left for the reader to refuse."""
    claims = data.get("claims")
    if not isinstance(claims, list):
        return data
    upgraded = []
    for claim in claims:
        appearances = claim.get("appearances") if isinstance(claim, dict) else None
        if not isinstance(appearances, list) or not all(isinstance(a, dict) for a in appearances):
            upgraded.append(claim)
            continue
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
        claim = {key: value for key, value in claim.items() if key != "appearances"}
        upgraded.append({**claim, "remarks": remarks})
    return {**data, "claims": upgraded}


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
