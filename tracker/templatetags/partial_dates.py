"""Partial dates in templates: shown at their precision, wrapped in <time>, linked to their year on the timeline."""
from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def dated(display, iso, undated="undated"):
    """'16 Nov 2019', 'Aug 2018' or '2019' as <time datetime=ISO>, linked to that year of the dataset timeline."""
    if not display or not iso:
        return format_html('<span class="date undated">{}</span>', undated)
    return format_html(
        '<a class="date" href="{}?year={}#y{}"><time datetime="{}">{}</time></a>',
        reverse("claims:timeline"), iso[:4], iso[:4], iso, display,
    )
