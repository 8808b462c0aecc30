"""Small model helpers both apps use."""
from django.db import models
from django.db.models import Q


def choices_constraint(field, choices, name, allow_blank=False):
    """A named CheckConstraint holding `field` to the values its `choices` promise."""
    condition = Q(**{f"{field}__in": list(choices.values)})
    if allow_blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=name)
