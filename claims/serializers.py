"""JSON shapes of claims and their vocabularies for the read-only API (claims/api.py)."""
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources.serializers import (
    ActorRefSerializer, ActorSerializer, SourceRefSerializer, SourceSerializer, optional_url,
)
from tracker.dates import partial_date_iso

from .models import Appearance, Claim, Evidence, FramingTerm, Rebuttal, Remark, Review, Technique, Topic, Verdict

PARTIAL_DATE_HELP = "Partial ISO date at its known precision: YYYY, YYYY-MM or YYYY-MM-DD; null when unknown."


class HtmlUrlMixin(serializers.Serializer):
    html_url = serializers.SerializerMethodField(help_text="The page for people.")

    def get_html_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class ClaimRefSerializer(serializers.ModelSerializer):
    """A claim named from another object."""

    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail", lookup_field="slug")
    verdict = serializers.CharField(read_only=True, help_text="Our own verdict; empty if we have not rated it.")

    class Meta:
        model = Claim
        fields = ["slug", "text", "verdict", "url"]


# ---------------------------------------------------------------- vocabularies

class TopicSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail", lookup_field="slug")

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "url", "html_url"]


class TechniqueSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:technique-detail", lookup_field="slug")

    class Meta:
        model = Technique
        fields = ["slug", "name", "definition", "example", "url", "html_url"]


class FramingTermSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:framingterm-detail", lookup_field="slug")
    first_used = serializers.SerializerMethodField(help_text=PARTIAL_DATE_HELP)

    class Meta:
        model = FramingTerm
        fields = [
            "slug", "term", "original_script", "original_language", "pinyin", "plain_term", "explanation", "first_used",
            "first_used_basis", "url", "html_url",
        ]

    def get_first_used(self, obj) -> str | None:
        return partial_date_iso(obj.first_used, obj.first_used_precision)


def with_claims(serializer_class):
    """The detail form of a vocabulary serializer: the same fields plus the claims filed under it."""

    class Detail(serializer_class):
        claims = ClaimRefSerializer(many=True, read_only=True)

        class Meta(serializer_class.Meta):
            fields = [*serializer_class.Meta.fields, "claims"]

    Detail.__name__ = Detail.__qualname__ = serializer_class.__name__.replace("Serializer", "DetailSerializer")
    return Detail


TopicDetailSerializer = with_claims(TopicSerializer)
TechniqueDetailSerializer = with_claims(TechniqueSerializer)
FramingTermDetailSerializer = with_claims(FramingTermSerializer)


class ActorDetailSerializer(ActorSerializer):
    claims = serializers.SerializerMethodField(help_text="Claims this actor asserted, by text.")

    class Meta(ActorSerializer.Meta):
        fields = [*ActorSerializer.Meta.fields, "claims"]

    @extend_schema_field(ClaimRefSerializer(many=True))
    def get_claims(self, obj):
        claims = {r.claim.pk: r.claim for r in obj.remarks.all()}
        ordered = sorted(claims.values(), key=lambda c: c.text)
        return ClaimRefSerializer(ordered, many=True, context=self.context).data


class SourceDetailSerializer(SourceSerializer):
    claims_said = serializers.SerializerMethodField(help_text="Claims whose remarks this source reports.")
    claims_backed = serializers.SerializerMethodField(help_text="Claims this source is evidence for.")

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "claims_said", "claims_backed"]

    @extend_schema_field(ClaimRefSerializer(many=True))
    def get_claims_said(self, obj):
        return self._claims(a.remark for a in obj.appearances.all())

    @extend_schema_field(ClaimRefSerializer(many=True))
    def get_claims_backed(self, obj):
        return self._claims(obj.evidence.all())

    def _claims(self, rows):
        claims = sorted({row.claim.pk: row.claim for row in rows}.values(), key=lambda c: c.text)
        return ClaimRefSerializer(claims, many=True, context=self.context).data


# ---------------------------------------------------------------- claims

class ReviewSerializer(serializers.ModelSerializer):
    """One organisation's review: its rating as published, and where that falls on our scale."""

    reviewer = ActorRefSerializer(read_only=True)
    url = optional_url(help_text="Where the review is published; empty for ours (the claim's page is the review).")
    rating = serializers.SerializerMethodField(help_text="The rating as published: label, value, best, worst.")
    verdict_label = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["reviewer", "url", "title", "published", "modified", "language", "rating", "verdict",
                  "verdict_label", "explanation"]

    def get_rating(self, obj) -> dict:
        return {"label": obj.rating_label, "value": obj.rating_value, "best": obj.rating_best, "worst": obj.rating_worst}

    def get_verdict_label(self, obj) -> str:
        return Verdict(obj.verdict).label if obj.verdict else ""


class ClaimSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    """A claim in a list: what it says, how it was rated, when it was said, how much answers it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail", lookup_field="slug")
    verdict = serializers.ChoiceField(
        choices=Verdict.choices, read_only=True, allow_blank=True,
        help_text="Our own verdict (a review by us); empty if we have not rated it. Every review is under `reviews`.",
    )
    reviewed_on = serializers.DateField(read_only=True, allow_null=True, help_text="When we published our verdict.")
    reviews = ReviewSerializer(
        source="review_list", many=True, read_only=True,
        help_text="Every review of the claim, by us and by other fact-checkers: ours first, then the latest first.",
    )
    verdict_label = serializers.SerializerMethodField()
    rating_value = serializers.SerializerMethodField(
        help_text="The verdict's position on the scale, 1 (false) to 5 (accurate), as in ClaimReview; null if unrated."
    )
    first_seen = serializers.SerializerMethodField(help_text=PARTIAL_DATE_HELP)
    last_seen = serializers.SerializerMethodField(help_text=PARTIAL_DATE_HELP)
    remark_count = serializers.IntegerField(read_only=True, help_text="How many times it was said (remarks).")
    appearance_count = serializers.IntegerField(
        read_only=True, help_text="How many times sources printed it (reports of its remarks)."
    )
    family = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True,
        help_text="The talking-point family it is one wording of (its page: /families/<slug>/), or null.",
    )
    rebuttal_count = serializers.IntegerField(read_only=True, help_text="How many claims rebut this one.")
    rebuts_count = serializers.IntegerField(read_only=True, help_text="How many claims this one rebuts.")
    evidence_count = serializers.IntegerField(read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    techniques = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    published = serializers.DateTimeField(source="published_at", read_only=True, help_text="When it was published.")
    updated = serializers.DateTimeField(
        read_only=True, source="updated_for_readers",
        help_text="Its last correction, update or clarification (see its history page); else when it was published.",
    )

    class Meta:
        model = Claim
        fields = [
            "slug", "text", "verdict", "verdict_label", "rating_value", "reviewed_on", "first_seen", "last_seen",
            "reviews", "remark_count", "appearance_count", "rebuttal_count", "rebuts_count", "evidence_count", "family",
            "topics", "techniques", "published", "updated", "url", "html_url",
        ]

    def get_verdict_label(self, obj) -> str:
        return Verdict(obj.verdict).label if obj.verdict else ""

    def get_rating_value(self, obj) -> int | None:
        return obj.verdict_rating

    def get_first_seen(self, obj) -> str | None:
        return partial_date_iso(obj.first_seen, obj.first_seen_precision)

    def get_last_seen(self, obj) -> str | None:
        return partial_date_iso(obj.last_seen, obj.last_seen_precision)


class ReportSerializer(serializers.ModelSerializer):
    """A source that prints the remark, and the words as it prints them."""

    source = SourceRefSerializer(read_only=True)

    class Meta:
        model = Appearance
        fields = ["source", "locator", "quote", "is_direct_quote"]


class RemarkSerializer(serializers.ModelSerializer):
    """One time the claim was said: who, when, where, in which words; and every source that reports it."""

    speaker = ActorRefSerializer(read_only=True)
    date = serializers.CharField(source="date_iso", read_only=True, allow_null=True, help_text=PARTIAL_DATE_HELP)
    record_url = optional_url(help_text="The primary record (transcript, video, the speaker's own post), if known.")
    reports = ReportSerializer(many=True, read_only=True)

    class Meta:
        model = Remark
        fields = ["speaker", "date", "date_basis", "venue", "words", "original_words", "original_language",
                  "record_url", "reports"]


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)

    class Meta:
        model = Evidence
        fields = ["source", "excerpt", "locator", "kind", "strength", "note"]


class RebutsSerializer(serializers.ModelSerializer):
    claim = ClaimRefSerializer(source="rebutted", read_only=True)

    class Meta:
        model = Rebuttal
        fields = ["claim", "note"]


class RebuttedBySerializer(serializers.ModelSerializer):
    claim = ClaimRefSerializer(source="counterclaim", read_only=True)

    class Meta:
        model = Rebuttal
        fields = ["claim", "note"]


class ClaimDetailSerializer(ClaimSerializer):
    """One claim with everything around it: where it was said, what backs it, what it answers and what answers it."""

    framing_terms = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    remarks = RemarkSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    rebuts = RebutsSerializer(many=True, read_only=True, help_text="The claims this one rebuts.")
    rebutted_by = RebuttedBySerializer(source="rebuttals", many=True, read_only=True, help_text="The claims that rebut this one.")
    claimreview = serializers.SerializerMethodField(help_text="schema.org ClaimReview (JSON-LD), when reviewed.")
    verdict_explanation = serializers.SerializerMethodField(help_text="Why we rated it so; empty if we have not.")

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields, "context", "verdict_explanation", "framing_terms",
            "remarks", "evidence", "rebuts", "rebutted_by", "claimreview",
        ]

    def get_verdict_explanation(self, obj) -> str:
        return obj.our_review.explanation if obj.our_review else ""

    def get_claimreview(self, obj) -> str | None:
        if not obj.verdict:
            return None
        return self.context["request"].build_absolute_uri(reverse("exports:claimreview", args=[obj.slug]))


__all__ = [
    "ActorDetailSerializer", "ActorSerializer", "ClaimDetailSerializer", "ClaimSerializer",
    "FramingTermDetailSerializer", "FramingTermSerializer", "SourceDetailSerializer", "SourceSerializer",
    "TechniqueDetailSerializer", "TechniqueSerializer", "TopicDetailSerializer", "TopicSerializer",
]
