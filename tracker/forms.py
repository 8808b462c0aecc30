"""Form pieces both apps' admin forms use."""
from django import forms
from django.core.exceptions import ValidationError

from .dates import READABLE_FORMS, DatePrecision, PartialDate, read_partial_date


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
