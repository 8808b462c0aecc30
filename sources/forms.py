"""The admin's forms for sources: every rule an editor can break is told in plain words on the field to fix."""
from django import forms

from tracker.validators import HttpURLValidator

from .models import Source


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = "__all__"
        # The form's own "Enter a valid URL." would replace the model's message, which says what is accepted.
        error_messages = {name: {"invalid": HttpURLValidator.message} for name in ("url", "archive_url")}
