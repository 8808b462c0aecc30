"""Citations in APA, Chicago, MLA, BibTeX and RIS, for a quote, a piece of evidence or a claim's page.

The formatters read a plain `Citable` and never a model, so they do not care whether it
came from a remark, a report or a claim: `for_remark` (through `for_appearance`), `for_evidence`
and `for_claim` at the bottom are the only code that knows which fields feed one.

Names are printed as the record gives them ("Zhao Lijian", "Global Times") and never
inverted: we do not know which part of a name is the family name (Chinese names put
it first), so BibTeX gets each name braced as one unit rather than guessed apart.
Dates are given only as precisely as they are known ("2021, January 14", "2018, October", "2019").
"""
import datetime
import re
from dataclasses import dataclass, replace

from django.utils.text import Truncator

from tracker.dates import DatePrecision, partial_date_iso
from tracker.validators import is_http_url

SITE_NAME = "Counterclaim"
# A quote longer than this is shortened in a citation's title; the full words are on the page.
TITLE_WORDS = 40
WORDS, TITLE, DESCRIPTION = "words", "title", "description"  # someone's exact words; a work's title; a paraphrase
FORMATS = ("apa", "chicago", "mla", "bibtex", "ris")
FORMAT_LABELS = {"apa": "APA", "chicago": "Chicago", "mla": "MLA", "bibtex": "BibTeX", "ris": "RIS"}
MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


@dataclass(frozen=True)
class Citable:
    """What a citation says, whatever it cites."""

    author: str  # who said or wrote it, as the record names them; "" when unknown
    title: str  # the words quoted, the title of the work, or (a paraphrase) a description: see `title_kind`
    date: datetime.date | None
    precision: str  # tracker.dates.DatePrecision value, "" when undated
    permalink: str  # our page for it (absolute)
    accessed: datetime.date
    key: str  # BibTeX key, unique within a page
    title_kind: str = "title"  # WORDS, TITLE or DESCRIPTION
    venue: str = ""  # where it was said: "Foreign Ministry regular press conference"
    container: str = ""  # the work that records it: a transcript, an article
    publisher: str = ""
    url: str = ""  # the primary source's address
    locator: str = ""  # page, paragraph, timestamp in the container
    ris_type: str = "GEN"
    note: str = ""


@dataclass(frozen=True)
class Citation:
    """Every format of one citation, and the short attribution a summary line shows."""

    short: str
    apa: str
    chicago: str
    mla: str
    bibtex: str
    ris: str

    def formats(self):
        """(label, text, is_block) for each format, in FORMATS order."""
        return [(FORMAT_LABELS[name], getattr(self, name), name in ("bibtex", "ris")) for name in FORMATS]


def cite(item):
    """Every format of a Citable."""
    return Citation(short=short(item), apa=apa(item), chicago=chicago(item), mla=mla(item), bibtex=bibtex(item),
                    ris=ris(item))


# ---------------------------------------------------------------- the formats

def short(item):
    """'Zhao Lijian, Foreign Ministry regular press conference, 14 Jan 2021': who, where, when."""
    when = _date(item, "{d.day} {d:%b} {d.year}", "{d:%b} {d.year}", "{d.year}", "")
    return ", ".join(part for part in (item.author, item.venue or item.container, when) if part)


def apa(item):
    when = _date(item, "{d.year}, {d:%B} {d.day}", "{d.year}, {d:%B}", "{d.year}", "n.d.")
    # APA: exact words in quotation marks, a work's title as it is, a description in square brackets.
    title = {WORDS: f"“{_inner(_title(item))}”", TITLE: _title(item), DESCRIPTION: f"[{_title(item)}]"}[item.title_kind]
    head = f"{title} [{item.venue}]" if item.venue else title
    # Where in the work: beside the container that has it, else beside the title.
    locator = f" ({item.locator})" if item.locator else ""
    parts = [_sentence(item.author) if item.author else "", f"({when}).",
             _sentence(head + ("" if item.container else locator))]
    if item.container:
        parts.append(_sentence(f"In {item.container}{locator}"))
    if item.publisher and item.publisher != item.author:
        parts.append(_sentence(item.publisher))
    if item.note:
        parts.append(_sentence(item.note))
    accessed = f"{item.accessed:%B} {item.accessed.day}, {item.accessed.year}"
    if item.url and item.url != item.permalink:
        parts.append(f"{item.url} (quoted in {SITE_NAME}, retrieved {accessed}, from {item.permalink})")
    else:
        parts.append(f"Retrieved {accessed}, from {item.permalink}")
    return _join(parts)


def chicago(item):
    when = _date(item, "{d:%B} {d.day}, {d.year}", "{d:%B} {d.year}", "{d.year}", "n.d.")
    parts = [_sentence(item.author) if item.author else "", _quoted_sentence(item)]
    locator = f", {item.locator}" if item.locator else ""
    parts.append(_sentence((f"{item.venue}, {when}" if item.venue else when) + ("" if item.container else locator)))
    if item.container:
        parts.append(_sentence(item.container + locator))
    if item.publisher and item.publisher != item.author:
        parts.append(_sentence(item.publisher))
    if item.note:
        parts.append(_sentence(item.note))
    accessed = f"Accessed {item.accessed:%B} {item.accessed.day}, {item.accessed.year}."
    if item.url and item.url != item.permalink:
        parts += [_sentence(item.url), f"Quoted in {SITE_NAME}.", accessed, _sentence(item.permalink)]
    else:
        parts += [accessed, _sentence(item.permalink)]
    return _join(parts)


def mla(item):
    when = _date(item, "{d.day} {month} {d.year}", "{month} {d.year}", "{d.year}", "")
    parts = [_sentence(item.author) if item.author else "", _quoted_sentence(item)]
    said = ", ".join(part for part in (item.venue, when) if part)
    if said:
        parts.append(_sentence(said))
    where = [item.container, item.publisher if item.publisher != item.author else "", item.locator, _bare(item.url)
             if item.url != item.permalink else ""]
    if any(where):
        parts.append(_sentence(", ".join(part for part in where if part)))
    if item.note:
        parts.append(_sentence(item.note))
    if item.url and item.url != item.permalink:
        parts.append(_sentence(f"Quoted in {SITE_NAME}, {_bare(item.permalink)}"))
    else:
        parts.append(_sentence(f"{SITE_NAME}, {_bare(item.permalink)}"))
    parts.append(f"Accessed {item.accessed.day} {MLA_MONTHS[item.accessed.month - 1]} {item.accessed.year}.")
    return _join(parts)


def bibtex(item):
    fields = [("author", "{" + _tex(item.author) + "}" if item.author else ""), ("title", _tex(_title(item))),
              ("howpublished", _tex(item.venue))]
    if item.date is not None:
        fields.append(("year", item.date.year))
        if item.precision != DatePrecision.YEAR:
            fields.append(("month", f"{item.date:%b}".lower()))
        fields.append(("date", partial_date_iso(item.date, item.precision)))
    fields.append(("publisher", _tex(item.publisher)))
    container = ", ".join(part for part in (item.container, item.locator) if part)
    notes = [f"In: {_tex(container)}" if container else "", _tex(item.note)]
    if item.url and item.url != item.permalink:
        notes.append(f"Quoted in {SITE_NAME}: \\url{{{_url_in_argument(item.permalink)}}}")
    fields += [("url", _url(item.url or item.permalink)), ("urldate", item.accessed.isoformat()),
               ("note", ". ".join(note for note in notes if note))]
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
                      for name, value in fields if value != "")
    return f"@misc{{{item.key},\n{body}\n}}"


def ris(item):
    """RIS lines joined by "\\n" (downloads end them with CRLF, as the format asks)."""
    lines = [("TY", item.ris_type), ("AU", item.author), ("TI", _title(item)), ("T2", item.container),
             ("M3", item.venue), ("PB", item.publisher)]
    if item.date is not None:
        lines += [("PY", str(item.date.year)), ("DA", _date(item, "{d:%Y/%m/%d}/", "{d:%Y/%m}//", "{d.year}///", ""))]
    if item.locator:
        lines.append(("SE", item.locator))
    lines += [("UR", item.url or item.permalink), ("Y2", f"{item.accessed:%Y/%m/%d}/")]
    if item.url and item.url != item.permalink:
        lines.append(("N1", f"Quoted in {SITE_NAME}: {item.permalink}"))
    if item.note:
        lines.append(("N1", item.note))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {_line(value)}".rstrip() + (" " if tag == "ER" else "") for tag, value in lines
                     if value or tag == "ER")


def bibtex_file(items):
    return "\n\n".join(bibtex(item) for item in items) + "\n"


def ris_file(items):
    return "\r\n".join(ris(item).replace("\n", "\r\n") for item in items) + "\r\n"


# ---------------------------------------------------------------- helpers

def _date(item, day, month, year, undated):
    if item.date is None:
        return undated
    pattern = {DatePrecision.DAY: day, DatePrecision.MONTH: month, DatePrecision.YEAR: year}[DatePrecision(item.precision)]
    return pattern.format(d=item.date, month=MLA_MONTHS[item.date.month - 1])


def _title(item):
    return Truncator(_line(item.title)).words(TITLE_WORDS)


def _line(text):
    """One line: newlines and runs of spaces become one space (a citation line, an RIS field)."""
    return " ".join((text or "").split())


def _sentence(text):
    """`text` ending in a full stop (not doubled after "Inc." or a question mark)."""
    text = _line(text)
    return text if not text or text[-1] in ".?!" else text + "."


def _quoted_sentence(item):
    """Words or a title in quotation marks, the full stop inside them (Chicago, MLA): “Words.” A paraphrase
    is described, not quoted."""
    text = _title(item)
    if item.title_kind == DESCRIPTION:
        return _sentence(text)
    text = _inner(text)
    return f"“{text}”" if text[-1:] in ".?!" else f"“{text}.”"


def _inner(text):
    """Quotation marks inside a quoted title become single ones: “‘Forced labor’ is…”."""
    text = text.replace("“", "‘").replace("”", "’")
    return re.sub(r'"([^"]*)"', r"‘\1’", text).replace('"', "’")


def _join(parts):
    return " ".join(part for part in parts if part)


def _bare(url):
    """MLA prints addresses without their scheme."""
    return re.sub(r"^https?://", "", url or "")


_TEX_SPECIAL = re.compile(r"([{}\\%&$#_^~])")


def _tex(text):
    """Text safe inside a braced BibTeX value: LaTeX's special characters escaped, on one line."""
    return _TEX_SPECIAL.sub(lambda m: {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(m[1], "\\" + m[1]),
                            _line(text))


def _url(url):
    """An address inside braces: a brace in it would end the value, so it is percent-encoded."""
    return (url or "").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _url_in_argument(url):
    """An address for \\url inside another field's text: \\# and \\% print as # and % there (hyperref)."""
    return _url(url).replace("#", "\\#").replace("%", "\\%")


# ---------------------------------------------------------------- from the models

def for_appearance(appearance, permalink, accessed):
    """A remark as one source records it: speaker, venue, date, the source's address and the source's words."""
    remark, source = appearance.remark, appearance.source
    return Citable(
        author=remark.speaker.name, title=appearance.quote, venue=remark.venue,
        title_kind=WORDS if appearance.is_direct_quote else DESCRIPTION,
        container=source.title, publisher=source.publisher.name if source.publisher else "",
        date=remark.date, precision=remark.date_precision, url=_http(source.url), locator=appearance.locator,
        permalink=permalink, accessed=accessed, key=f"{remark.speaker.slug}-{_year(remark.date)}-q{appearance.pk}",
        note="" if appearance.is_direct_quote else "Reported speech: the source's words, not a direct quote",
    )


def for_remark(remark, permalink, accessed):
    """A remark cited to its primary record: the report whose source is that record; else, with a record URL no
    report is, the record itself (not a newspaper that reported it); else its first report. With the remark's own
    words when they are known. Reads `remark.reports.all()` (prefetched on pages)."""
    reports = list(remark.reports.all())
    record = _http(remark.record_url)
    report = next((report for report in reports if record and report.source.url == record), None)
    if report is None and (record or not reports):
        words, direct = remark.wording
        return Citable(
            author=remark.speaker.name, title=words, title_kind=WORDS if direct else DESCRIPTION, venue=remark.venue,
            date=remark.date, precision=remark.date_precision, url=record, permalink=permalink, accessed=accessed,
            key=f"{remark.speaker.slug}-{_year(remark.date)}-r{remark.pk}",
        )
    item = for_appearance(report or reports[0], permalink, accessed)
    return replace(item, title=remark.words, title_kind=WORDS, note="") if remark.words else item


# Source kinds (sources.models.SourceKind values) with an RIS type of their own; the rest are GEN.
RIS_TYPES = {"article": "NEWS", "editorial": "NEWS", "report": "RPRT", "dataset": "DATA", "video": "VIDEO",
             "law": "STAT", "testimony": "HEAR", "letter": "PCOMM", "social-post": "ELEC"}


def for_evidence(evidence, permalink, accessed):
    """A piece of evidence: the source that holds it (its authors, or else its publisher), where in it."""
    source = evidence.source
    publisher = source.publisher.name if source.publisher else ""
    authors = " and ".join(author.name for author in source.authors.all())
    return Citable(
        author=authors or publisher, title=source.title, publisher=publisher, date=source.published,
        precision=source.published_precision, url=_http(source.url), locator=evidence.locator, permalink=permalink,
        accessed=accessed, key=f"{source.slug}-e{evidence.pk}", ris_type=RIS_TYPES.get(source.kind, "GEN"),
    )


def for_claim(claim, permalink, accessed):
    """A claim's page on this site, dated by our review of it."""
    review = claim.our_review
    return Citable(
        author=SITE_NAME, title=claim.text, publisher=SITE_NAME, permalink=permalink, accessed=accessed,
        date=review.published if review else None, precision=DatePrecision.DAY if review and review.published else "",
        note=f"Rated {claim.get_verdict_display().lower()} by {SITE_NAME}" if claim.verdict else "",
        key=f"counterclaim-{claim.slug}", ris_type="ELEC",
    )


def _http(url):
    """A stored address, only if it is an absolute http(s) one (rows from before the constraints may hold others)."""
    return url if is_http_url(url) else ""


def _year(date):
    return date.year if date else "nd"
