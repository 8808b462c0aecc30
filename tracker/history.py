"""Versioned history of every content model (django-simple-history), with the kind and reason of each change.

Every save through the ORM writes a historical row: who (the admin user, through
simple_history's request middleware), when, the full record, a reason
(`history_change_reason`) and a kind. The rows also keep the list of fields
that changed with their old and new values, so history pages read one row per
change and never compare versions at display time.

Readers see corrections, updates and clarifications (PUBLIC_KINDS); housekeeping
and edits made before publication stay in the admin's history.
"""
from django.db import connection, models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .bulk import copy_into, copy_text


class ChangeKind(models.TextChoices):
    CREATED = "created", "Created"
    DRAFT = "draft", "Edit before publication"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"
    CLARIFICATION = "clarification", "Clarification"
    HOUSEKEEPING = "housekeeping", "Housekeeping"

    @classmethod
    def editorial(cls):
        """The kinds an editor chooses when changing a published entry."""
        return [cls.CORRECTION, cls.UPDATE, cls.CLARIFICATION, cls.HOUSEKEEPING]


# What readers are shown, on history pages, /corrections/ and its feed.
PUBLIC_KINDS = [ChangeKind.CORRECTION, ChangeKind.UPDATE, ChangeKind.CLARIFICATION]

# Fields no reader asks about: bookkeeping and what the database derives.
UNTRACKED = {"id", "created", "updated", "last_updated", "published_at", "search_document",
             "awaiting_sign_off", "verdict_by", "signed_off_by", "signed_off_at"}


class ChangeRecord(models.Model):
    """The columns every historical table adds to simple_history's: the kind of change and what it changed."""

    change_kind = models.CharField(max_length=16, choices=ChangeKind.choices, default=ChangeKind.HOUSEKEEPING)
    changes = models.JSONField(
        default=list, blank=True, help_text="[{field, label, old, new}] against the version before, as displayed."
    )

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return self.change_kind in PUBLIC_KINDS


def history(excluded_fields=()):
    """The HistoricalRecords of a content model: reason as text, our two columns, derived fields left out."""
    return HistoricalRecords(
        bases=[ChangeRecord],
        excluded_fields=["search_document", *excluded_fields],
        history_change_reason_field=models.TextField(null=True),
        cascade_delete_history=False,
    )


def mark_change(instance, kind, reason=""):
    """Say what kind of change the next save of `instance` is, and why (read when its history row is written)."""
    instance._change_kind = kind
    instance._change_reason = reason


def _display(instance, field):
    """A field's value as a reader would read it: the choice's label, the related object's name."""
    if field.is_relation:
        related_id = getattr(instance, field.attname)
        if related_id is None:
            return ""
        related = field.related_model._base_manager.filter(pk=related_id).first()
        return str(related) if related is not None else str(related_id)
    value = getattr(instance, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value or ""))
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(str(item) for item in value)
    return str(value)


def field_changes(previous, current, fields):
    """[{field, label, old, new}] for each of `fields` whose value differs between two versions."""
    changes = []
    for field in fields:
        if field.name in UNTRACKED or getattr(previous, field.attname) == getattr(current, field.attname):
            continue
        changes.append({
            "field": field.name,
            "label": str(field.verbose_name),
            "old": _display(previous, field),
            "new": _display(current, field),
        })
    return changes


@receiver(pre_create_historical_record)
def _record_kind_and_changes(sender, instance, history_instance, **kwargs):
    # simple_history's documented hook for extra history columns: it runs for every model registered with history().
    if not isinstance(history_instance, ChangeRecord):
        return
    if history_instance.history_type == "+":
        history_instance.change_kind = getattr(instance, "_change_kind", ChangeKind.CREATED)
        return
    history_instance.change_kind = getattr(instance, "_change_kind", ChangeKind.HOUSEKEEPING)
    if history_instance.history_type == "~":
        earlier = sender.objects.filter(id=instance.pk)
        if hasattr(history_instance, "awaiting_sign_off"):
            # A signed-off verdict is compared with the last one readers saw, not with the pending draft.
            earlier = earlier.filter(awaiting_sign_off=False)
        previous = earlier.order_by("-history_date", "-history_id").first()
        if previous is not None:
            fields = [field for field in sender.tracked_fields]
            history_instance.changes = field_changes(previous, history_instance, fields)


def _history_columns(model):
    """The columns of `model` its history table keeps (not those history() leaves out)."""
    return {field.column for field in model.history.model._meta.concrete_fields}


def write_first_versions(model, ids, reason):
    """The first version of rows written without the ORM's save() (bulk inserts), in one INSERT … SELECT of the
    rows as stored. Imports that hold the rows' values in COPY text use copy_first_versions instead."""
    history = model.history.model
    kept = _history_columns(model)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in model._meta.concrete_fields
                        if field.column in kept and not field.generated)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(history._meta.db_table)} ({columns}, history_date, history_type,"
            f" change_kind, changes, history_change_reason) SELECT {columns}, now(), '+', %s, '[]'::jsonb, %s"
            f" FROM {connection.ops.quote_name(model._meta.db_table)} WHERE id = ANY(%s)",
            [ChangeKind.CREATED, reason, list(ids)],
        )


def copy_first_versions(model, columns, rows, reason, when):
    """The first version of rows just written with COPY (bulk imports), in one COPY of the same values.

    `columns` are the model's columns and `rows` each row's values in COPY text (tracker.bulk), as written
    to its table; `when` is the history date. Copied from memory, not read back from the table: an
    INSERT … SELECT per table and batch cost a tenth of a 100,000-review import.
    """
    history = model.history.model
    kept = _history_columns(model)
    keep = [i for i, column in enumerate(columns) if column in kept]
    version = [copy_text(when), "+", ChangeKind.CREATED.value, "[]", copy_text(reason)]
    copy_into(
        history._meta.db_table,
        [columns[i] for i in keep] + ["history_date", "history_type", "change_kind", "changes", "history_change_reason"],
        ([row[i] for i in keep] + version for row in rows),
    )
