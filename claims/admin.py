from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from tracker.admin import EditorialAdmin, EditorialInline
from tracker.history import ChangeKind

from .forms import (
    AnsweredClaimForm,
    AnsweringClaimForm,
    ClaimForm,
    FamilyForm,
    FramingTermForm,
    RemarkForm,
    ReviewFormSet,
    TechniqueForm,
    TopicForm,
)
from .matching import similar_claims
from .models import (
    Appearance, Claim, ClaimTechnique, Evidence, Family, FramingTerm, KeyEvent, Rebuttal, Remark, Review, Status,
    Technique, Topic,
)

PUBLIC_STATUSES = [Status.PUBLISHED, Status.WITHDRAWN]


def public_claims(*claim_ids):
    """Whether any of these claims, as stored, is (or was) in front of readers."""
    return Claim.objects.filter(pk__in=[pk for pk in claim_ids if pk], status__in=PUBLIC_STATUSES).exists()


def may_edit(user, *claim_ids):
    """Contributors edit drafts; what readers have seen is edited by editors (with a reason)."""
    return user.has_perm("claims.publish_claim") or not public_claims(*claim_ids)


class ClaimPartInline(EditorialInline):
    """Something on a claim's page, edited with the claim (or with a part of it): editable by contributors while
    the claim is a draft."""

    extra = 0

    def claim_id(self, obj):
        """The claim of the object edited on the page (the claim itself here)."""
        return obj.pk

    def is_public(self, obj):
        return obj is not None and obj.pk is not None and public_claims(self.claim_id(obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or may_edit(request.user, self.claim_id(obj)))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or may_edit(request.user, self.claim_id(obj)))


class ClaimPartAdmin(EditorialAdmin):
    """Appearances, evidence, reviews and rebuttals edited on their own pages: same rules as on the claim's."""

    def claim_ids(self, obj):
        return [obj.claim_id]

    def is_public(self, obj):
        return obj is not None and obj.pk is not None and public_claims(*self.claim_ids(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or may_edit(request.user, *self.claim_ids(obj)))

# The matching score from which an editor adding a claim is warned of a similar one (claims/matching.py).
SIMILAR_ENOUGH = 8.0


class RemarkInline(ClaimPartInline, admin.StackedInline):
    """Each time the claim was said; its reports (the sources printing it) are edited on the remark's own page."""

    model = Remark
    form = RemarkForm
    autocomplete_fields = ["speaker"]
    show_change_link = True


class ReportInline(ClaimPartInline, admin.TabularInline):
    """The sources printing a remark, edited on the remark's page: same rules as the remark's claim."""

    model = Appearance
    autocomplete_fields = ["source"]

    def claim_id(self, remark):
        return remark.claim_id


class ClaimTechniqueInline(ClaimPartInline, admin.TabularInline):
    """The techniques the claim uses: why, and the words that carry each (checked against its saved quotes)."""

    model = ClaimTechnique
    autocomplete_fields = ["technique"]


class EvidenceInline(ClaimPartInline, admin.StackedInline):
    model = Evidence
    autocomplete_fields = ["source"]


class ReviewInline(ClaimPartInline, admin.StackedInline):
    """Every review of the claim: ours (reviewer Counterclaim) and other fact-checkers'. A rating written here
    is shown once a second person signs it off (Reviews, action "Sign off")."""

    model = Review
    formset = ReviewFormSet
    autocomplete_fields = ["reviewer"]
    readonly_fields = ["sign_off_state"]

    @admin.display(description="sign-off")
    def sign_off_state(self, review):
        return sign_off_state(review)


class RebuttalInline(ClaimPartInline, admin.TabularInline):
    """Counterclaims that answer this claim."""

    model = Rebuttal
    form = AnsweringClaimForm
    fk_name = "rebutted"
    autocomplete_fields = ["counterclaim"]
    verbose_name = "counterclaim that answers this claim"
    verbose_name_plural = "counterclaims that answer this claim"


class RebutsInline(ClaimPartInline, admin.TabularInline):
    """Claims this one answers."""

    model = Rebuttal
    form = AnsweredClaimForm
    fk_name = "counterclaim"
    autocomplete_fields = ["rebutted"]
    verbose_name = "claim this claim answers"
    verbose_name_plural = "claims this claim answers"


def sign_off_state(review):
    if review.pk is None:
        return "A verdict written here is shown once a second person signs it off."
    if review.awaiting_sign_off:
        return f"Waiting for a second person to sign off (written by {review.verdict_by or 'unknown'})"
    if review.signed_off_by:
        return f"Signed off by {review.signed_off_by} on {timezone.localtime(review.signed_off_at):%d %b %Y}"
    return "Published as imported"


@admin.register(Claim)
class ClaimAdmin(EditorialAdmin):
    """Claims move draft → in review → published (→ withdrawn); contributors take them as far as review."""

    form = ClaimForm
    list_display = ["text", "status", "published_at", "updated"]
    list_filter = ["status", "reviews__verdict", "reviews__reviewer", "topics", "techniques"]
    search_fields = ["text", "context", "remarks__words"]
    prepopulated_fields = {"slug": ["text"]}
    filter_horizontal = ["topics", "framing_terms"]
    autocomplete_fields = ["family"]
    inlines = [ReviewInline, RemarkInline, ClaimTechniqueInline, EvidenceInline, RebuttalInline, RebutsInline]
    readonly_fields = ["published_at", "withdrawn_at"]

    def is_public(self, obj):
        return obj is not None and public_claims(obj.pk)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_edit(request.user, obj.pk))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not request.user.has_perm("claims.publish_claim"):
            kwargs["choices"] = Status.contributor_choices()
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def change_note(self, request, obj, form):
        kind, reason = super().change_note(request, obj, form)
        was = Claim.objects.filter(pk=obj.pk).values_list("status", flat=True).first() if obj.pk else None
        if obj.status != was and obj.status == Status.PUBLISHED and was not in PUBLIC_STATUSES:
            return ChangeKind.PUBLISHED, reason
        if obj.status != was and obj.status == Status.WITHDRAWN:
            return ChangeKind.WITHDRAWN, reason or obj.withdrawn_reason
        return kind, reason

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and not form.cleaned_data.get("not_a_duplicate"):  # not after the editor has checked
            self.warn_if_seen(request, obj)

    def before_inline_save(self, request, instance, changed_fields):
        if isinstance(instance, Review) and (changed_fields is None or set(changed_fields) & set(Review.RATING_FIELDS)):
            instance.submit_verdict(request.user)

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
class ReviewAdmin(ClaimPartAdmin):
    list_display = ["claim", "reviewer", "rating_label", "verdict", "published", "language", "awaiting_sign_off"]
    list_filter = ["awaiting_sign_off", "verdict", "language"]
    readonly_fields = ["sign_off_state"]
    actions = ["sign_off"]

    @admin.display(description="sign-off")
    def sign_off_state(self, review):
        return sign_off_state(review)

    def save_model(self, request, obj, form, change):
        if not change or set(form.changed_data) & set(Review.RATING_FIELDS):
            obj.submit_verdict(request.user)
        super().save_model(request, obj, form, change)

    def has_sign_off_permission(self, request):
        return request.user.has_perm("claims.sign_off_review")

    @admin.action(description="Sign off the selected verdicts (makes them public)", permissions=["sign_off"])
    def sign_off(self, request, queryset):
        signed, refused = 0, []
        for review in queryset.select_related("claim", "reviewer"):
            try:
                review.sign_off(request.user)
            except ValidationError as error:
                refused.append(f"{review}: {' '.join(error.messages)}")
            else:
                signed += 1
        if signed:
            self.message_user(request, f"Signed off {signed} verdict{'s' if signed != 1 else ''}.", messages.SUCCESS)
        for message in refused:
            self.message_user(request, f"Not signed off: {message}", messages.ERROR)
    search_fields = ["claim__text", "reviewer__name", "rating_label", "url", "title"]
    autocomplete_fields = ["claim", "reviewer"]
    list_select_related = ["claim", "reviewer"]


@admin.register(Remark)
class RemarkAdmin(ClaimPartAdmin):
    """A remark and the sources that report it."""

    form = RemarkForm
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
class ReportAdmin(ClaimPartAdmin):
    """A source's report of a remark."""

    list_display = ["source", "remark", "locator", "is_direct_quote"]
    list_filter = ["is_direct_quote"]
    search_fields = ["quote", "source__title", "remark__speaker__name", "remark__claim__text"]
    autocomplete_fields = ["remark", "source"]
    list_select_related = ["source", "remark__speaker", "remark__claim"]

    def claim_ids(self, obj):
        return [obj.remark.claim_id] if obj.remark_id else []


@admin.register(Family)
class FamilyAdmin(EditorialAdmin):
    form = FamilyForm
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Evidence)
class EvidenceAdmin(ClaimPartAdmin):
    list_display = ["claim", "source", "kind", "strength"]
    list_filter = ["kind", "strength"]
    search_fields = ["excerpt", "claim__text", "source__title"]
    autocomplete_fields = ["claim", "source"]
    list_select_related = ["claim", "source"]


@admin.register(Rebuttal)
class RebuttalAdmin(ClaimPartAdmin):
    def claim_ids(self, obj):
        return [obj.rebutted_id, obj.counterclaim_id]

    list_display = ["counterclaim", "rebutted"]
    search_fields = ["counterclaim__text", "rebutted__text", "note"]
    autocomplete_fields = ["counterclaim", "rebutted"]
    list_select_related = ["counterclaim", "rebutted"]


@admin.register(Topic)
class TopicAdmin(EditorialAdmin):
    form = TopicForm
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Technique)
class TechniqueAdmin(EditorialAdmin):
    form = TechniqueForm
    list_display = ["name", "slug"]
    search_fields = ["name", "definition"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FramingTerm)
class FramingTermAdmin(EditorialAdmin):
    form = FramingTermForm
    list_display = ["term", "original_script", "pinyin", "plain_term", "first_used_display"]
    search_fields = ["term", "original_script", "pinyin", "plain_term", "explanation"]
    prepopulated_fields = {"slug": ["term"]}

    @admin.display(description="first used", ordering="first_used")
    def first_used_display(self, term):
        return term.first_used_display


@admin.register(KeyEvent)
class KeyEventAdmin(EditorialAdmin):
    list_display = ["title", "kind", "date_display", "source"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source"]
    list_select_related = ["source"]

    @admin.display(description="date", ordering="date")
    def date_display(self, event):
        return event.date_display
