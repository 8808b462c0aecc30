"""What both apps share for full-text search: the text-search config and the stored search document.

A stored GeneratedField holding a SearchVector needs a literal config to stay
immutable, and a GIN index serves only queries made with the same config: every
search document and every query uses SEARCH_CONFIG.
"""
from django.contrib.postgres.search import SearchVector

SEARCH_CONFIG = "english"


def search_document(*weighted_fields):
    """A weighted tsvector over (field name, weight) pairs, for a stored GeneratedField."""
    vectors = [SearchVector(name, weight=weight, config=SEARCH_CONFIG) for name, weight in weighted_fields]
    document = vectors[0]
    for vector in vectors[1:]:
        document = document + vector
    return document
