"""The words of a quote that carry a propaganda technique: found, and marked in a page.

An annotation keeps its words as a phrase (ClaimTechnique.phrase), and a quote is marked
wherever it prints that phrase, capital letters and runs of spaces aside. Where spans of
several techniques overlap, each stretch of words names every technique covering it.
"""
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    technique: str  # its name
    rationale: str


def occurrences(phrase, text):
    """(start, end) of each place `text` prints `phrase`, ignoring case and spacing; [] for an empty phrase."""
    words = (phrase or "").split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words)
    return [(match.start(), match.end()) for match in re.finditer(pattern, text or "", flags=re.IGNORECASE)]


def find(text, links):
    """Every Span in `text` of `links` (objects with .phrase, .rationale and .technique.name), in text order."""
    found = [Span(start, end, link.technique.name, link.rationale)
             for link in links for start, end in occurrences(link.phrase, text)]
    return sorted(found, key=lambda span: (span.start, span.end, span.technique))


def marked(text, links):
    """`text`, escaped, with each span in a <mark> titled with its technique and why, and followed by a
    visible label naming the technique (read out as "(technique: …)" by screen readers)."""
    text = text or ""
    found = find(text, links)
    if not found:
        return escape(text)
    bounds = sorted({0, len(text), *(span.start for span in found), *(span.end for span in found)})
    html = []
    for start, end in zip(bounds, bounds[1:]):
        covering = [span for span in found if span.start <= start and end <= span.end]
        if covering:
            title = "; ".join(f"{span.technique}: {span.rationale}" if span.rationale else span.technique
                              for span in covering)
            html.append(format_html('<mark class="technique-span" title="{}">{}</mark>', title, text[start:end]))
        else:
            html.append(escape(text[start:end]))
        html.extend(format_html(
            '<span class="span-label"><span class="visually-hidden"> (technique: </span>{}'
            '<span class="visually-hidden">)</span></span>', span.technique)
            for span in found if span.end == end)
    return mark_safe("".join(html))


def highlighted(text, phrase):
    """`text`, escaped, with every place it prints `phrase` (capitals and spacing aside) in a plain <mark>."""
    text, html, last = text or "", [], 0
    for start, end in occurrences(phrase, text):
        html += [escape(text[last:start]), format_html("<mark>{}</mark>", text[start:end])]
        last = end
    html.append(escape(text[last:]))
    return mark_safe("".join(html))
