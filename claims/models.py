"""What is argued: claims, where they were said, what rebuts them and what backs them."""
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import (
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone

from sources.models import Actor, ActorKind, Source
from tracker.dates import (
    DatePrecision,
    display_partial_date,
    partial_date_constraints,
    partial_date_errors,
    partial_date_iso,
)
from tracker.history import ChangeKind, history, mark_change
from tracker.languages import Language
from tracker.models_utils import choices_constraint
from tracker.validators import HttpURLValidator, http_url_condition

from . import spans
from .search import HIGHLIGHT_START, HIGHLIGHT_STOP, SEARCH_CONFIG, search_document, search_query


class Status(models.TextChoices):
    """Where a claim stands in the editorial workflow; only published claims (and what hangs off them) are public."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @classmethod
    def contributor_choices(cls):
        """What a contributor may set: a claim stays unpublished until an editor publishes it."""
        return [(cls.DRAFT, cls.DRAFT.label), (cls.IN_REVIEW, cls.IN_REVIEW.label)]


class LabelQuerySet(models.QuerySet):
    """Topics and techniques: labels on claims."""

    def with_claim_counts(self):
        """`claim_count`: how many published claims carry the label."""
        return self.annotate(claim_count=models.Count("claims", filter=Q(claims__status=Status.PUBLISHED)))


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = history()

    objects = LabelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:topic-detail", args=[self.slug])


class Technique(models.Model):
    """A propaganda technique from the SemEval-2020 Task 11 taxonomy."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    definition = models.TextField()
    example = models.TextField(blank=True, help_text="A short textbook example of the technique.")

    history = history()

    objects = LabelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:technique-detail", args=[self.slug])


class FramingTerm(models.Model):
    """An official term (often a euphemism) and the plain words critics use for the same thing."""

    term = models.CharField(max_length=200, unique=True, help_text="The official term, in English.")
    slug = models.SlugField(max_length=200, unique=True)
    original_script = models.CharField(max_length=200, blank=True, help_text="The term in its original script.")
    original_language = models.CharField(max_length=8, choices=Language.choices, blank=True)
    pinyin = models.CharField(
        max_length=200, blank=True, default="", db_default="",
        help_text="How a Chinese term is read, in Hanyu Pinyin with tone marks: “yīng shōu jìn shōu”.",
    )
    plain_term = models.CharField(max_length=200, help_text="What critics call the same thing.")
    explanation = models.TextField()
    first_used = models.DateField(null=True, blank=True)
    first_used_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    first_used_basis = models.TextField(blank=True, help_text="Where the first-use date comes from.")
    search_document = models.GeneratedField(
        expression=search_document(("term", "A"), ("plain_term", "A"), ("explanation", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = history()

    class Meta:
        ordering = ["term"]
        indexes = [GinIndex(fields=["search_document"], name="framingterm_search_gin")]
        constraints = [
            choices_constraint("original_language", Language, "framingterm_language_valid", allow_blank=True),
            models.CheckConstraint(
                condition=Q(original_script="") | ~Q(original_language=""),
                name="framingterm_original_script_has_language",
            ),
            # Pinyin reads Chinese characters: only a term given in Chinese has one.
            models.CheckConstraint(
                condition=Q(pinyin="") | (Q(original_language=Language.CHINESE) & ~Q(original_script="")),
                name="framingterm_pinyin_reads_chinese",
            ),
            *partial_date_constraints("first_used", "first_used_precision", "framingterm"),
        ]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("claims:glossary-term", args=[self.slug])

    def clean(self):
        # Meta.constraints in words, on the field to fix, before the database sees them.
        errors = partial_date_errors("first_used", self.first_used, self.first_used_precision)
        if self.original_script and not self.original_language:
            errors["original_language"] = "Say which language the original script is in."
        if self.pinyin and not (self.original_language == Language.CHINESE and self.original_script):
            errors["pinyin"] = "Pinyin reads Chinese characters: give the term in Chinese (and its language), or clear it."
        if errors:
            raise ValidationError(errors)

    @property
    def first_used_display(self):
        return display_partial_date(self.first_used, self.first_used_precision)

    @property
    def first_used_iso(self):
        return partial_date_iso(self.first_used, self.first_used_precision)


class Verdict(models.TextChoices):
    """Our rating scale, from least to most accurate. ClaimReview ratingValue is the position (1-5)."""

    FALSE = "false", "False"
    MISLEADING = "misleading", "Misleading"
    UNSUPPORTED = "unsupported", "Unsupported"
    SUPPORTED = "supported", "Supported"
    ACCURATE = "accurate", "Accurate"

    @classmethod
    def rating_value(cls, verdict):
        return cls.values.index(verdict) + 1


VERDICT_DESCRIPTIONS = {
    Verdict.FALSE: "The record contradicts it.",
    Verdict.MISLEADING: "Contains some truth but leaves a false impression (omission, euphemism, false comparison).",
    Verdict.UNSUPPORTED: "Asserted without evidence that can be checked.",
    Verdict.SUPPORTED: "Backed by credible evidence, though not every detail is independently verified.",
    Verdict.ACCURATE: "Established by documents, official records or multiple independent sources.",
}


class ClaimRole(models.TextChoices):
    """What a claim is, derived from its rebuttal links (never stored); ClaimQuerySet.role_q() says how.

    The one place for role labels, badge classes and timeline lanes: each role has its
    own lane on the dataset timeline, the official side (talking points, and replies
    defending them) above the counterclaims.
    """

    TALKING_POINT = "talking-point", "Talking point"
    COUNTERCLAIM = "counterclaim", "Counterclaim"
    REPLY = "reply", "Reply to a counterclaim"

    @property
    def css(self):
        return {"talking-point": "role-talking", "counterclaim": "role-counter", "reply": "role-reply"}[self.value]

    @property
    def plural(self):
        return {"talking-point": "Talking points", "counterclaim": "Counterclaims",
                "reply": "Replies to counterclaims"}[self.value]

    @property
    def side(self):
        """The css class of this role's side: the official one (talking points, replies) or the counter side."""
        return "counter-side" if self is ClaimRole.COUNTERCLAIM else "claim-side"

    @property
    def lane_css(self):
        """The css class of this role's lane on the dataset timeline."""
        return {"talking-point": "claim-side", "counterclaim": "counter-side", "reply": "reply-side"}[self.value]

    @property
    def lane(self):
        """This role's lane on the dataset timeline, counted from the top (ClaimRole.lanes() order)."""
        return ClaimRole.timeline_order().index(self)

    @classmethod
    def timeline_order(cls):
        """The roles top to bottom: the official line, the replies defending it, then what answers it."""
        return [cls.TALKING_POINT, cls.REPLY, cls.COUNTERCLAIM]

    @classmethod
    def lanes(cls):
        """(label, css class) of each role's lane on the dataset timeline, in lane order."""
        return [(role.plural, role.lane_css) for role in cls.timeline_order()]


# A search ranks at most this many claims (ClaimQuerySet.search_candidates). At 100,000 claims a common word matches
# tens of thousands, and ranking each by its quotes too took seconds; the list says when there were more.
SEARCH_CANDIDATES = 1000


class ClaimQuerySet(models.QuerySet):
    # One definition of each predicate, as a Q (for filters and facet counts) and as a method.

    search_capped = False  # set by search(): more claims matched than it ranks

    def _clone(self):
        clone = super()._clone()
        clone.search_capped = self.search_capped
        return clone

    def public_q(self, prefix=""):
        """Published: what the public may read. `prefix` reaches the claim from another model ("claim__")."""
        return Q(**{f"{prefix}status": Status.PUBLISHED})

    def public(self):
        """Published claims only: every public page, count, feed and export starts here."""
        return self.filter(self.public_q())

    def role_q(self, role):
        """Has this ClaimRole (kept in `role` by the database: see claims/stats.py)."""
        return Q(role=role)

    def evidence_q(self):
        """Backed by at least one piece of evidence."""
        return Q(evidence_count__gt=0)

    def talking_points(self):
        """Claims that rebut nothing: the official line."""
        return self.filter(self.role_q(ClaimRole.TALKING_POINT))

    def of_role(self, role):
        return self.filter(self.role_q(role))

    def reviewed_q(self, **review_conditions):
        """Has a public review (by anyone) meeting `review_conditions`, e.g. verdict="false"."""
        return Q(Exists(Review.objects.signed_off().filter(claim=OuterRef("pk"), **review_conditions)))

    def verdict_q(self, verdict):
        """Has a review, by anyone, whose verdict on our scale is `verdict`."""
        return self.reviewed_q(verdict=verdict)

    def reviewed_by_q(self, reviewers):
        """Reviewed by any of `reviewers` (actors or a queryset of them)."""
        return self.reviewed_q(reviewer__in=reviewers)

    def rated_q(self, label):
        """Has a review whose original rating label is `label` (as published, case-insensitive)."""
        return self.reviewed_q(rating_label__iexact=label)

    def reviewed(self):
        """Claims with at least one review, by anyone."""
        return self.filter(self.reviewed_q())

    def with_reviews(self):
        """Prefetch every public review with its reviewer (what a claim's verdict line reads), in one query."""
        return self.prefetch_related(Prefetch("reviews", queryset=Review.objects.signed_off().for_page()))

    def for_list(self):
        """What a list of claims shows, in a fixed number of queries."""
        return self.with_reviews().prefetch_related("topics", "techniques")

    def for_detail(self):
        """A claim with everything its comparison page shows about the claim itself (not its replies)."""
        return self.with_reviews().prefetch_related(
            "topics",
            Prefetch("technique_links", queryset=ClaimTechnique.objects.for_page()),
            "framing_terms",
            Prefetch("remarks", queryset=Remark.objects.for_page()[:REMARKS_SHOWN], to_attr="remarks_shown"),
            "remarks_shown__reports__source__authors",  # ClaimReview credits each report to its authors
            Prefetch("evidence", queryset=Evidence.objects.for_citation()),
            Prefetch("rebuts", queryset=Rebuttal.objects.filter(Claim.objects.public_q("rebutted__")).select_related("rebutted")),
        ).select_related("family")

    def most_rebutted_talking_points(self):
        """Talking points that draw the most counterclaims, most first."""
        return self.talking_points().with_reviews().filter(rebuttal_count__gt=0).order_by("-rebuttal_count", "text")

    def newest_first(self):
        """The most recently published claims first."""
        return self.order_by(F("published_at").desc(nulls_last=True), "-pk")

    def search(self, text, limit=SEARCH_CANDIDATES, memo=None):
        """Claims whose text, context or any report's quote matches `text`, at most `limit` of them (None: all).

        PostgreSQL: web-search syntax over the stored, GIN-indexed search
        documents, with the synonym list applied (claims.search.search_query), ranked (`rank`), with the matches marked in `text_headline`
        and `quote_headline` between HIGHLIGHT_START and HIGHLIGHT_STOP. With a `limit`, the claims ranked are
        search_candidates(): `search_capped` on the result says more matched. `memo` (a dict) keeps the candidates
        of each narrowing for a request's other queries (the facets narrow the same way).
        """
        query = search_query(text)
        matching_quotes = Appearance.objects.filter(remark__claim=OuterRef("pk"), search_document=query).annotate(
            rank=SearchRank(F("search_document"), query)
        ).order_by("-rank", "pk")
        if limit is None:
            # One id list from both GIN indexes: "text matches OR EXISTS(a quote matches)" would make
            # PostgreSQL scan every claim, since an OR with a subplan cannot use claim_search_gin.
            # No order inside: Meta.ordering would sort each half (or walk a date index instead of the GIN one).
            matching_ids = Claim.objects.filter(search_document=query).order_by().values("pk").union(
                Remark.objects.filter(pk__in=Appearance.objects.filter(search_document=query).values("remark_id"))
                .order_by().values("claim_id")
            )
            capped = False
        else:
            matching_ids, capped = self.search_candidates(query, limit, memo)
        found = self.filter(pk__in=matching_ids).annotate(
            rank=SearchRank(F("search_document"), query)
            + Coalesce(Subquery(matching_quotes.values("rank")[:1]), Value(0.0)),
            text_headline=SearchHeadline(
                "text", query, config=SEARCH_CONFIG, start_sel=HIGHLIGHT_START, stop_sel=HIGHLIGHT_STOP,
                highlight_all=True,
            ),
            quote_headline=Subquery(
                matching_quotes.annotate(
                    headline=SearchHeadline(
                        "quote", query, config=SEARCH_CONFIG, start_sel=HIGHLIGHT_START, stop_sel=HIGHLIGHT_STOP,
                        max_words=35, min_words=15,
                    )
                ).values("headline")[:1]
            ),
        )
        found.search_capped = capped
        return found

    def search_candidates(self, query, limit, memo=None):
        """([claim id], capped): the claims among these that `query` (a SearchQuery) ranks, at most `limit`.

        First the claims whose own text or context match, best match first (their rank without quotes: one
        pass over the GIN index's hits, no quote read); only when there are no more than `limit` of them, then
        the claims just a quote of which matches, best quote first. `capped`: more than `limit` matched. One
        query: the quotes' half runs only when the first leaves room (a one-time filter).
        """
        sql, params = self.search_candidates_sql(query, limit)
        key = (sql, repr(params))
        if memo is not None and key in memo:
            return memo[key]
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        found = (ids[:limit], len(ids) > limit)
        if memo is not None:
            memo[key] = found
        return found

    def search_candidates_sql(self, query, limit):
        """(sql, params) of search_candidates(): up to `limit` + 1 claim ids, in their order."""
        base = self.order_by()
        own = (base.filter(search_document=query).annotate(own_rank=SearchRank(F("search_document"), query))
               .order_by(F("own_rank").desc(), "text").values_list("pk")[:limit + 1])
        quoted = (Appearance.objects.filter(search_document=query,
                                            remark__claim__in=base.exclude(search_document=query).values("pk"))
                  .values(quoted_claim=F("remark__claim_id"))
                  .annotate(quote_rank=Max(SearchRank(F("search_document"), query)),
                            claim_text=Min("remark__claim__text"))
                  .order_by(F("quote_rank").desc(), "claim_text", "quoted_claim").values_list("quoted_claim")[:limit + 1])
        own_sql, own_params = own.query.sql_with_params()
        quoted_sql, quoted_params = quoted.query.sql_with_params()
        # PostgreSQL's Append returns its parts in turn, each in its own order: the claims' own matches first.
        sql = (f"WITH own AS MATERIALIZED ({own_sql}) SELECT * FROM own UNION ALL "
               f"SELECT * FROM ({quoted_sql}) AS quoted WHERE (SELECT count(*) FROM own) <= %s")
        return sql, (*own_params, *quoted_params, limit)


class Family(models.Model):
    """A talking point's family: the variants (claims) in which one line is worded over the years."""

    name = models.CharField(max_length=200, unique=True, help_text='What the line is called, e.g. "vocational training".')
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    history = history()

    class Meta:
        ordering = ["name"]
        verbose_name = "talking-point family"
        verbose_name_plural = "talking-point families"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:family-detail", args=[self.slug])


class Claim(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    text = models.CharField(max_length=500, help_text="The proposition, short and in neutral wording.")
    context = models.TextField(blank=True, help_text="Background a reader needs to understand the claim.")
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    techniques = models.ManyToManyField(Technique, blank=True, related_name="claims", through="ClaimTechnique")
    framing_terms = models.ManyToManyField(FramingTerm, blank=True, related_name="claims")
    family = models.ForeignKey(
        Family, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims",
        help_text="The talking point this claim is one wording of.",
    )
    search_document = models.GeneratedField(
        expression=search_document(("text", "A"), ("context", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # The editorial workflow (claims/admin.py): drafted, reviewed, published, maybe withdrawn; never deleted.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False, help_text="When it was first published.")
    last_updated = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="The last correction, update or clarification of the claim or anything on its page.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, db_default="", help_text="Why the claim was withdrawn; shown to readers.")

    history = history(excluded_fields=[
        "role", "remark_count", "appearance_count", "rebuttal_count", "rebuts_count", "evidence_count",
        "first_seen", "first_seen_precision", "last_seen", "last_seen_precision",
    ])

    # Derived from the claim's links, kept by the database itself (claims/stats.py), so lists can sort
    # and count by them at any size and nothing that writes rows (bulk, COPY, the admin) can forget them.
    role = models.CharField(max_length=16, choices=ClaimRole.choices, default=ClaimRole.TALKING_POINT,
                            editable=False, db_default=ClaimRole.TALKING_POINT)
    remark_count = models.PositiveIntegerField(default=0, db_default=0, editable=False,
                                               help_text="How many times it was said (remarks).")
    appearance_count = models.PositiveIntegerField(default=0, db_default=0, editable=False,
                                                   help_text="How many times sources printed it (reports).")
    rebuttal_count = models.PositiveIntegerField(default=0, db_default=0, editable=False,
                                                 help_text="How many claims rebut this one.")
    rebuts_count = models.PositiveIntegerField(default=0, db_default=0, editable=False,
                                               help_text="How many claims this one rebuts.")
    evidence_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    first_seen = models.DateField(null=True, editable=False)
    first_seen_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True, default="",
                                            db_default="", editable=False)
    last_seen = models.DateField(null=True, editable=False)
    last_seen_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True, default="",
                                           db_default="", editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["text"]
        indexes = [
            GinIndex(fields=["search_document"], name="claim_search_gin"),
            # The list's sort orders, so a page of the most rebutted claims is an index scan.
            models.Index(F("rebuttal_count").desc(), "text", name="claim_most_rebutted"),
            models.Index(F("remark_count").desc(), "text", name="claim_most_remarks"),
            models.Index(F("appearance_count").desc(), "text", name="claim_most_appearances"),
            models.Index(F("first_seen").asc(nulls_last=True), "text", name="claim_first_seen"),
            models.Index(F("last_seen").desc(nulls_last=True), "text", name="claim_last_seen"),
            models.Index("role", name="claim_role"),
            models.Index(F("published_at").desc(nulls_last=True), F("id").desc(), name="claim_newest_published"),
            # Trigram similarity on the claim's words: "Did you mean" and "Have we seen this claim?".
            GinIndex(fields=["text"], opclasses=["gin_trgm_ops"], name="claim_text_trgm"),
            # Every public count joins through "published claims": from this index alone (2 MB at 100,000 claims)
            # instead of the whole table (141 MB). Counting them takes 13 ms instead of 111 ms.
            models.Index("id", condition=Q(status="published"), name="claim_published_id"),
        ]
        permissions = [("publish_claim", "Can publish, correct and withdraw claims")]
        constraints = [
            choices_constraint("role", ClaimRole, "claim_role_valid"),
            choices_constraint("status", Status, "claim_status_valid"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=False) | Q(status__in=[Status.DRAFT, Status.IN_REVIEW]),
                name="claim_published_has_date",
                violation_error_message="A published or withdrawn claim needs the date it was published.",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.WITHDRAWN) | (Q(withdrawn_at__isnull=False) & ~Q(withdrawn_reason="")),
                name="claim_withdrawn_has_reason_and_date",
                violation_error_message="Say why the claim is withdrawn: readers of its page are shown the reason.",
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        # Meta.constraints in words, on the field to fix; the dates are set when an editor publishes or withdraws.
        if self.status == Status.WITHDRAWN and not self.withdrawn_reason.strip():
            raise ValidationError({"withdrawn_reason": "Say why the claim is withdrawn: readers of its page are "
                                                       "shown the reason."})
        if self.status in (Status.PUBLISHED, Status.WITHDRAWN) and self.published_at is None:
            raise ValidationError({"status": "Publish the claim from its admin page, which dates the publication."})

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED

    @property
    def updated_for_readers(self):
        """When readers last saw it change: its last public change, else its publication."""
        return self.last_updated or self.published_at

    def get_absolute_url(self):
        return reverse("claims:claim-detail", args=[self.slug])

    @property
    def remarks_not_shown(self):
        """How many of its remarks a page leaves to the claim's remarks pages: it prints `remarks_shown`
        (prefetched by for_detail() and reply_trees(), REMARKS_SHOWN at most)."""
        return self.remark_count - len(self.remarks_shown)

    @property
    def first_seen_display(self):
        return display_partial_date(self.first_seen, self.first_seen_precision)

    @property
    def first_seen_iso(self):
        return partial_date_iso(self.first_seen, self.first_seen_precision)

    # Reviews: read from `self.reviews.all()`, so prefetch them (ClaimQuerySet.with_reviews) for lists.
    @property
    def review_list(self):
        """Every review of this claim, ours first, then the latest first."""
        return sorted(self.reviews.all(), key=Review.display_order)

    @property
    def our_review(self):
        """Our own latest review of this claim, or None."""
        return next((review for review in self.review_list if review.is_ours), None)

    @property
    def headline_review(self):
        """The review a list shows beside the claim: ours when we have one, else the latest."""
        reviews = self.review_list
        return reviews[0] if reviews else None

    @property
    def verdict(self):
        """Our own verdict ("" when we have not rated it)."""
        review = self.our_review
        return review.verdict if review else ""

    @property
    def reviewed_on(self):
        review = self.our_review
        return review.published if review else None

    @property
    def verdict_rating(self):
        return Verdict.rating_value(self.verdict) if self.verdict else None

    @property
    def verdict_description(self):
        return VERDICT_DESCRIPTIONS.get(self.verdict, "")

    def get_verdict_display(self):
        return Verdict(self.verdict).label if self.verdict else ""


class ClaimTechniqueQuerySet(models.QuerySet):
    def for_page(self):
        """With the technique, in the order pages list them (by its name)."""
        return self.select_related("technique").order_by("technique__name", "pk")


class ClaimTechnique(models.Model):
    """A claim uses a technique: why, and which words carry it when specific words do.

    The words are stored as a phrase, not offsets, so editing a quote elsewhere cannot
    shift them onto other words; pages mark the phrase wherever the claim's quotes
    print it (claims.spans).
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="technique_links")
    technique = models.ForeignKey(Technique, on_delete=models.CASCADE, related_name="claim_links")
    rationale = models.CharField(
        max_length=300, blank=True, default="", db_default="",
        help_text="One line: why the claim is this technique.",
    )
    phrase = models.CharField(
        max_length=300, blank=True, default="", db_default="",
        help_text="The words that carry the technique, exactly as one of the claim's quotes prints them "
                  "(capital letters aside); empty when no words in particular do.",
    )

    history = history()

    objects = ClaimTechniqueQuerySet.as_manager()

    class Meta:
        db_table = "claims_claim_techniques"  # the table the plain many-to-many had: its links are kept
        ordering = ["claim", "technique"]
        verbose_name = "technique used"
        verbose_name_plural = "techniques used"
        constraints = [
            models.UniqueConstraint(fields=["claim", "technique"], name="claimtechnique_pair_unique"),
            # A marked phrase says why: a highlight with no reason would only accuse.
            models.CheckConstraint(condition=Q(phrase="") | ~Q(rationale=""), name="claimtechnique_phrase_has_rationale"),
        ]

    def __str__(self):
        return f"{self.claim}: {self.technique}"

    def get_absolute_url(self):
        return self.claim.get_absolute_url() + f"#techniques-h-{self.claim.slug}"

    def clean(self, quotes=None):
        """`quotes`: the claim's saved quotes (remarks' words, reports' quotes), when the caller already read them
        (an import reads a batch of claims' at once); else they are read here."""
        self.phrase = " ".join(self.phrase.split())
        self.rationale = " ".join(self.rationale.split())
        if self.phrase and not self.rationale:
            raise ValidationError({"rationale": "Say in one line why these words are this technique."})
        if self.phrase and (quotes is not None or self.claim_id):
            if quotes is None:
                remarks = self.claim.remarks.all()
                quotes = [*remarks.exclude(words="").values_list("words", flat=True),
                          *Appearance.objects.filter(remark__in=remarks).values_list("quote", flat=True)]
            if not any(spans.occurrences(self.phrase, quote) for quote in quotes):
                raise ValidationError({"phrase": (
                    f"“{self.phrase}” is not in any of this claim's saved quotes. Copy the words exactly as a quote "
                    "prints them (capital letters may differ), save the quote first if it is new, or leave this "
                    "empty when no words in particular carry the technique."
                )})

    def unique_error_message(self, model_class, unique_check):
        if set(unique_check) == {"claim", "technique"}:  # claimtechnique_pair_unique
            return ValidationError("This claim already uses that technique: add the words to that line instead.",
                                   code="unique_together")
        return super().unique_error_message(model_class, unique_check)


class RemarkQuerySet(models.QuerySet):
    def public(self):
        """Remarks of published claims."""
        return self.filter(Claim.objects.public_q("claim__"))

    def for_page(self):
        """What a remark shows: its speaker (and whom they speak for), and every report with its source and
        publisher, in two queries for any number of remarks."""
        return self.select_related("speaker", "speaker__affiliation").prefetch_related(
            Prefetch("reports", queryset=Appearance.objects.for_page())
        )

    def chronological(self):
        """Dated remarks first, earliest first; undated last."""
        return self.order_by(F("date").asc(nulls_last=True), "pk")

    def before(self, remark):
        """Those that come before `remark` in chronological() order."""
        if remark.date is None:
            return self.filter(Q(date__isnull=False) | Q(pk__lt=remark.pk))
        return self.filter(Q(date__lt=remark.date) | Q(date=remark.date, pk__lt=remark.pk))

    def dated(self):
        return self.filter(date__isnull=False)

    def of_family(self, family):
        """The remarks of every variant of a talking-point family."""
        return self.filter(claim__family=family)

    def said_for(self, claims, organisations):
        """{claim pk: [(organisation name, [speaker names])]}: who said each of `claims` for one of
        `organisations` (their spokespeople, Actor.affiliation), A-Z. One query."""
        rows = (self.filter(claim__in=claims, speaker__affiliation__in=organisations)
                .values_list("claim_id", "speaker__affiliation__name", "speaker__name").distinct()
                .order_by("claim_id", "speaker__affiliation__name", "speaker__name"))
        found = {}
        for claim_id, organisation, speaker in rows:
            found.setdefault(claim_id, {}).setdefault(organisation, []).append(speaker)
        return {claim_id: list(by_organisation.items()) for claim_id, by_organisation in found.items()}


class Remark(models.Model):
    """One utterance: someone asserted the claim, on a date, at a venue, in these words.

    The sources that print it are its reports (Appearance): one remark at one press
    conference reported by three outlets is one remark with three reports, so counts
    of what was said count remarks. Speaker, date and venue live here only.
    """

    # No single-column indexes on claim or speaker: the composite indexes below start with them.
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="remarks", db_index=False)
    speaker = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="remarks", db_index=False)
    date = models.DateField(null=True, blank=True, help_text="When it was said; the first of the month or year if only that is known.")
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    date_basis = models.TextField(blank=True, help_text="How the date is known, when no report prints it.")
    venue = models.CharField(max_length=200, blank=True, help_text='Where it was said, e.g. "regular press conference".')
    words = models.TextField(
        blank=True,
        help_text="The words as said (in English): the primary record's, else the fullest direct quote among the "
                  "reports. Blank when every report only paraphrases.",
    )
    original_words = models.TextField(blank=True, help_text="The words in the original language, when known.")
    original_language = models.CharField(max_length=8, choices=Language.choices, blank=True)
    record_url = models.TextField(
        blank=True, verbose_name="primary record URL", validators=[HttpURLValidator()],
        help_text="The primary record of the remark (a transcript, a video, the speaker's own post), when known.",
    )

    history = history()

    objects = RemarkQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        indexes = [
            # A claim's remarks in date order (its page, first/last seen); the timeline; a speaker's page;
            # "said by X" (EXISTS per claim, or the claims of a speaker).
            models.Index("claim", F("date").asc(nulls_last=True), "id", name="remark_by_claim_date"),
            models.Index(F("date").asc(nulls_last=True), "id", name="remark_by_date"),
            # With the claim: "claims this speaker said between two dates" reads the index alone (a speaker with
            # 16,000 remarks: 203 ms -> 93-146 ms). ASC is NULLS LAST: undated last, as chronological() sorts.
            models.Index(fields=["speaker", "date", "id"], include=["claim"], name="remark_by_speaker_date_claim"),
            models.Index("speaker", "claim", name="remark_by_speaker_claim"),
        ]
        constraints = [
            *partial_date_constraints("date", "date_precision", "remark"),
            choices_constraint("original_language", Language, "remark_language_valid", allow_blank=True),
            models.CheckConstraint(
                condition=Q(original_words="") | ~Q(original_language=""), name="remark_original_words_have_language",
            ),
            models.CheckConstraint(condition=http_url_condition("record_url"), name="remark_record_url_http"),
        ]

    def __str__(self):
        return f"{self.speaker}, {self.date_display or 'undated'}: {self.claim}"

    def get_absolute_url(self):
        """On its claim's page when the claim prints all its remarks there; else its own address, which leads to
        the page of the claim's remarks that holds it (reads `claim`: select it with the remark)."""
        if self.claim.remark_count <= REMARKS_SHOWN:
            return self.claim.get_absolute_url() + f"#remark-{self.pk}"
        return reverse("claims:remark", args=[self.claim.slug, self.pk])

    def clean(self):
        # Meta.constraints in words, on the field to fix, before the database sees them.
        errors = partial_date_errors("date", self.date, self.date_precision)
        if self.original_words and not self.original_language:
            errors["original_language"] = "Say which language the original words are in."
        if errors:
            raise ValidationError(errors)

    @property
    def date_display(self):
        return display_partial_date(self.date, self.date_precision)

    @property
    def date_iso(self):
        return partial_date_iso(self.date, self.date_precision)

    @property
    def wording(self):
        """(the words, whether they are the speaker's own): the remark's words, else the first report's
        paraphrase. Reads `self.reports.all()`: prefetch it (RemarkQuerySet.for_page)."""
        if self.words:
            return self.words, True
        report = next(iter(self.reports.all()), None)
        return (report.quote, report.is_direct_quote) if report is not None else ("", False)


class AppearanceQuerySet(models.QuerySet):
    def public(self):
        """Reports of remarks of published claims."""
        return self.filter(Claim.objects.public_q("remark__claim__"))

    def for_page(self):
        """What a report shows under its remark: source and publisher, in the same query."""
        return self.select_related("source", "source__publisher")


class Appearance(models.Model):
    """A report of a remark: a source prints it (or reports it in its own words), at a place in the source."""

    remark = models.ForeignKey(Remark, on_delete=models.CASCADE, related_name="reports")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="appearances", help_text="Where the words are printed."
    )
    quote = models.TextField(help_text="The words exactly as this source prints them (in English).")
    is_direct_quote = models.BooleanField(
        default=True, help_text="Unticked when the source reports the remark in its own words rather than quoting."
    )
    locator = models.CharField(max_length=200, blank=True, help_text="Page, paragraph or timestamp in the source.")
    search_document = models.GeneratedField(
        expression=search_document(("quote", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = history()

    objects = AppearanceQuerySet.as_manager()

    class Meta:
        ordering = ["remark", "pk"]
        verbose_name = "report"
        indexes = [GinIndex(fields=["search_document"], name="appearance_search_gin")]
        constraints = [
            models.CheckConstraint(condition=~Q(quote=""), name="appearance_quote_not_empty"),
        ]

    def __str__(self):
        return f"{self.source}: {self.remark}"

    def get_absolute_url(self):
        return self.remark.claim.get_absolute_url() + f"#appearance-{self.pk}"


class RebuttalQuerySet(models.QuerySet):
    def public(self):
        """Rebuttals between two published claims."""
        return self.filter(Claim.objects.public_q("rebutted__"), Claim.objects.public_q("counterclaim__"))

    def answering(self, claim_ids, limit, offset=0):
        """The rebuttals of each given claim, `limit` of them per claim after skipping `offset`, in the order a
        page shows them (the counterclaim's text), from one query whatever each claim's number of answers."""
        ranked = self.filter(rebutted_id__in=list(claim_ids)).annotate(
            position=Window(RowNumber(), partition_by=F("rebutted_id"),
                            order_by=[F("counterclaim__text").asc(), F("counterclaim_id").asc()]),
        )
        return ranked.filter(position__gt=offset, position__lte=offset + limit)

    def for_replies(self):
        """With both claims, in page order (after answering())."""
        return self.select_related("counterclaim", "rebutted").order_by("rebutted_id", "position")


class Rebuttal(models.Model):
    """`counterclaim` answers `rebutted`. Counterclaims are claims, so replies chain to any depth."""

    rebutted = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="rebuttals")
    counterclaim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="rebuts")
    note = models.TextField(blank=True, help_text="How the counterclaim answers the claim.")

    history = history()

    objects = RebuttalQuerySet.as_manager()

    class Meta:
        ordering = ["rebutted", "counterclaim"]
        constraints = [
            models.UniqueConstraint(fields=["rebutted", "counterclaim"], name="rebuttal_pair_unique"),
            models.CheckConstraint(condition=~Q(rebutted=F("counterclaim")), name="rebuttal_not_self"),
        ]

    def __str__(self):
        return f"{self.counterclaim} ⟶ rebuts ⟶ {self.rebutted}"

    def get_absolute_url(self):
        return self.rebutted.get_absolute_url()

    def clean(self):
        # On both claims: on a claim's page one of them is the claim being edited (a hidden field), the other the
        # one the editor picked, and the message belongs beside that one.
        if self.rebutted_id is not None and self.rebutted_id == self.counterclaim_id:
            message = "A claim cannot answer itself: choose another claim."
            raise ValidationError({"rebutted": message, "counterclaim": message})

    def unique_error_message(self, model_class, unique_check):
        if set(unique_check) == {"rebutted", "counterclaim"}:  # rebuttal_pair_unique
            return ValidationError("This counterclaim already answers that claim.", code="unique_together")
        return super().unique_error_message(model_class, unique_check)


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Internal or leaked document"
    OFFICIAL_RECORD = "official-record", "Official record or statement"
    FINDING = "finding", "Finding of an official or intergovernmental body"
    TESTIMONY = "testimony", "Testimony"
    IMAGERY = "imagery", "Photos, video or satellite imagery"
    DATA = "data", "Data or statistics"
    REPORTING = "reporting", "Journalistic reporting"
    ANALYSIS = "analysis", "Expert analysis"


class Strength(models.TextChoices):
    STRONG = "strong", "Strong"
    MODERATE = "moderate", "Moderate"
    WEAK = "weak", "Weak"


# What each kind of evidence is, and the rubric for its strength: shown on /methodology/.
EVIDENCE_KIND_DESCRIPTIONS = {
    EvidenceKind.DOCUMENT: "Papers, speeches, files or directives not meant for publication, such as leaked internal "
                           "documents; weighed by how their authenticity was established.",
    EvidenceKind.OFFICIAL_RECORD: "What a government or official body itself published or said on the record: "
                                  "transcripts, statements, laws, orders.",
    EvidenceKind.FINDING: "A conclusion of an official or intergovernmental body that examined the question, such "
                          "as a UN committee or a court.",
    EvidenceKind.TESTIMONY: "A first-hand account by someone who saw or lived what they describe.",
    EvidenceKind.IMAGERY: "Photographs, video or satellite images, with where and when they were taken.",
    EvidenceKind.DATA: "Figures and statistics, with who collected them and how.",
    EvidenceKind.REPORTING: "Journalists' reporting from their own sources and documents.",
    EvidenceKind.ANALYSIS: "Experts' reading of records, data or imagery that others can check.",
}
STRENGTH_DESCRIPTIONS = {
    Strength.STRONG: "Shows the point directly and can be checked: an authenticated document, an official record or "
                     "finding, or several independent sources that agree.",
    Strength.MODERATE: "Credible but indirect or from one source: a single witness, reporting whose sources are not "
                       "named, an analysis, or imagery consistent with the point without proving it alone.",
    Strength.WEAK: "Suggests the point without showing it: second-hand, circumstantial, or from a source with a stake "
                   "in the outcome that nothing else confirms.",
}


class EvidenceQuerySet(models.QuerySet):
    def public(self):
        """Evidence for published claims."""
        return self.filter(Claim.objects.public_q("claim__"))

    def for_page(self):
        """Source and publisher in the same query."""
        return self.select_related("source", "source__publisher")

    def for_citation(self):
        """for_page(), and the sources' authors (a citation names them): one query more, whatever the number."""
        return self.for_page().prefetch_related("source__authors")


class Evidence(models.Model):
    """A source that backs a claim, with the passage and where to find it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    excerpt = models.TextField(help_text="The passage, exactly as printed.")
    locator = models.CharField(max_length=200, blank=True, help_text="Page, paragraph or timestamp in the source.")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    strength = models.CharField(max_length=10, choices=Strength.choices)
    note = models.TextField(blank=True)
    search_document = models.GeneratedField(
        expression=search_document(("excerpt", "B"), ("note", "D")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = history()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "pk"]
        verbose_name_plural = "evidence"
        indexes = [GinIndex(fields=["search_document"], name="evidence_search_gin")]
        constraints = [
            choices_constraint("kind", EvidenceKind, "evidence_kind_valid"),
            choices_constraint("strength", Strength, "evidence_strength_valid"),
            models.CheckConstraint(condition=~Q(excerpt=""), name="evidence_excerpt_not_empty"),
        ]

    def __str__(self):
        return f"{self.source} backs {self.claim}"

    def get_absolute_url(self):
        return self.claim.get_absolute_url() + f"#evidence-{self.pk}"


class KeyEventKind(models.TextChoices):
    LEAK = "leak", "Leak"
    BAN = "ban", "Ban or sanction"
    UN = "un", "UN finding or visit"
    OTHER = "other", "Other event"


class KeyEvent(models.Model):
    """Something that happened, not something said: a leak, a ban, a UN finding. The timeline's own layer."""

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200, help_text='Short, for the timeline: "The Xinjiang Police Files are published".')
    kind = models.CharField(max_length=10, choices=KeyEventKind.choices)
    date = models.DateField(help_text="The first of the month or year if only that is known.")
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices)
    date_basis = models.TextField(blank=True, help_text="How the date is known, when the source does not print it.")
    description = models.TextField(blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="key_events",
        help_text="The source that records it, when we hold one.",
    )
    url = models.URLField(max_length=500, blank=True, verbose_name="URL", validators=[HttpURLValidator()],
                          help_text="Where the event itself is recorded, when known (else the source's address).")

    history = history()

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index("date", "id", name="keyevent_by_date")]
        constraints = [
            choices_constraint("kind", KeyEventKind, "keyevent_kind_valid"),
            *partial_date_constraints("date", "date_precision", "keyevent"),
            models.CheckConstraint(condition=http_url_condition("url"), name="keyevent_url_is_http"),
        ]

    def __str__(self):
        return f"{self.date_display}: {self.title}"

    def get_absolute_url(self):
        return reverse("claims:timeline") + f"#event-{self.slug}"

    def clean(self):
        # Meta.constraints in words, on the field to fix, before the database sees them.
        errors = partial_date_errors("date", self.date, self.date_precision)
        if errors:
            raise ValidationError(errors)

    @property
    def date_display(self):
        return display_partial_date(self.date, self.date_precision)

    @property
    def date_iso(self):
        return partial_date_iso(self.date, self.date_precision)

    @property
    def link(self):
        """The address to read about it: its own, else its source's ("" when neither is known)."""
        return self.url or (self.source.url if self.source else "")


# How much of the argument below a claim one page shows: a claim answered thousands of times (and
# answers to those answers) would otherwise print megabytes. What is left out is linked and counted.
ANSWERS_PER_PAGE = 20  # direct counterclaims on one page of a claim
REMARKS_SHOWN = 20  # remarks printed under a claim, earliest first; all of them on its remarks pages, as many a page
REPLIES_SHOWN = 5  # replies shown under each counterclaim, at each level below
REPLY_DEPTH = 3  # levels of replies shown; deeper ones are on the replies' own pages


def our_reviewer():
    """Our own organisation, the reviewer of our verdicts (settings.REVIEWER); a migration creates it."""
    actor, _ = Actor.objects.get_or_create(
        slug=settings.REVIEWER["slug"],
        defaults={"name": settings.REVIEWER["name"], "kind": ActorKind.INDEPENDENT_MEDIA},
    )
    return actor


LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"  # a BCP 47 tag, loosely: "ar", "pt-BR", "zh-Hant-TW"


def unpublished_review_message(reviewer):
    """review_one_unpublished_per_reviewer in words: a reviewer's review without a web address comes once per claim."""
    if reviewer.slug == settings.REVIEWER["slug"]:
        return "This claim already has our own review: change that one rather than adding another."
    return (f"{reviewer} already has a review of this claim without a web address: give this one its address (URL), "
            "or change that one.")


class ReviewQuerySet(models.QuerySet):
    def signed_off(self):
        """Reviews whose verdict may be shown: not waiting for a second person's sign-off."""
        return self.filter(awaiting_sign_off=False)

    def public(self):
        """Signed-off reviews of published claims."""
        return self.signed_off().filter(Claim.objects.public_q("claim__"))

    def ours(self):
        """Reviews we published ourselves (reviewer: settings.REVIEWER)."""
        return self.filter(reviewer__slug=settings.REVIEWER["slug"])

    def claims_per_verdict(self):
        """{verdict: how many claims these reviews give it}, every verdict of our scale, in one aggregate query."""
        return self.aggregate(**{
            verdict: models.Count("claim", distinct=True, filter=Q(verdict=verdict)) for verdict in Verdict.values
        })

    def for_page(self):
        """The reviewer in the same query."""
        return self.select_related("reviewer")


class Review(models.Model):
    """One organisation's published review of a claim: its rating as published, and our verdict read from it.

    Our own verdicts are reviews too, by the actor settings.REVIEWER names. A review
    by anyone else keeps its original rating (label, value, scale) exactly as published;
    `verdict` is where that rating falls on our scale, blank when it cannot be mapped.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="reviews", help_text="The organisation that published the review."
    )
    url = models.TextField(
        blank=True, verbose_name="URL", validators=[HttpURLValidator()],
        help_text="Where the review is published (ClaimReview `url`); empty for ours, whose address is the claim page.",
    )
    title = models.TextField(blank=True, help_text="The review's headline, as published.")
    published = models.DateField(null=True, blank=True, help_text="When the review was published.")
    modified = models.DateField(null=True, blank=True, help_text="When the review was last changed, if it says.")
    language = models.CharField(
        max_length=35, blank=True, help_text='The review\'s language as a BCP 47 tag ("ar", "pt-BR"), as published.'
    )
    rating_label = models.TextField(blank=True, help_text="The rating's name as published (`alternateName`).")
    rating_value = models.FloatField(null=True, blank=True)
    rating_best = models.FloatField(null=True, blank=True)
    rating_worst = models.FloatField(null=True, blank=True)
    verdict = models.CharField(
        max_length=16, choices=Verdict.choices, blank=True,
        help_text="The rating on our scale; blank when it does not map onto it.",
    )
    explanation = models.TextField(blank=True, help_text="Why (ClaimReview `reviewBody`).")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # Sign-off: a verdict written here is shown only once a second person, not its author, approves it.
    # Reviews imported from other fact-checkers were signed off where they were published.
    awaiting_sign_off = models.BooleanField(default=False, db_default=False, editable=False)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", help_text="Who last set the rating.",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", help_text="Who approved the rating; never its author.",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = history()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "-published", "pk"]
        constraints = [
            choices_constraint("verdict", Verdict, "review_verdict_valid", allow_blank=True),
            models.CheckConstraint(condition=http_url_condition("url"), name="review_url_http"),
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="review_url_unique"),
            models.UniqueConstraint(
                fields=["claim", "reviewer"], condition=Q(url=""), name="review_one_unpublished_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(language="") | Q(language__regex=LANGUAGE_TAG), name="review_language_tag",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True) | Q(verdict_by__isnull=True) | ~Q(signed_off_by=F("verdict_by")),
                name="review_signed_off_by_another",
                violation_error_message="A verdict is signed off by a second person, not by its author.",
            ),
        ]
        permissions = [("sign_off_review", "Can sign off a verdict someone else wrote")]

    def __str__(self):
        return f"{self.reviewer}: {self.rating_display or 'unrated'} ({self.claim})"

    def get_absolute_url(self):
        return self.claim.get_absolute_url() + f"#review-{self.pk}"

    def clean(self, check_unique=True):
        # Meta.constraints in words, on the field to fix, before the database sees them; the two unique ones
        # cost a query each, and only when the field is filled in (an import that matched reviews by them in
        # bulk already knows, and passes check_unique=False).
        errors = {}
        if self.language and not re.fullmatch(LANGUAGE_TAG, self.language):
            errors["language"] = "Write the language as a tag such as “en”, “ar” or “pt-BR”."
        if check_unique:
            errors.update(self._unique_errors())
        # Our own verdict is published with its reasons (what claim_verdict_has_reasons_and_date held before
        # verdicts became reviews; its date is left to the sign-off).
        if self.verdict and self.reviewer_id is not None and self.is_ours and not self.explanation.strip():
            errors["explanation"] = "Say why: our verdict is published with its reasons."
        if self.signed_off_by_id is not None and self.signed_off_by_id == self.verdict_by_id:
            errors["signed_off_by"] = "A verdict is signed off by a second person, not by its author."
        if errors:
            raise ValidationError(errors)

    def _unique_errors(self):
        others = Review.objects.exclude(pk=self.pk)
        if self.url:
            held = others.filter(url=self.url).select_related("claim").first()
            if held:
                return {"url": f"A review at this address is already recorded, on the claim “{held.claim}”."}
        elif self.claim_id is not None and self.reviewer_id is not None:
            if others.filter(claim_id=self.claim_id, reviewer_id=self.reviewer_id, url="").exists():
                return {"reviewer": unpublished_review_message(self.reviewer)}
        return {}

    @property
    def is_ours(self):
        return self.reviewer.slug == settings.REVIEWER["slug"]

    # What a reader takes as the verdict: changing any of these asks for a new sign-off.
    RATING_FIELDS = ("verdict", "rating_label", "rating_value", "rating_best", "rating_worst", "explanation")

    def submit_verdict(self, user):
        """`user` wrote or changed the rating: it stays hidden until someone else signs it off."""
        self.awaiting_sign_off = True
        self.verdict_by = user
        self.signed_off_by = None
        self.signed_off_at = None

    def sign_off(self, user):
        """`user` approves the rating, which becomes public, recorded with the kind and reason it was written with.

        Raises ValidationError when there is nothing to sign off or `user` wrote it.
        """
        if not self.awaiting_sign_off:
            raise ValidationError("This verdict is already signed off.")
        if self.verdict_by_id is not None and self.verdict_by_id == user.pk:
            raise ValidationError("A verdict is signed off by a second person: you wrote this one.")
        pending = self.history.filter(awaiting_sign_off=True).order_by("-history_date", "-history_id").first()
        self.awaiting_sign_off = False
        self.signed_off_by = user
        self.signed_off_at = timezone.now()
        kind = pending.change_kind if pending is not None else ChangeKind.HOUSEKEEPING
        reason = pending.history_change_reason if pending is not None else ""
        mark_change(self, kind, reason or "")
        self.save()

    @property
    def rating_display(self):
        """'Misleading (مضلل)': our verdict with the original label beside it when it says something else."""
        verdict = Verdict(self.verdict).label if self.verdict else ""
        label = self.rating_label.strip()
        if verdict and label and label.casefold() != verdict.casefold():
            return f"{verdict} ({label})"
        return verdict or label

    @property
    def shows_label(self):
        """True when the published label says more than our verdict's name."""
        label = self.rating_label.strip()
        return bool(label) and label.casefold() != Verdict(self.verdict).label.casefold() if self.verdict else bool(label)

    @property
    def verdict_rating(self):
        return Verdict.rating_value(self.verdict) if self.verdict else None

    @staticmethod
    def display_order(review):
        """Sort key: ours first, then the latest published first."""
        return (not review.is_ours, -(review.published.toordinal() if review.published else 0), review.pk or 0)


@dataclass
class ReplyNode:
    """One counterclaim in a reply chain: the rebuttal link, its depth (1 = answers the root) and its replies."""

    rebuttal: Rebuttal
    depth: int
    children: list = field(default_factory=list)
    repeat: bool = False  # already shown higher up this tree (a cycle or a second path): not expanded again

    @property
    def claim(self):
        return self.rebuttal.counterclaim

    @property
    def replies_not_shown(self):
        """How many direct replies to this counterclaim the page leaves out (on its own page)."""
        return 0 if self.repeat else self.claim.rebuttal_count - len(self.children)

    def walk(self):
        """This node and every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


def reply_trees(roots, offset=0, drafts=False, depth=REPLY_DEPTH):
    """{root pk: [ReplyNode, ...]}: the counterclaims below each root claim, nested, bounded.

    ANSWERS_PER_PAGE direct answers (after skipping `offset`), REPLIES_SHOWN replies under each at each of
    `depth` levels: one query per level plus the quotes and evidence, whatever the size of the argument.
    Published counterclaims only, unless `drafts` (an editor's preview).
    """
    rebuttals = Rebuttal.objects.all() if drafts else Rebuttal.objects.filter(Claim.objects.public_q("counterclaim__"))
    below = defaultdict(list)
    level = [root.pk for root in roots]
    for level_depth in range(1, depth + 1):
        if not level:
            break
        limit, skip = (ANSWERS_PER_PAGE, offset) if level_depth == 1 else (REPLIES_SHOWN, 0)
        found = list(rebuttals.answering(level, limit, skip).for_replies())
        for rebuttal in found:
            below[rebuttal.rebutted_id].append(rebuttal)
        level = {rebuttal.counterclaim_id for rebuttal in found} - set(below)
    # Every counterclaim's remarks (with their reports), evidence, reviews and techniques in a query each for all levels.
    prefetch_related_objects(
        [rebuttal.counterclaim for rebuttals in below.values() for rebuttal in rebuttals],
        Prefetch("remarks", queryset=Remark.objects.for_page()[:REMARKS_SHOWN], to_attr="remarks_shown"),
        Prefetch("evidence", queryset=Evidence.objects.for_citation()),
        Prefetch("reviews", queryset=(Review.objects.all() if drafts else Review.objects.signed_off()).for_page()),
        Prefetch("technique_links", queryset=ClaimTechnique.objects.for_page()),  # the words marked in quotes
    )

    def grow(claim_id, at, shown):
        nodes = []
        for rebuttal in below[claim_id] if at <= depth else []:
            node = ReplyNode(rebuttal, at, repeat=rebuttal.counterclaim_id in shown)
            if not node.repeat:
                shown.add(rebuttal.counterclaim_id)
                node.children = grow(rebuttal.counterclaim_id, at + 1, shown)
            nodes.append(node)
        return nodes

    return {root.pk: grow(root.pk, 1, {root.pk}) for root in roots}
