from django import forms
from django.contrib import admin

from tracker.admin import EditorialAdmin, names_first
from tracker.forms import ReadableSlugMixin
from tracker.validators import HttpURLValidator

from .forms import SourceForm
from .models import Actor, Source


class LinesField(forms.CharField):
    """A list of strings edited as text, one per line; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, item_max_length=200, **kwargs):
        self.item_max_length = item_max_length
        super().__init__(strip=False, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, (list, tuple)) else value

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines()]
        return [line for line in lines if line]

    def validate(self, value):
        super().validate(value)
        too_long = [line for line in value if len(line) > self.item_max_length]
        if too_long:
            raise forms.ValidationError(f"Each line holds at most {self.item_max_length} characters: {too_long[0][:40]}…")


class ActorForm(ReadableSlugMixin, forms.ModelForm):
    slug_from = "name"
    aliases = LinesField(
        required=False,
        help_text="Other names this actor goes by, one per line: other spellings, the name in Chinese, abbreviations "
                  "(赵立坚, MFA). Search finds the actor by any of them.",
    )

    class Meta:
        model = Actor
        fields = "__all__"
        # The form's own "Enter a valid URL." would replace the model's message, which says what is accepted.
        error_messages = {"website": {"invalid": HttpURLValidator.message}}


@admin.register(Actor)
class ActorAdmin(EditorialAdmin):
    form = ActorForm
    list_display = ["name", "kind", "role", "country", "state_affiliated"]
    list_filter = ["kind", "state_affiliated", "country"]
    search_fields = ["name", "role", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    list_select_related = ["affiliation"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return names_first(queryset, search_term, "name"), may_have_duplicates


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    form = SourceForm
    list_display = ["title", "kind", "publisher", "published_display", "language"]
    list_filter = ["kind", "language", "published_precision"]
    search_fields = ["title", "summary", "url", "publisher__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publisher", "authors"]
    list_select_related = ["publisher"]
    date_hierarchy = "published"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return names_first(queryset, search_term, "title"), may_have_duplicates

    @admin.display(description="published", ordering="published")
    def published_display(self, source):
        return source.published_display
