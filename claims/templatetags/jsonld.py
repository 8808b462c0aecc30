from django import template
from django.utils.safestring import mark_safe

from claims.claimreview import jsonld_script_content

register = template.Library()


@register.filter
def jsonld(value):
    """JSON safe to place inside <script type="application/ld+json">: {{ claimreview|jsonld }}."""
    return mark_safe(jsonld_script_content(value))
