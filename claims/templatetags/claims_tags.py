"""Template helpers for claims: search highlights, heading levels, form fields, citations."""
from django import template
from django.utils import timezone
from django.utils.html import format_html

from claims import citations, spans
from claims.models import ClaimRole
from claims.search import highlight as highlight_headline

register = template.Library()


@register.filter
def highlight(headline):
    """A search headline, escaped, with its matches in <mark>."""
    return highlight_headline(headline or "")


@register.filter
def level(value, add=0):
    """A heading level `add` below `value`, never deeper than h6."""
    return min(int(value) + int(add), 6)


@register.filter
def get_field(form, name):
    """The bound field `name` of `form`, or None (for error messages keyed by field name)."""
    return form[name] if name in form.fields else None


OPENING_QUOTES = "“\"‘'«「"


@register.filter
def times(count):
    """How often, in words: "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


@register.filter
def by_source(reports):
    """[(source, [its distinct locators])]: a remark's reports, each source once, in order."""
    grouped = {}
    for report in reports:
        locators = grouped.setdefault(report.source.pk, (report.source, []))[1]
        if report.locator and report.locator not in locators:
            locators.append(report.locator)
    return list(grouped.values())


@register.filter
def get_item(mapping, key):
    """mapping[key], or None (also when there is no mapping)."""
    return mapping.get(key) if mapping else None


@register.filter
def quoted(text):
    """Text in curly quotes, unless the words already open with a quotation mark (no “““doubling”)."""
    text = text or ""
    return text if text[:1] in OPENING_QUOTES else f"“{text}”"


@register.simple_tag
def term_marked(text, term, quote=True):
    """A quote, escaped, with a framing term marked where it prints it; in curly quotes when `quote`."""
    body = spans.highlighted(text, term)
    return format_html("“{}”", body) if quote and (text or "")[:1] not in OPENING_QUOTES else body


@register.filter
def listed(value):
    """[value]: one technique link as the list quote_marked takes."""
    return [value]


@register.simple_tag
def quote_marked(text, links=(), quote=True):
    """A quote, escaped, with the words that carry its claim's techniques marked and labelled (claims.spans);
    in curly quotes when `quote` (a direct quote) unless the words already open with a quotation mark."""
    body = spans.marked(text, links)
    return format_html("“{}”", body) if quote and (text or "")[:1] not in OPENING_QUOTES else body


@register.filter
def claim_role(value):
    """The ClaimRole for a role value (label, css, side), or None."""
    return ClaimRole(value) if value in ClaimRole.values else None


@register.filter
def role_side(value):
    """The css class of the timeline lane a role value belongs to (ClaimRole.side)."""
    role = claim_role(value)
    return role.side if role else ""


@register.filter
def role_label(value):
    """The label of a role value (ClaimRole.label)."""
    role = claim_role(value)
    return role.label if role else ""


CITABLE = {"remark": citations.for_remark, "evidence": citations.for_evidence, "claim": citations.for_claim}


@register.simple_tag(takes_context=True)
def citation(context, obj):
    """Every format of the citation of a quote, a piece of evidence or a claim, accessed today, with our permalink."""
    permalink = context["request"].build_absolute_uri(obj.get_absolute_url())
    return citations.cite(CITABLE[obj._meta.model_name](obj, permalink, timezone.localdate()))
