"""What both apps' admins share. Every content model's admin: no deleting, a versioned history with restore, and a kind and
reason for each change to what readers can see."""
import re

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Length
from simple_history.admin import SimpleHistoryAdmin

from .history import ChangeKind, mark_change

REASON_HELP = (
    "Correction: a fact was wrong. Update: new information. Clarification: clearer wording, same facts. "
    "Housekeeping: typos and formatting, not shown to readers. Corrections, updates and clarifications are "
    "listed with this reason on the page's history and on /corrections/."
)


class ChangeNoteForm(forms.ModelForm):
    """Asks for the kind of change and its reason when the entry being edited is public."""

    change_kind = forms.ChoiceField(
        label="Kind of change", required=False,
        choices=[("", "---------")] + [(kind.value, kind.label) for kind in ChangeKind.editorial()],
        help_text=REASON_HELP,
    )
    change_reason = forms.CharField(
        label="Reason for the change", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What was wrong or what is new, in a sentence readers will understand.",
    )
    needs_note = False  # set by EditorialAdmin.get_form for public entries

    def clean(self):
        cleaned = super().clean()
        if self.needs_note and self.has_changed():
            if not cleaned.get("change_kind"):
                self.add_error("change_kind", "This entry is public: say what kind of change this is.")
            if not (cleaned.get("change_reason") or "").strip():
                self.add_error("change_reason", "This entry is public: say why it changes. Readers see the reason.")
        return cleaned


class NoDeleteMixin:
    """Content is withdrawn, never deleted: nothing readers may have cited disappears."""

    def has_delete_permission(self, request, obj=None):
        return False


class EditorialAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """An admin whose saves are recorded with their kind and reason; `is_public(obj)` says when one is needed.
    Its form, whatever it is, gets ChangeNoteForm's two fields."""

    note_fields = ("change_kind", "change_reason")

    def is_public(self, obj):
        """Whether readers can see `obj` as it is stored now (reference data, once added, is on public pages)."""
        return obj is not None and obj.pk is not None

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.pop("form", self.form)
        form = type(base.__name__, (ChangeNoteForm, base), {"needs_note": self.is_public(obj)})
        return super().get_form(request, obj, change=change, form=form, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, {**options, "fields": [f for f in options["fields"] if f not in self.note_fields]})
                     for name, options in super().get_fieldsets(request, obj)]
        if obj is None:  # a new entry: nothing to explain yet
            return fieldsets
        return fieldsets + [("About this change", {"fields": list(self.note_fields)})]

    def change_note(self, request, obj, form):
        """(kind, reason) of this save, from the form; DRAFT for edits readers never saw."""
        kind = form.cleaned_data.get("change_kind") or (
            ChangeKind.CREATED if obj.pk is None else
            ChangeKind.HOUSEKEEPING if form.needs_note else ChangeKind.DRAFT
        )
        reason = (form.cleaned_data.get("change_reason") or "").strip()
        if "/history/" in request.path:  # simple_history's revert view
            reason = f"Restored an earlier version. {reason}".strip()
        return kind, reason

    def save_model(self, request, obj, form, change):
        kind, reason = self.change_note(request, obj, form)
        mark_change(obj, kind, reason)
        request._change_note = (kind, reason)  # the inlines saved next share it
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        kind, reason = getattr(request, "_change_note", (ChangeKind.DRAFT, ""))
        instances = formset.save(commit=False)
        changed_fields = {id(obj): fields for obj, fields in formset.changed_objects}
        for instance in instances:
            self.before_inline_save(request, instance, changed_fields.get(id(instance)))
            mark_change(instance, ChangeKind.CREATED if instance.pk is None and not form.needs_note else kind, reason)
            instance.save()
        formset.save_m2m()

    def before_inline_save(self, request, instance, changed_fields):
        """A hook for what an inline row's save implies; `changed_fields` is None for a new row."""


class NoteRequiredFormSet(forms.BaseInlineFormSet):
    """An inline's rows can change a public entry too: then the page's kind and reason are required."""

    needs_note = False  # set by EditorialInline.get_formset

    def clean(self):
        super().clean()
        if not self.needs_note or not any(form.has_changed() for form in self.forms):
            return
        if not self.data.get("change_kind") or not self.data.get("change_reason", "").strip():
            raise forms.ValidationError(
                "This entry is public: under “About this change”, say what kind of change this is and why."
            )


class EditorialInline(NoDeleteMixin):
    """An inline of an EditorialAdmin: never deletes, and asks for a reason when its parent is public."""

    def is_public(self, obj):
        return obj is not None and obj.pk is not None

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset, NoteRequiredFormSet), {"needs_note": self.is_public(obj)})


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
