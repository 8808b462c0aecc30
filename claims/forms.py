"""Forms: the search and matching pages (and their API endpoints), where bad input is a message, never a 500;
and the admin's, where every rule an editor can break is told in plain words on the field to fix."""
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from tracker.forms import PartialDateField, PartialDatesMixin, ReadableSlugMixin

from .matching import claims_worded_like
from .models import Claim, Family, FramingTerm, Rebuttal, Remark, Status, Technique, Topic, unpublished_review_message

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


class ReviewFormSet(forms.BaseInlineFormSet):
    """A claim's reviews in the admin. Review.clean() finds a second review without a web address by the same
    reviewer in the database; this finds it among the rows sent together (a new claim's are not in the database)."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            reviewer = data.get("reviewer")
            if not reviewer or data.get("DELETE") or data.get("url"):
                continue
            if reviewer.pk in seen:
                form.add_error("reviewer", unpublished_review_message(reviewer))
            seen.add(reviewer.pk)


class RemarkForm(PartialDatesMixin, forms.ModelForm):
    date = PartialDateField(required=False, label="Date said",
                            help_text="When it was said, as precisely as it is known: “16 Nov 2019”, “Nov 2019” or "
                                      "“2019”. Empty when unknown.")
    partial_dates = {"date": "date_precision"}

    class Meta:
        model = Remark
        exclude = ["date_precision"]


class FramingTermForm(ReadableSlugMixin, PartialDatesMixin, forms.ModelForm):
    first_used = PartialDateField(required=False, label="First used")
    partial_dates = {"first_used": "first_used_precision"}
    slug_from = "term"

    class Meta:
        model = FramingTerm
        exclude = ["first_used_precision"]


class ClaimForm(ReadableSlugMixin, forms.ModelForm):
    """A new claim worded like claims already here is held, with them listed on its text, until the editor ticks
    "This is not a duplicate" (a hidden field until then)."""

    slug_from = "text"
    not_a_duplicate = forms.BooleanField(
        required=False, widget=forms.HiddenInput, label="This is not a duplicate",
        help_text="Tick it once you have checked that the claims listed under the text are not this one.",
    )

    class Meta:
        model = Claim
        fields = "__all__"

    def clean(self):
        cleaned_data = super().clean()
        text = cleaned_data.get("text")
        if self.instance._state.adding and text and not cleaned_data.get("not_a_duplicate"):
            if alike := claims_worded_like(text):
                self.fields["not_a_duplicate"].widget = forms.CheckboxInput()
                self.add_error("text", format_html(
                    "Claims worded like this one are already here: {}. Open them to check (each opens in a new tab); "
                    "if this claim is none of them, tick “This is not a duplicate” below and save again.",
                    format_html_join("; ", '“<a href="{}" target="_blank" rel="noopener">{}</a>”', (
                        (reverse("admin:claims_claim_change", args=[claim.pk]), claim.text) for claim in alike
                    )),
                ))
        # Publishing and withdrawing are dated here, before the model's rules are checked against the dates.
        status, claim = cleaned_data.get("status"), self.instance
        if status in (Status.PUBLISHED, Status.WITHDRAWN) and claim.published_at is None:
            claim.published_at = timezone.now()
        claim.withdrawn_at = (claim.withdrawn_at or timezone.now()) if status == Status.WITHDRAWN else None
        return cleaned_data


class FamilyForm(ReadableSlugMixin, forms.ModelForm):
    slug_from = "name"

    class Meta:
        model = Family
        fields = "__all__"


class TopicForm(ReadableSlugMixin, forms.ModelForm):
    slug_from = "name"

    class Meta:
        model = Topic
        fields = "__all__"


class TechniqueForm(ReadableSlugMixin, forms.ModelForm):
    slug_from = "name"

    class Meta:
        model = Technique
        fields = "__all__"


# The claim form's two rebuttal inlines, told apart by direction: in one the editor picks the counterclaims
# answering the claim being edited, in the other the claims it answers.
class AnsweringClaimForm(forms.ModelForm):
    class Meta:
        model = Rebuttal
        fields = "__all__"
        labels = {"counterclaim": "Counterclaim", "note": "How it answers this claim"}
        help_texts = {"counterclaim": "A claim that answers (rebuts) the claim you are editing: what a leak, a report "
                                      "or a witness shows. Add it as a claim of its own first if it is not here yet."}


class AnsweredClaimForm(forms.ModelForm):
    class Meta:
        model = Rebuttal
        fields = "__all__"
        labels = {"rebutted": "Claim answered", "note": "How this claim answers it"}
        help_texts = {"rebutted": "A claim that the claim you are editing answers (rebuts): fill this in when the "
                                  "claim you are editing is a counterclaim or a reply."}
