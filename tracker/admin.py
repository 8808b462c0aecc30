"""What both apps' admins share."""
import re

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Length


def names_first(queryset, term, name_field):
    """An admin search's results for `term`, best names first: the name itself, then names starting with the
    term, then names with a word starting with it, then names containing it, then the rest (found by a role,
    a description, a summary); the closest (shortest) name first among those that match. For the autocomplete, whose
    first suggestion is the one Enter picks: "Ministry of Foreign" found spokespeople by their role first."""
    term = " ".join(term.split())
    if not term:
        return queryset
    rank = Case(
        When(**{f"{name_field}__iexact": term}, then=Value(0)),
        When(**{f"{name_field}__istartswith": term}, then=Value(1)),
        When(**{f"{name_field}__iregex": r"\m" + re.escape(term)}, then=Value(2)),  # \m: a word's start in PostgreSQL
        When(**{f"{name_field}__icontains": term}, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return queryset.annotate(name_rank=rank).annotate(
        # The shortest matching name is the closest match; what only a description matched stays A-Z.
        name_length=Case(When(name_rank__lt=4, then=Length(name_field)), default=Value(0)),
    ).order_by("name_rank", "name_length", name_field, "pk")
