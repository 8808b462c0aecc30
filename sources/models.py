"""Where things come from: the actors who speak and publish, and the sources they appear in."""
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django_countries.fields import CountryField

from tracker.dates import (
    DatePrecision,
    display_partial_date,
    partial_date_constraints,
    partial_date_errors,
    partial_date_iso,
)
from tracker.history import history
from tracker.languages import Language
from tracker.models_utils import choices_constraint
from tracker.validators import HttpURLValidator, http_url_condition
from tracker.search import search_document


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    GOVERNMENT_BODY = "government-body", "Government body"
    STATE_MEDIA = "state-media", "State media"
    INDEPENDENT_MEDIA = "independent-media", "Independent media"
    INTERGOVERNMENTAL_BODY = "intergovernmental-body", "Intergovernmental body"
    NGO = "ngo", "NGO"
    ACADEMIC = "academic", "Academic or think tank"
    LEGISLATOR = "legislator", "Legislator"
    WITNESS = "witness", "Witness"
    OTHER = "other", "Other"


class Actor(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=ActorKind.choices)
    role = models.CharField(max_length=200, blank=True, help_text='Title or role, e.g. "Foreign Ministry spokesperson".')
    affiliation = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
        help_text="The organisation this actor speaks for or belongs to.",
    )
    country = CountryField(blank=True)
    state_affiliated = models.BooleanField(default=False, help_text="Speaks for, or is owned by, a state.")
    description = models.TextField(blank=True)
    website = models.URLField(blank=True, validators=[HttpURLValidator()])
    wikidata_id = models.CharField(
        max_length=20, blank=True, validators=[RegexValidator(r"^Q[1-9]\d*$", "A Wikidata id looks like Q42.")]
    )
    # Other spellings and names in other scripts ("赵立坚", "MFA"): searched with the name, and matched by
    # importers so they find the actor instead of creating a duplicate.
    aliases = ArrayField(models.CharField(max_length=200), blank=True, default=list)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    last_updated = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The last correction, update or clarification readers see."
    )

    history = history()

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_constraint("kind", ActorKind, "actor_kind_valid"),
            models.CheckConstraint(condition=~Q(affiliation=F("pk")), name="actor_not_own_affiliation"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"), name="actor_wikidata_id_format"
            ),
            models.CheckConstraint(condition=http_url_condition("website"), name="actor_website_is_http"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sources:actor-detail", args=[self.slug])

    def clean(self):
        # actor_not_own_affiliation in words, on the field to fix.
        if self.pk is not None and self.affiliation_id == self.pk:
            raise ValidationError({"affiliation": "An actor cannot be its own affiliation: choose the organisation "
                                                  "it speaks for or belongs to."})


class SourceKind(models.TextChoices):
    ARTICLE = "article", "News article"
    EDITORIAL = "editorial", "Editorial"
    PRESS_BRIEFING = "press-briefing", "Press briefing"
    OFFICIAL_STATEMENT = "official-statement", "Official statement"
    LEAKED_DOCUMENT = "leaked-document", "Leaked document"
    REPORT = "report", "Report"
    TESTIMONY = "testimony", "Testimony"
    DATASET = "dataset", "Dataset"
    SOCIAL_POST = "social-post", "Social media post"
    VIDEO = "video", "Video"
    LETTER = "letter", "Letter"
    LAW = "law", "Law or regulation"


class Source(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=SourceKind.choices)
    publisher = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="published_sources"
    )
    authors = models.ManyToManyField(Actor, blank=True, related_name="authored_sources")
    url = models.URLField(max_length=500, blank=True, verbose_name="URL", validators=[HttpURLValidator()])
    archive_url = models.URLField(
        max_length=500, blank=True, verbose_name="archive URL", validators=[HttpURLValidator()]
    )
    published = models.DateField(null=True, blank=True)
    published_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    published_basis = models.TextField(blank=True, help_text="How the date is known, when the source does not print it.")
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    summary = models.TextField(blank=True)
    reliability_note = models.TextField(blank=True)
    search_document = models.GeneratedField(
        expression=search_document(("title", "A"), ("summary", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    last_updated = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The last correction, update or clarification readers see."
    )

    history = history()

    class Meta:
        ordering = [F("published").desc(nulls_last=True), "title"]
        indexes = [
            GinIndex(fields=["search_document"], name="source_search_gin"),
            models.Index(F("published").desc(nulls_last=True), "title", "id", name="source_newest_first"),
            models.Index(fields=["url"], name="source_url_idx"),  # importers find sources by address
        ]
        constraints = [
            choices_constraint("kind", SourceKind, "source_kind_valid"),
            choices_constraint("language", Language, "source_language_valid"),
            *partial_date_constraints("published", "published_precision", "source"),
            models.CheckConstraint(condition=http_url_condition("url"), name="source_url_is_http"),
            models.CheckConstraint(condition=http_url_condition("archive_url"), name="source_archive_url_is_http"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:source-detail", args=[self.slug])

    def clean(self):
        # The published date's constraints in words, on the field to fix.
        if errors := partial_date_errors("published", self.published, self.published_precision):
            raise ValidationError(errors)

    @property
    def published_display(self):
        return display_partial_date(self.published, self.published_precision)

    @property
    def published_iso(self):
        return partial_date_iso(self.published, self.published_precision)
