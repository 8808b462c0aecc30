"""Full-text search: the stored search documents and the query the user's words become.

Search documents are stored generated tsvector columns built with Django's
SearchVector and a literal 'english' config, so the expression is immutable and
the GIN indexes serve every query made with the same config.
"""
import re
from functools import lru_cache, reduce
from operator import or_
from pathlib import Path

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tracker.search import SEARCH_CONFIG, search_document  # noqa: F401 (re-exported)

# Search headlines mark matches with these control characters, not HTML, so the
# text can be escaped first and the marks turned into <mark> after (see highlight).
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"

# PostgreSQL's tsquery parser keeps pending operators on a stack of 32: 33 "-" in a row ("- - - ...")
# fail with "tsquery stack too small". Half of that for operators can never overflow it.
MAX_SEARCH_OPERATORS = 16
MAX_SEARCH_WORDS = 64
# A "-" that starts a term is an exclusion ("-hoax"); one inside a word is a hyphen ("re-education").
_EXCLUSION = re.compile(r"(?<!\w)-")
_OR = re.compile(r"(?<!\w)or(?!\w)", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def validate_search_text(text):
    """Refuse, with a message, a search PostgreSQL's web-search parser cannot take: too many operators or words.

    The form field's validator, so the list page, its CSV and the API all answer 400 with the same words.
    """
    operators = len(_EXCLUSION.findall(text)) + len(_OR.findall(text))
    if operators > MAX_SEARCH_OPERATORS:
        raise ValidationError(
            "A search can exclude words (-word) or offer alternatives (or) at most %(limit)s times; "
            "this one does %(count)s times.",
            code="too_many_operators", params={"limit": MAX_SEARCH_OPERATORS, "count": operators},
        )
    words = len(_WORD.findall(text))
    if words > MAX_SEARCH_WORDS:
        raise ValidationError(
            "A search can hold at most %(limit)s words; this one has %(count)s.",
            code="too_many_words", params={"limit": MAX_SEARCH_WORDS, "count": words},
        )


def search_query(text):
    """The user's words in web-search syntax ("exact phrase", -exclude, or), and the same with each
    synonym from claims/data/synonyms.txt in place of the words it names, any of them matching."""
    return reduce(or_, (SearchQuery(variant, search_type="websearch", config=SEARCH_CONFIG)
                        for variant in query_variants(text)))


def highlight(headline):
    """Escape a search headline and turn its match markers into <mark> elements."""
    return mark_safe(escape(headline).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>"))


# ---------------------------------------------------------------- synonyms

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"
MAX_VARIANTS = 16  # a query naming many synonyms searches its first combinations, not all


def read_synonyms(path=SYNONYMS_FILE):
    """The groups of claims/data/synonyms.txt: a list of tuples of members, as written."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            members = tuple(member.strip() for member in line.split("|") if member.strip())
            if len(members) > 1:
                groups.append(members)
    return groups


@lru_cache(maxsize=1)
def _synonym_index():
    """(a regex finding any member, {lower-case member: its group})."""
    group_of = {}
    for group in read_synonyms():
        for member in group:
            group_of[member.lower()] = group
    members = sorted(group_of, key=len, reverse=True)  # longest first: "Foreign Ministry" before "MFA"-like parts
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(member) for member in members) + r")(s?)(?![\w-])", re.IGNORECASE
    )
    return pattern, group_of


def query_variants(text):
    """`text` and the same search with synonyms in place of the words the synonym list names.

    An excluded word (-labour) is left as it is: the lookbehind does not match after "-".

    >>> query_variants("forced labour")
    ['forced labour', 'forced labor']
    """
    pattern, group_of = _synonym_index()
    spans = []
    for match in pattern.finditer(text):
        group = group_of[match.group(1).lower()]
        suffix = match.group(2)
        in_phrase = text.count('"', 0, match.start()) % 2 == 1
        alternatives = []
        for member in group:
            if member.lower() == match.group(1).lower():
                continue  # the words as typed are the first alternative already
            one_word = " " not in member
            alternative = member + suffix if one_word else member
            if suffix and not one_word:
                continue  # "MFAs" has no phrase to stand for
            alternatives.append(alternative if one_word or in_phrase else f'"{alternative}"')
        spans.append((match.start(), match.end(), alternatives))
    variants = [text]
    for start, end, alternatives in reversed(spans):  # right to left, so earlier offsets stay valid
        variants = [variant[:start] + alternative + variant[end:]
                    for variant in variants for alternative in [variant[start:end]] + alternatives]
        variants = list(dict.fromkeys(variants))[:MAX_VARIANTS]
    return list(dict.fromkeys(v for v in variants))
