"""'Added … · Last updated …' for any page about one object with a history (tracker/history.py)."""
from django import template

from tracker.history import PUBLIC_KINDS

register = template.Library()


@register.inclusion_tag("_revision_dates.html")
def revision_dates(obj):
    """When `obj` was added and last changed in a way readers are told of (its stored dates, else its history)."""
    added = getattr(obj, "created", None)
    if added is None:
        first = obj.history.filter(history_type="+").order_by("history_date").values_list("history_date", flat=True)
        added = first.first()
    if hasattr(obj, "last_updated"):
        updated = obj.last_updated
    else:
        latest = obj.history.filter(change_kind__in=PUBLIC_KINDS).values_list("history_date", flat=True)
        updated = latest.order_by("-history_date").first()
    return {"added": added, "updated": updated}
