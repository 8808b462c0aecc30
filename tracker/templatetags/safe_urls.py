"""Stored URLs become links only when they are absolute http(s) addresses (tracker.validators.is_http_url)."""
from django import template

from tracker.validators import is_http_url

register = template.Library()


@register.filter(name="http_url")
def http_url(value):
    """`value` if it is a safe link target, else "": `{% with link=source.url|http_url %}{% if link %}...`."""
    return value if is_http_url(value) else ""
