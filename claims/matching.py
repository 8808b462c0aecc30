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
# How many claims hold each lexeme (each a GIN index lookup), and the collection's size and average length.
TERMS_SQL = f"""
SELECT lexeme, (SELECT count(*) FROM {Claim._meta.db_table} c WHERE c.search_document @@ literal::tsquery)
FROM unnest(%s::text[], %s::text[]) AS terms(lexeme, literal)
"""
COLLECTION_SQL = f"SELECT count(*), coalesce(avg(length(search_document)), 1) FROM {Claim._meta.db_table}"


def statement_terms(cleaned):
    """[(lexeme, idf)] of a cleaned statement, rarest first, and the average document length."""
    with connection.cursor() as cursor:
        cursor.execute(LEXEMES_SQL, [cleaned])
        lexemes = [row[0] for row in cursor.fetchall()]
        if not lexemes:
            return [], 1.0
        cursor.execute(COLLECTION_SQL)
        total, average_length = cursor.fetchone()
        cursor.execute(TERMS_SQL, [lexemes, [_tsquery_literal([lexeme]) for lexeme in lexemes]])
        rows = cursor.fetchall()
    terms = [(lexeme, math.log(1 + (total - df + 0.5) / (df + 0.5))) for lexeme, df in rows if df]
    terms.sort(key=lambda term: (-term[1], term[0]))
    return terms[:MAX_TERMS], float(average_length or 1)


def _score_sql(terms, average_length, restrict_sql):
    """The scoring query: (claim id, BM25 score, trigram similarity) of the best candidates."""
    parts, params = [], []
    for lexeme, idf in terms:
        literal = _tsquery_literal([lexeme])
        parts.append(
            "%s::float8 * GREATEST("
            f"{WEIGHT_TEXT} * (doc.d @@ (%s || ':A')::tsquery)::int, "
            f"{WEIGHT_CONTEXT} * (doc.d @@ (%s || ':B')::tsquery)::int, "
            f"{WEIGHT_QUOTE} * (doc.d @@ (%s || ':C')::tsquery)::int)"
        )
        params += [idf, literal, literal, literal]
    any_term = _tsquery_literal([lexeme for lexeme, _ in terms])
    norm = f"({BM25_K1} + 1) / (1 + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * length(doc.d) / {average_length:.6f}))"
    sql = f"""
    WITH q AS (SELECT %s::tsquery AS query),
    candidates AS MATERIALIZED (
      SELECT c.id, c.text, c.search_document || setweight(coalesce(
          (SELECT to_tsvector('{SEARCH_CONFIG}', string_agg(a.quote, ' '))
           FROM {Appearance._meta.db_table} a JOIN {Remark._meta.db_table} m ON m.id = a.remark_id
           WHERE m.claim_id = c.id), ''::tsvector), 'C') AS d
      FROM {Claim._meta.db_table} c, q
      WHERE (c.search_document @@ q.query
             OR c.id IN (SELECT m.claim_id FROM {Appearance._meta.db_table} a
                         JOIN {Remark._meta.db_table} m ON m.id = a.remark_id WHERE a.search_document @@ q.query))
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


def rank_ids(text, claims=None):
    """[(claim id, score)] for `text`, best first; `claims` (a queryset) limits the candidates."""
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
    sql, params = _score_sql(terms, average_length, restrict_sql)
    # the restriction's parameters sit between the query literal and the scoring parameters
    params = [params[0], *restrict_params, *params[1:], cleaned]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ranked = sorted(((pk, score + WEIGHT_TRIGRAM * similarity) for pk, score, similarity in rows),
                    key=lambda row: (-row[1], row[0]))
    return [row for row in ranked if row[1] > MIN_SCORE], [lexeme for lexeme, _ in terms]


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
