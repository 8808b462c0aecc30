"""The admin's forms for sources: every rule an editor can break is told in plain words on the field to fix."""
from django import forms

from tracker.forms import PartialDateField, PartialDatesMixin, ReadableSlugMixin
from tracker.validators import HttpURLValidator

from .models import Source


class SourceForm(ReadableSlugMixin, PartialDatesMixin, forms.ModelForm):
    published = PartialDateField(required=False, label="Published")
    partial_dates = {"published": "published_precision"}
    slug_from = "title"

    class Meta:
        model = Source
        exclude = ["published_precision"]
        # The form's own "Enter a valid URL." would replace the model's message, which says what is accepted.
        error_messages = {name: {"invalid": HttpURLValidator.message} for name in ("url", "archive_url")}
