"""Forms for the search and matching pages (and their API endpoints): bad input is a message, never a 500."""
from django import forms

# A NUL character is refused by Django's CharField itself (ProhibitNullCharactersValidator): a 400, not a 500.

class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search everything", max_length=300, required=False,
        help_text='Claims, quotes, evidence, sources, actors and framing terms. Words, "an exact phrase", '
                  "-excluded words; other spellings (labour, Uighur, MFA) and Chinese (应收尽收) work too.",
    )


class MatchForm(forms.Form):
    text = forms.CharField(
        label="Statement", max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Paste a tweet, a sentence from a speech or a headline: links, @handles and #hashtags are fine.",
    )
