from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .matching import similar_claims
from .models import Appearance, Claim, Evidence, Family, FramingTerm, Rebuttal, Remark, Review, Technique, Topic

# The matching score from which an editor adding a claim is warned of a similar one (claims/matching.py).
SIMILAR_ENOUGH = 8.0


class RemarkInline(admin.StackedInline):
    """Each time the claim was said; its reports (the sources printing it) are edited on the remark's own page."""

    model = Remark
    extra = 0
    autocomplete_fields = ["speaker"]
    show_change_link = True


class ReportInline(admin.TabularInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["source"]


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    autocomplete_fields = ["source"]


class ReviewInline(admin.StackedInline):
    """Every published review of the claim: ours (reviewer Counterclaim) and other fact-checkers'."""

    model = Review
    extra = 0
    autocomplete_fields = ["reviewer"]


class RebuttalInline(admin.TabularInline):
    """Counterclaims that answer this claim."""

    model = Rebuttal
    fk_name = "rebutted"
    extra = 0
    autocomplete_fields = ["counterclaim"]
    verbose_name = "counterclaim answering this claim"
    verbose_name_plural = "counterclaims answering this claim"


class RebutsInline(admin.TabularInline):
    """Claims this one answers."""

    model = Rebuttal
    fk_name = "counterclaim"
    extra = 0
    autocomplete_fields = ["rebutted"]
    verbose_name = "claim this one rebuts"
    verbose_name_plural = "claims this one rebuts"


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["text", "updated"]
    list_filter = ["reviews__verdict", "reviews__reviewer", "topics", "techniques"]
    search_fields = ["text", "context", "remarks__words"]
    prepopulated_fields = {"slug": ["text"]}
    filter_horizontal = ["topics", "techniques", "framing_terms"]
    autocomplete_fields = ["family"]
    inlines = [ReviewInline, RemarkInline, EvidenceInline, RebuttalInline, RebutsInline]


    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            self.warn_if_seen(request, obj)

    def warn_if_seen(self, request, claim):
        """A new claim that repeats one already here gets a warning naming it (the claim is saved all the same)."""
        similar = [match for match in similar_claims(claim.text, limit=3, exclude=claim) if match.score >= SIMILAR_ENOUGH]
        if similar:
            messages.warning(request, format_html(
                "Similar claims already exist; check this is not a duplicate: {}",
                format_html_join(", ", '<a href="{}">{}</a>', (
                    (reverse("admin:claims_claim_change", args=[match.claim.pk]), match.claim.text) for match in similar
                )),
            ))


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["claim", "reviewer", "rating_label", "verdict", "published", "language"]
    list_filter = ["verdict", "language"]
    search_fields = ["claim__text", "reviewer__name", "rating_label", "url", "title"]
    autocomplete_fields = ["claim", "reviewer"]
    list_select_related = ["claim", "reviewer"]


@admin.register(Remark)
class RemarkAdmin(admin.ModelAdmin):
    """A remark and the sources that report it."""

    list_display = ["speaker", "claim", "date_display", "venue"]
    list_filter = ["date_precision", "original_language", "speaker__kind"]
    search_fields = ["words", "original_words", "speaker__name", "claim__text", "venue"]
    autocomplete_fields = ["claim", "speaker"]
    list_select_related = ["speaker", "claim"]
    inlines = [ReportInline]

    @admin.display(description="date", ordering="date")
    def date_display(self, remark):
        return remark.date_display


@admin.register(Appearance)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["source", "remark", "locator", "is_direct_quote"]
    list_filter = ["is_direct_quote"]
    search_fields = ["quote", "source__title", "remark__speaker__name", "remark__claim__text"]
    autocomplete_fields = ["remark", "source"]
    list_select_related = ["source", "remark__speaker", "remark__claim"]


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["claim", "source", "kind", "strength"]
    list_filter = ["kind", "strength"]
    search_fields = ["excerpt", "claim__text", "source__title"]
    autocomplete_fields = ["claim", "source"]
    list_select_related = ["claim", "source"]


@admin.register(Rebuttal)
class RebuttalAdmin(admin.ModelAdmin):
    list_display = ["counterclaim", "rebutted"]
    search_fields = ["counterclaim__text", "rebutted__text", "note"]
    autocomplete_fields = ["counterclaim", "rebutted"]
    list_select_related = ["counterclaim", "rebutted"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Technique)
class TechniqueAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "definition"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FramingTerm)
class FramingTermAdmin(admin.ModelAdmin):
    list_display = ["term", "original_script", "plain_term", "first_used_display"]
    search_fields = ["term", "original_script", "plain_term", "explanation"]
    prepopulated_fields = {"slug": ["term"]}

    @admin.display(description="first used", ordering="first_used")
    def first_used_display(self, term):
        return term.first_used_display
