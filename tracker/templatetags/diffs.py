"""A word-level diff of two texts, for readers: removed words struck through, added words underlined."""
import difflib
import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Words and the spaces after them stay together, so a diff reads as text, not as a list of tokens.
WORDS = re.compile(r"\S+\s*|\s+")


@register.simple_tag
def word_diff(old, new):
    """`old` → `new` as escaped HTML with <del> and <ins> around the words that changed."""
    before, after = WORDS.findall(old or ""), WORDS.findall(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in before], b=[w.strip() for w in after], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(after[j1:j2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(before[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(after[j1:j2])))
    return mark_safe("".join(parts))
