"""Form pieces both apps' admin forms use."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from .dates import READABLE_FORMS, DatePrecision, PartialDate, read_partial_date
from .slugs import SLUG_LENGTH, unique_slug


class PartialDateField(forms.CharField):
    """A date to the precision it is known, typed as people write it ("16 Nov 2019", "Nov 2019", "2019", ISO too):
    one text input for a model's date and precision. Cleans to a PartialDate, or None when left empty."""

    def __init__(self, *, help_text=f"As precisely as it is known: {READABLE_FORMS}.", **kwargs):
        super().__init__(help_text=help_text, **kwargs)
        self.widget.attrs.setdefault("placeholder", "16 Nov 2019, Nov 2019 or 2019")

    def prepare_value(self, value):
        return str(value) if isinstance(value, PartialDate) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return read_partial_date(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class PartialDatesMixin:
    """For a ModelForm whose model keeps partial dates: `partial_dates` maps each date field to its precision
    field. The date is a PartialDateField (declare it), the precision stays out of the form (Meta.exclude) and
    follows what was typed; an existing date is shown as it reads ("Nov 2019")."""

    partial_dates = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for date_field, precision_field in self.partial_dates.items():
            value, precision = getattr(self.instance, date_field), getattr(self.instance, precision_field)
            if value is not None and precision in DatePrecision.values:
                self.initial[date_field] = PartialDate(value, precision)

    def clean(self):
        cleaned_data = super().clean()
        for date_field, precision_field in self.partial_dates.items():
            if date_field in cleaned_data:
                value = cleaned_data[date_field]
                cleaned_data[date_field] = value.date if value else None
                setattr(self.instance, precision_field, value.precision if value else "")
        return cleaned_data


class ReadableSlugMixin:
    """For a ModelForm of a model with a unique `slug` made from the field `slug_from`: on a new object the slug may
    be left empty, and is then made here (tracker.slugs: transliterated, at most SLUG_LENGTH, cut at a word
    boundary, "-2" when taken). The admin's prepopulate script cuts what it fills in to the same length, but in the
    middle of a word and only for Latin scripts, so what it filled in is made again the same way."""

    slug_from = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None and self.instance._state.adding:
            slug.required = False
            slug.max_length = SLUG_LENGTH  # the prepopulate script's limit, read when the page is drawn
            label = self._meta.model._meta.get_field(self.slug_from).verbose_name
            slug.help_text = f"The end of the page's address. Leave it empty to make a short one from the {label}."

    def clean(self):
        cleaned_data = super().clean()
        text, slug = cleaned_data.get(self.slug_from), cleaned_data.get("slug")
        if self.instance._state.adding and text and "slug" in self.fields and "slug" not in self.errors:
            if not slug or slug == slugify(text)[:SLUG_LENGTH].rstrip("-"):  # empty, or the script's prefill
                model = self._meta.model
                cleaned_data["slug"] = unique_slug(model._default_manager.all(), text, model._meta.model_name)
        return cleaned_data
