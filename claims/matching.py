"""'Have we seen this claim?': the existing claims a pasted statement repeats, ranked, with the reasons.

similar_claims(text) is the one ranking behind /match/, /api/match/, the admin's
warning on a new claim, the ClaimReview importer and `manage.py evaluate_matching`
(CLEF 2020 CheckThat! Task 2, see README):

1. Clean the statement: links, the "— Name (@handle) date" line of an embedded
   tweet and HTML entities go; @handles and #hashtags become words
   (#BlackLivesMatter -> Black Lives Matter); the synonym list adds its variants.
2. Its words become the English search config's lexemes; each weighs its
   inverse document frequency over the claims (one query, served by the GIN
   index), so "vaccine" counts for more than "said".
3. Candidates are the claims holding any lexeme, in their text or context or in
   a quote said of them. Each scores BM25 with binary term frequency, a word in
   the claim's text counting more than one in its context or quotes, and
   shorter documents counting more (PostgreSQL does this in one query).
4. The best candidates are re-ranked with the trigram similarity of the whole
   statement to the claim's text (pg_trgm), which rewards the same wording.
"""
import html
import math
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, TrigramSimilarity
from django.core.cache import caches
from django.db import connection
from django.db.models import F, OuterRef, Subquery

from .models import Appearance, Claim, Remark
from .search import HIGHLIGHT_START, HIGHLIGHT_STOP, SEARCH_CONFIG, query_variants

# Field weights: a statement's word found in the claim's text, its context (for imported reviews: the
# review's headline), or a quote said of it.
WEIGHT_TEXT, WEIGHT_CONTEXT, WEIGHT_QUOTE = 1.0, 0.6, 0.5
BM25_K1, BM25_B = 1.2, 0.4  # b tuned on the dev split (0.75: MAP@5 0.7725, 0.4: 0.7829)
RERANK_DEPTH = 30  # candidates the trigram similarity re-ranks
WEIGHT_TRIGRAM = 8.0  # tuned on the dev split (3.0: MAP@5 0.771, 8.0: 0.778), never on test
MIN_SCORE = 0.0  # a claim must share at least one word to be listed
MAX_TERMS = 64  # a statement is a paragraph at most: its 64 rarest words are plenty
# About this many claims at most (by how many claims and quotes hold each word) are scored: those holding the
# rarest words. Each costs a read of its quotes.
MAX_CANDIDATES = 1000

URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
# The line an embedded tweet ends with: "— Paul Wilczynski (@PaulWilczynski) February 25, 2016"
TWEET_SIGNATURE = re.compile(r"\s*[—–-]{1,2}\s*[^—–\n]{0,80}\(@\w+\)\s*\w+\s+\d{1,2},\s+\d{4}\s*$")
HANDLE_OR_TAG = re.compile(r"[@#](\w+)")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[A-Z])(?=[A-Z][a-z])")


def clean_statement(text):
    """The words of a pasted statement, without links, tweet signature, handle and hashtag marks."""
    text = html.unescape(text or "")
    text = TWEET_SIGNATURE.sub(" ", text)
    text = URL.sub(" ", text)
    text = HANDLE_OR_TAG.sub(lambda m: " " + CAMEL.sub(" ", m.group(1)).replace("_", " ") + " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Match:
    claim: Claim
    score: float
    matched_words: list = field(default_factory=list)  # the claim's words the statement shares, as written
    matched_quote: str = ""  # headline of the quote that matched best (HIGHLIGHT_START/STOP marks), or ""
    text_headline: str = ""  # the claim's text with the shared words marked


def _tsquery_literal(lexemes):
    """'a' | 'b' | ... as tsquery input, each lexeme quoted (lexemes can hold quotes and colons)."""
    return " | ".join("'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'" for lexeme in lexemes)


LEXEMES_SQL = f"SELECT unnest(tsvector_to_array(to_tsvector('{SEARCH_CONFIG}', %s)))"
# How many claims hold each lexeme, and how many quotes (each a GIN index lookup).
TERMS_SQL = f"""
SELECT lexeme, (SELECT count(*) FROM {Claim._meta.db_table} c WHERE c.search_document @@ literal::tsquery),
       (SELECT count(*) FROM {Appearance._meta.db_table} a WHERE a.search_document @@ literal::tsquery)
FROM unnest(%s::text[], %s::text[]) AS terms(lexeme, literal)
"""
# The share of claims holding each of the lexemes most common in them, from PostgreSQL's own statistics (ANALYZE
# keeps the 1,000 or so most common), and how many rows it counted: a word in half of 100,000 claims costs a
# second to count, and its inverse document frequency is tiny whichever way it is counted.
COMMON_TERMS_SQL = f"""
SELECT elem, freq, (SELECT reltuples FROM pg_class WHERE oid = '{Claim._meta.db_table}'::regclass)
FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) AS e(elem, freq)
WHERE schemaname = current_schema() AND tablename = '{Claim._meta.db_table}' AND attname = 'search_document'
  AND elem = ANY(%s::text[])
"""
COMMON_TERMS_FROM = 50_000  # below this many claims every lexeme is counted: it is quick, and the statistics may lag
COLLECTION_SQL = f"SELECT count(*), coalesce(avg(length(search_document)), 1) FROM {Claim._meta.db_table}"
COLLECTION_CACHE_SECONDS = 300


def collection_size():
    """(how many claims, their documents' average length in lexemes): read at most every
    COLLECTION_CACHE_SECONDS, as it takes a pass over every claim and moves little."""
    def count():
        with connection.cursor() as cursor:
            cursor.execute(COLLECTION_SQL)
            total, average_length = cursor.fetchone()
        return total, float(average_length or 1)
    return caches["counts"].get_or_set("matching:collection", count, COLLECTION_CACHE_SECONDS)


def statement_terms(cleaned):
    """[(lexeme, idf, how many claims it may bring in: claims and quotes holding it)] of a cleaned statement,
    rarest first, and the average document length."""
    with connection.cursor() as cursor:
        cursor.execute(LEXEMES_SQL, [cleaned])
        lexemes = [row[0] for row in cursor.fetchall()]
        if not lexemes:
            return [], 1.0
        total, average_length = collection_size()
        frequency = {}  # lexeme: (claims holding it, claims and quotes holding it)
        if total >= COMMON_TERMS_FROM:
            cursor.execute(COMMON_TERMS_SQL, [lexemes])
            frequency = {lexeme: (round(share * rows),) * 2 for lexeme, share, rows in cursor.fetchall()}
        rest = [lexeme for lexeme in lexemes if lexeme not in frequency]
        cursor.execute(TERMS_SQL, [rest, [_tsquery_literal([lexeme]) for lexeme in rest]])
        frequency.update((lexeme, (df, df + quotes)) for lexeme, df, quotes in cursor.fetchall())
    terms = [(lexeme, math.log(1 + (total - df + 0.5) / (df + 0.5)), reach)
             for lexeme, (df, reach) in frequency.items() if df]
    terms.sort(key=lambda term: (-term[1], term[0]))
    return terms[:MAX_TERMS], average_length


def _score_sql(terms, candidate_terms, average_length, restrict_sql):
    """The scoring query: (claim id, BM25 score over every term, trigram similarity) of the best candidates, the
    claims holding any of `candidate_terms` (in their text, context or a quote)."""
    parts, params = [], []
    for lexeme, idf, _ in terms:
        literal = _tsquery_literal([lexeme])
        parts.append(
            "%s::float8 * GREATEST("
            f"{WEIGHT_TEXT} * (doc.d @@ (%s || ':A')::tsquery)::int, "
            f"{WEIGHT_CONTEXT} * (doc.d @@ (%s || ':B')::tsquery)::int, "
            f"{WEIGHT_QUOTE} * (doc.d @@ (%s || ':C')::tsquery)::int)"
        )
        params += [idf, literal, literal, literal]
    any_term = _tsquery_literal([lexeme for lexeme, _, _ in candidate_terms])
    norm = f"({BM25_K1} + 1) / (1 + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * length(doc.d) / {average_length:.6f}))"
    # The quotes' stored documents, joined as text and read back as one tsvector (their lexemes merged): the
    # same lexemes as parsing the quotes again, without the parsing.
    sql = f"""
    WITH q AS (SELECT %s::tsquery AS query),
    candidates AS MATERIALIZED (
      SELECT c.id, c.text, c.search_document || setweight(coalesce(
          (SELECT string_agg(a.search_document::text, ' ')::tsvector
           FROM {Appearance._meta.db_table} a JOIN {Remark._meta.db_table} m ON m.id = a.remark_id
           WHERE m.claim_id = c.id), ''::tsvector), 'C') AS d
      FROM {Claim._meta.db_table} c
      WHERE c.id IN (SELECT c2.id FROM {Claim._meta.db_table} c2, q WHERE c2.search_document @@ q.query
                     UNION SELECT m.claim_id FROM {Appearance._meta.db_table} a
                           JOIN {Remark._meta.db_table} m ON m.id = a.remark_id, q WHERE a.search_document @@ q.query)
      {restrict_sql}
    ),
    scored AS (
      SELECT doc.id, doc.text, ({' + '.join(parts)}) * {norm} AS score
      FROM candidates AS doc
      ORDER BY score DESC, doc.id
      LIMIT {RERANK_DEPTH}
    )
    SELECT id, score::float8, similarity(lower(text), lower(%s))::float8 FROM scored
    """
    return sql, [any_term, *params]


# The most a claim holding none of the candidate terms can score: every other term in its text, in the shortest
# document (length 1).
MAX_NORM = (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B))


def candidate_terms(terms, depth_score, taken):
    """How many of `terms` (rarest first) the candidates must hold one of so that no other claim can score above
    `depth_score` (the RERANK_DEPTH-th best score so far), `taken` being enough until now."""
    while taken < len(terms):
        rest = sum(idf for _, idf, _ in terms[taken:]) * MAX_NORM
        if rest < depth_score:
            break
        taken += 1
    return taken


def rank_ids(text, claims=None):
    """[(claim id, score)] for `text`, best first; `claims` (a queryset) limits the candidates.

    The candidates are the claims holding one of the statement's rarest words, as few as give at most
    MAX_CANDIDATES claims (at least the rarest word); then, while a claim holding none of them could still
    score above the RERANK_DEPTH-th best (its other words all in its text, the shortest document), the next
    rarest word is added and the candidates scored again, within MAX_CANDIDATES: so the best RERANK_DEPTH by
    BM25 are the same as scoring every claim holding any word, without scoring tens of thousands of claims
    that share only "said" or "government" with it.
    """
    cleaned = clean_statement(text)
    if not cleaned:
        return [], []
    # The synonym list applies as it does to searches: "forced labour" also shares "labor" with a claim.
    terms, average_length = statement_terms(" ".join(query_variants(cleaned)))
    if not terms:
        return [], []
    restrict_sql, restrict_params = "", []
    if claims is not None:
        inner, restrict_params = claims.order_by().values("pk").query.sql_with_params()
        restrict_sql = f"AND c.id IN ({inner})"
    taken, documents = 1, terms[0][2]
    while taken < len(terms) and documents + terms[taken][2] <= MAX_CANDIDATES:
        documents += terms[taken][2]
        taken += 1
    while True:
        rows = _score(terms, terms[:taken], average_length, restrict_sql, restrict_params, cleaned)
        depth_score = rows[RERANK_DEPTH - 1][1] if len(rows) >= RERANK_DEPTH else 0.0
        needed = candidate_terms(terms, depth_score, taken)
        if needed == taken or documents + terms[taken][2] > MAX_CANDIDATES:
            break
        while taken < needed and documents + terms[taken][2] <= MAX_CANDIDATES:
            documents += terms[taken][2]
            taken += 1
    ranked = sorted(((pk, score + WEIGHT_TRIGRAM * similarity) for pk, score, similarity in rows),
                    key=lambda row: (-row[1], row[0]))
    return [row for row in ranked if row[1] > MIN_SCORE], [lexeme for lexeme, _, _ in terms]


def _score(terms, candidates, average_length, restrict_sql, restrict_params, cleaned):
    sql, params = _score_sql(terms, candidates, average_length, restrict_sql)
    # the restriction's parameters sit between the query literal and the scoring parameters
    params = [params[0], *restrict_params, *params[1:], cleaned]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def similar_claims(text, limit=5, claims=None, exclude=None):
    """The claims `text` most likely repeats, best first, as Match objects (at most `limit`).

    `claims` limits the candidates (a Claim queryset); `exclude` leaves one claim out (the one being edited).
    """
    ranked, lexemes = rank_ids(text, claims=claims)
    ranked = [(pk, score) for pk, score in ranked if pk != getattr(exclude, "pk", exclude)][:limit]
    if not ranked:
        return []
    # The statement's lexemes, any of them: 'simple' takes them as they are (they are stemmed already).
    query = SearchQuery(_tsquery_literal(lexemes), search_type="raw", config="simple")
    best_quote = Appearance.objects.filter(search_document=query, remark__claim=OuterRef("pk")).annotate(
        headline=SearchHeadline("quote", query, config=SEARCH_CONFIG, start_sel=HIGHLIGHT_START,
                                stop_sel=HIGHLIGHT_STOP, max_words=35, min_words=15),
    ).order_by("pk").values("headline")[:1]
    found = Claim.objects.filter(pk__in=[pk for pk, _ in ranked]).annotate(
        text_headline=SearchHeadline(F("text"), query, config=SEARCH_CONFIG, start_sel=HIGHLIGHT_START,
                                     stop_sel=HIGHLIGHT_STOP, highlight_all=True),
        matched_quote=Subquery(best_quote),
    ).in_bulk()
    matches = []
    for pk, score in ranked:
        claim = found[pk]
        words = re.findall(re.escape(HIGHLIGHT_START) + r"(.*?)" + re.escape(HIGHLIGHT_STOP), claim.text_headline)
        matches.append(Match(claim, round(score, 3), list(dict.fromkeys(word.lower() for word in words)),
                             claim.matched_quote or "", claim.text_headline))
    return matches


# From this pg_trgm similarity of a new claim's text to an existing claim's, the admin holds the new claim until
# the editor says it is not a duplicate. On the seed, no two of the 40 claims reach 0.40 (the closest pair scores
# 0.396), while a seed claim with a word dropped, its punctuation gone or "Officials said that" put before it
# scores 0.70 to 1.0 (tests/claims/test_matching.py holds both).
SIMILAR_WORDING = 0.5


def claims_worded_like(text, limit=5):
    """The claims whose text is worded like `text` (trigram similarity >= SIMILAR_WORDING), most alike first.
    One query, along the claim_text_trgm index: the % operator's own threshold (pg_trgm's default, 0.3) is
    below ours, so it only narrows what is then measured."""
    return list(
        Claim.objects.filter(text__trigram_similar=text)
        .annotate(similarity=TrigramSimilarity("text", text))
        .filter(similarity__gte=SIMILAR_WORDING)
        .order_by("-similarity", "text")[:limit]
    )
