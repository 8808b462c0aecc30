"""Counts a page may show a few minutes old, saying when they were counted: facet counts, totals, remarks per
year. Counting every matching row is what made pages slow at 100,000 claims; the rows listed stay current."""
import hashlib

from django.core.cache import caches
from django.utils import timezone

CACHE_SECONDS = 300


def recently_counted(name, params, count, ignore=("page", "sort")):
    """(count(), when it was counted): from the "counts" cache when it was counted in the last CACHE_SECONDS for
    the same request parameters (but those in `ignore`, which do not change it), else now."""
    key_source = "&".join(sorted(f"{k}={v}" for k, values in params.lists() if k not in ignore for v in values))
    key = f"{name}:" + hashlib.sha256(key_source.encode()).hexdigest()
    return caches["counts"].get_or_set(key, lambda: (count(), timezone.now()), CACHE_SECONDS)
