"""Full-text search: the stored search documents and the query the user's words become.

Search documents are stored generated tsvector columns built with Django's
SearchVector and a literal 'english' config, so the expression is immutable and
the GIN indexes serve every query made with the same config.
"""
import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "english"
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


def search_document(*weighted_fields):
    """A weighted tsvector over (field name, weight) pairs, for a stored GeneratedField."""
    vectors = [SearchVector(name, weight=weight, config=SEARCH_CONFIG) for name, weight in weighted_fields]
    document = vectors[0]
    for vector in vectors[1:]:
        document = document + vector
    return document


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
    """The user's words in web-search syntax: "exact phrase", -exclude, or."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def highlight(headline):
    """Escape a search headline and turn its match markers into <mark> elements."""
    return mark_safe(escape(headline).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>"))
