"""One search over everything: claims, quotes, evidence, sources, actors and framing terms.

Each kind is one query (ranked hits and, by a window count, how many there are),
so /search/ and /api/search/ run a fixed number of queries whatever the data:

- English text goes through the stored, GIN-indexed search documents with the
  same query as the claim finder (claims.search.search_query: web-search syntax,
  with the synonym list applied).
- Chinese has no spaces for the English parser to split on, so a run of Chinese
  characters in the query is matched as a substring of the Chinese fields
  (quotes' original words, evidence excerpts, framing terms' original script,
  actors' aliases). Measured against jieba segmentation on the seed's Chinese:
  see README, "Search".
- Actors have no stored document (their aliases are an array): their name, role
  and aliases are matched at query time, and a misspelt name by trigram word
  similarity, so "Zhao Lijan" finds Zhao Lijian.
- When little matches, "Did you mean" replaces each word of the query by the
  most similar word (pg_trgm) of the names, terms and claims.
"""
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection, models
from django.db.models import F, Func, Q, Value, Window
from django.db.models.functions import Greatest

from sources.models import Actor, Source

from .models import Appearance, Claim, Evidence, FramingTerm
from .search import HIGHLIGHT_START, HIGHLIGHT_STOP, SEARCH_CONFIG, highlight, search_query

PER_KIND = 10
# Below this many hits in all, the page offers "Did you mean".
FEW_RESULTS = 3
# How close a misspelt name must be to the real one (pg_trgm word_similarity, 0 to 1).
NAME_SIMILARITY = 0.55
SUGGESTION_SIMILARITY = 0.4
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df]+")


def cjk_runs(text):
    """The runs of Chinese characters in `text`, each searched as a substring."""
    return CJK_RUN.findall(text)


def contains_all(runs, *fields):
    """A Q: every run appears in one of `fields`; None without runs."""
    if not runs:
        return None
    condition = Q()
    for run in runs:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__contains": run})
        condition &= any_field
    return condition


def mark_runs(text, runs):
    """`text` with each Chinese run marked as a match (the full-text headline cannot see inside them)."""
    for run in runs:
        text = text.replace(run, f"{HIGHLIGHT_START}{run}{HIGHLIGHT_STOP}")
    return text


def headline(field_name, query, **options):
    return SearchHeadline(field_name, query, config=SEARCH_CONFIG, start_sel=HIGHLIGHT_START,
                          stop_sel=HIGHLIGHT_STOP, **options)


class ArrayToString(Func):
    """array_to_string(array, ' '): an actor's aliases as one text, for matching at query time."""

    function = "array_to_string"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = models.TextField()


@dataclass
class Hit:
    title: str
    url: str
    snippet: str  # safe HTML: the text escaped, matches in <mark>
    meta: str = ""
    slug: str = ""


@dataclass
class Section:
    kind: str
    label: str
    count: int = 0
    hits: list = field(default_factory=list)
    more: bool = False  # more match than `count`: the claims' search counts the best SEARCH_CANDIDATES only


@dataclass
class Results:
    query: str
    sections: list
    suggestion: str = ""

    @property
    def total(self):
        return sum(section.count for section in self.sections)

    def section(self, kind):
        return next(section for section in self.sections if section.kind == kind)


def _ranked(matches, rank, limit, shown=lambda rows: rows):
    """The first `limit` of `matches` by rank, each with `total`: how many match in all.

    Ranked and counted from the matching rows alone; then only the rows shown are read with what `shown` adds
    (related rows, a headline). Counting over the joins read every match's claim, speaker and source: 70 ms
    for the quotes of a word in 2,700 of them, at 100,000 claims.
    """
    top = list(matches.annotate(search_rank=rank, total=Window(models.Count("pk")))
               .order_by(F("search_rank").desc(), "pk").values_list("pk", "total")[:limit])
    rows = shown(matches.model.objects.all()).in_bulk([pk for pk, _ in top])
    for pk, total in top:
        rows[pk].total = total
    return [rows[pk] for pk, _ in top]


def _section(kind, label, rows, make_hit):
    return Section(kind, label, rows[0].total if rows else 0, [make_hit(row) for row in rows])


def search_claims(text, query, runs, limit):
    """Claims by their text, context or quotes (the claim finder's search, which ranks at most SEARCH_CANDIDATES:
    `more` says when more matched)."""
    if not query_has_words(text):
        return Section("claims", "Claims")
    found = Claim.objects.public().search(text)
    rows = list(found.annotate(total=Window(models.Count("pk"))).order_by(F("rank").desc(), "text")[:limit])
    section = _section("claims", "Claims", rows, lambda claim: Hit(
        claim.text, claim.get_absolute_url(), highlight(claim.text_headline or claim.text),
        meta=highlight(claim.quote_headline) if claim.quote_headline else "", slug=claim.slug,
    ))
    section.more = found.search_capped
    return section


def search_quotes(text, query, runs, limit):
    """Reports by the words as their source prints them, or for Chinese by their remark's original words."""
    condition = Q(search_document=query)
    if runs:
        condition |= contains_all(runs, "remark__original_words")
    rows = _ranked(
        Appearance.objects.public().filter(condition), SearchRank(F("search_document"), query), limit,
        lambda shown: shown.select_related("remark__claim", "remark__speaker", "source").annotate(
            snippet=headline("quote", query, max_words=35, min_words=15)),
    )

    def hit(report):
        remark, snippet = report.remark, report.snippet
        if runs and any(run in remark.original_words for run in runs):
            snippet = mark_runs(remark.original_words, runs)
        return Hit(remark.claim.text, report.get_absolute_url(), highlight(snippet),
                   meta=f"{remark.speaker}, {remark.date_display or 'undated'}, in {report.source}",
                   slug=remark.claim.slug)

    return _section("quotes", "Quotes", rows, hit)


def search_evidence(text, query, runs, limit):
    """Evidence by its excerpt and note (Chinese: inside the excerpt)."""
    condition = Q(search_document=query)
    if runs:
        condition |= contains_all(runs, "excerpt")
    rows = _ranked(
        Evidence.objects.public().filter(condition), SearchRank(F("search_document"), query), limit,
        lambda shown: shown.select_related("claim", "source").annotate(
            snippet=headline("excerpt", query, max_words=35, min_words=15)),
    )
    return _section("evidence", "Evidence", rows, lambda evidence: Hit(
        evidence.claim.text, evidence.get_absolute_url(), highlight(mark_runs(evidence.snippet, runs)),
        meta=str(evidence.source), slug=evidence.claim.slug,
    ))


def matching_actors(text, query, runs):
    """Actors matching `text`, annotated with `document` and `similarity`: name, role and aliases by full text,
    the name or an alias by trigram word similarity (a misspelling), aliases by Chinese substring."""
    aliases = ArrayToString(F("aliases"))
    document = (SearchVector("name", weight="A", config=SEARCH_CONFIG)
                + SearchVector(aliases, weight="A", config=SEARCH_CONFIG)
                + SearchVector("role", weight="B", config=SEARCH_CONFIG))
    similarity = Greatest(TrigramWordSimilarity(Value(text), "name"), TrigramWordSimilarity(Value(text), aliases))
    condition = Q(document=query) | Q(similarity__gte=NAME_SIMILARITY)
    if runs:
        condition |= contains_all(runs, "aliases_text")
    return Actor.objects.annotate(document=document, similarity=similarity, aliases_text=aliases).filter(condition)


def search_actors(text, query, runs, limit):
    rows = _ranked(matching_actors(text, query, runs), SearchRank(F("document"), query) + F("similarity"), limit)

    def hit(actor):
        names = " · ".join([actor.name, *actor.aliases])
        return Hit(actor.name, actor.get_absolute_url(), highlight(mark_runs(mark_words(names, text), runs)),
                   meta=actor.role, slug=actor.slug)

    return _section("actors", "Actors", rows, hit)


def search_sources(text, query, runs, limit):
    """Sources by title and summary, or by their publisher's name or aliases."""
    publishers = matching_actors(text, query, runs).values("pk")
    rows = _ranked(
        Source.objects.filter(Q(search_document=query) | Q(publisher__in=publishers)),
        SearchRank(F("search_document"), query), limit,
        lambda shown: shown.select_related("publisher").annotate(snippet=headline("title", query, highlight_all=True)),
    )
    return _section("sources", "Sources", rows, lambda source: Hit(
        source.title, source.get_absolute_url(), highlight(source.snippet),
        meta=" · ".join(part for part in [str(source.publisher or ""), source.published_display or ""] if part),
        slug=source.slug,
    ))


def search_terms(text, query, runs, limit):
    """Framing terms by term, plain term and explanation, or their original script."""
    condition = Q(search_document=query)
    if runs:
        condition |= contains_all(runs, "original_script")
    rows = _ranked(
        FramingTerm.objects.filter(condition), SearchRank(F("search_document"), query), limit,
        lambda shown: shown.annotate(snippet=headline("explanation", query, max_words=30, min_words=10)),
    )

    def hit(term):
        title = f"{term.term} ({term.original_script})" if term.original_script else term.term
        return Hit(title, term.get_absolute_url(), highlight(term.snippet),
                   meta=f"Plain term: {term.plain_term}", slug=term.slug)

    return _section("terms", "Framing terms", rows, hit)


KINDS = [search_claims, search_quotes, search_evidence, search_sources, search_actors, search_terms]


def query_has_words(text):
    """Whether the English parser finds anything to search in `text` (a Chinese-only query has no words for
    the claims' documents, which hold no Chinese)."""
    return bool(re.search(r"\w", CJK_RUN.sub(" ", text)))


def search_everything(text, per_kind=PER_KIND):
    """Results for `text` in every kind, with "Did you mean" when little matches."""
    text = text.strip()
    query = search_query(text)
    runs = cjk_runs(text)
    results = Results(text, [kind(text, query, runs, per_kind) for kind in KINDS])
    if results.total < FEW_RESULTS:
        results.suggestion = suggest(text)
    return results


def mark_words(text, query_text):
    """`text` with the words of `query_text` it contains marked (for short texts the headline does not cover:
    an actor's names)."""
    words = [re.escape(word) for word in re.findall(r"\w{2,}", CJK_RUN.sub(" ", query_text))]
    if not words:
        return text
    return re.sub(r"\b(" + "|".join(words) + r")\b",
                  lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_STOP}", text, flags=re.IGNORECASE)


# The words "Did you mean" picks from: names, aliases, framing terms and claims, each word once.
VOCABULARY_SQL = f"""
WITH vocabulary AS (
  SELECT DISTINCT lower(word) AS word FROM (
    SELECT regexp_split_to_table(name || ' ' || array_to_string(aliases, ' '), '[^[:alnum:]-]+') FROM {Actor._meta.db_table}
    UNION ALL SELECT regexp_split_to_table(term || ' ' || plain_term, '[^[:alnum:]-]+') FROM {FramingTerm._meta.db_table}
    UNION ALL SELECT regexp_split_to_table(text, '[^[:alnum:]-]+') FROM {Claim._meta.db_table}
  ) AS words(word) WHERE length(word) > 2
)
SELECT typed.n, best.word FROM unnest(%s::text[]) WITH ORDINALITY AS typed(word, n)
CROSS JOIN LATERAL (
  SELECT word FROM vocabulary WHERE similarity(word, typed.word) >= %s
  ORDER BY similarity(word, typed.word) DESC, word LIMIT 1
) AS best
"""


def suggest(text):
    """The query with each word replaced by the most similar known word, or "" when nothing changes."""
    words = re.findall(r"[^\W\d_][\w-]*", CJK_RUN.sub(" ", text))
    candidates = [word.lower() for word in words if len(word) > 2]
    if not candidates:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(VOCABULARY_SQL, [candidates, SUGGESTION_SIMILARITY])
        best = {n: word for n, word in cursor.fetchall()}
    replacements = {candidates[n - 1]: word for n, word in best.items()}

    def replace(match):
        typed = match.group(0)
        word = replacements.get(typed.lower(), typed)
        return word[:1].upper() + word[1:] if typed[:1].isupper() else word

    suggestion = re.sub(r"[^\W\d_][\w-]*", replace, text)
    return suggestion if suggestion.lower() != text.lower() else ""
