"""Fact-checkers' ratings, in any language, onto our verdict scale.

A textual rating (`alternateName`) is normalised (normalise_label) and looked up
in claims/data/rating_labels.json: first under the review's language, then under
every language. A label listed there as null is deliberately unmapped (satire,
"clarification", "no verdict": they say nothing about truth). A label not listed
whole is read by its first clause ("Falso: O símbolo…", "prawda. według…").
When the label does not map, a numeric rating maps by its position on the scale
it declares (worstRating..bestRating, schema.org defaults 1..5; either end may be
the "true" one): the bottom is false, the middle is misleading (mixed), near the
top supported, the top accurate. A number never means "unsupported", which says
the claim was asserted without evidence, not that it is half true.
See docs/ratings.md.
"""
import json
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

LABELS_FILE = Path(__file__).resolve().parent / "data" / "rating_labels.json"
SCALE = ["false", "misleading", "unsupported", "supported", "accurate"]  # Verdict.values, without importing Django
# Arabic short vowels, shadda, sukun, dagger alif and tatweel: optional in writing, so "مضلّل" is "مضلل".
_ARABIC_OPTIONAL = re.compile("[\u064b-\u065f\u0670\u0640]")
_FIRST_CLAUSE = re.compile(r"^(.{1,60}?)\s*(?:[.:;!؛،,]|\s[-–—]\s)", re.S)


def normalise_label(text):
    """A rating label as a lookup key: NFKC, case-folded, punctuation and symbols as spaces, any script's letters kept.

    Letters, combining marks (Devanagari and Gujarati vowel signs) and digits stay;
    Arabic optional diacritics and tatweel go; whitespace collapses.
    """
    text = _ARABIC_OPTIONAL.sub("", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in text)
    return " ".join(kept.split())


def language_key(tag):
    """'pt-BR' -> 'pt': labels are listed by primary language."""
    return (tag or "").split("-")[0].split("_")[0].casefold()


@lru_cache(maxsize=1)
def label_table():
    """({language: {label: verdict or None}}, {label: verdict or None} over every language)."""
    data = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
    by_language = data["labels"]
    anywhere = {}
    for language in sorted(by_language):
        for label, verdict in by_language[language].items():
            if anywhere.get(label) is None:  # a mapping in any language beats "unmapped" in another
                anywhere[label] = verdict
    return by_language, anywhere


def lookup_label(label, language=""):
    """(found, verdict): whether the normalised label is listed, and its verdict (None: deliberately unmapped)."""
    key = normalise_label(label)
    if not key:
        return False, None
    by_language, anywhere = label_table()
    table = by_language.get(language_key(language), {})
    if key in table:
        return True, table[key]
    if key in anywhere:
        return True, anywhere[key]
    match = _FIRST_CLAUSE.match(unicodedata.normalize("NFKC", label).strip())
    if match and normalise_label(match.group(1)) != key:  # "Falso: O símbolo…", "prawda. według…"
        return lookup_label(match.group(1), language)
    return False, None


def scale_position_verdict(value, best, worst):
    """Our verdict for a number on a declared scale, or None when it is not on the scale."""
    if any(v is None or not math.isfinite(v) for v in (value, best, worst)) or best == worst:
        return None
    if not min(best, worst) <= value <= max(best, worst):
        return None
    position = (value - worst) / (best - worst)  # 0 = worst, 1 = best, whichever end is larger
    if position < 0.125:
        return "false"
    if position < 0.625:
        return "misleading"
    if position < 0.875:
        return "supported"
    return "accurate"


def map_rating(label="", value=None, best=None, worst=None, language=""):
    """Our verdict ("" when unmappable) for a rating as published: its label first, else its number."""
    if label:
        found, verdict = lookup_label(label, language)
        if verdict:
            return verdict
    if value is not None:
        verdict = scale_position_verdict(value, 5.0 if best is None else best, 1.0 if worst is None else worst)
        if verdict:
            return verdict
    return ""
