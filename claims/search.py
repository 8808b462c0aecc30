"""Full-text search: the stored search documents and the query the user's words become.

Search documents are stored generated tsvector columns built with Django's
SearchVector and a literal 'english' config, so the expression is immutable and
the GIN indexes serve every query made with the same config.
"""
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.utils.html import escape
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "english"
# Search headlines mark matches with these control characters, not HTML, so the
# text can be escaped first and the marks turned into <mark> after (see highlight).
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"


def search_document(*weighted_fields):
    """A weighted tsvector over (field name, weight) pairs, for a stored GeneratedField."""
    vectors = [SearchVector(name, weight=weight, config=SEARCH_CONFIG) for name, weight in weighted_fields]
    document = vectors[0]
    for vector in vectors[1:]:
        document = document + vector
    return document


def search_query(text):
    """The user's words in web-search syntax: "exact phrase", -exclude, or."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def highlight(headline):
    """Escape a search headline and turn its match markers into <mark> elements."""
    return mark_safe(escape(headline).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>"))
