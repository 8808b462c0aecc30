"""Short, readable, unique slugs for text in any script: one place for the admin's forms and the importers."""
import re

from anyascii import anyascii
from django.utils.text import slugify

SLUG_LENGTH = 60  # a slug made from text is cut to about this, at a word boundary ("-2" may follow)
# anyascii writes each Chinese (or Korean) character as a capitalised syllable ("XinJiang"): apart, a long
# text can be cut between syllables instead of in the middle of one run-together word.
_SYLLABLE_START = re.compile(r"(?<=[a-z])(?=[A-Z])")


def readable_slug(text, limit=SLUG_LENGTH):
    """A short ASCII slug for text in any script: transliterated (anyascii), cut at a word boundary."""
    ascii_text = re.sub(r"[^\x00-\x7f]+", lambda run: _SYLLABLE_START.sub(" ", anyascii(run.group())), text)
    slug = slugify(ascii_text)
    if len(slug) > limit:
        cut = slug[:limit + 1]  # one more character: if it is a hyphen, the last word is whole
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:limit]
    return slug.strip("-")


def free_slug(base, taken):
    """`base`, else `base-2`, `base-3`...: the first that is not in `taken` (a set of slugs)."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slug(queryset, text, fallback):
    """A readable slug for `text` that no row of `queryset` has, in one query (`fallback` when `text` gives none)."""
    base = readable_slug(text) or fallback
    return free_slug(base, set(queryset.filter(slug__startswith=base).values_list("slug", flat=True)))
