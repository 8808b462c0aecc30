"""Template helpers for claims: search highlights, heading levels, form fields."""
from django import template

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
    return text if text[:1] in "“\"‘'«「" else f"“{text}”"


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
