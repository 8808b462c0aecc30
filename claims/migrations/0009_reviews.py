"""A claim can be reviewed by several organisations: Review rows replace Claim.verdict and its fields.

Our own verdicts become reviews by our own organisation (the actor settings.REVIEWER
names, created here). A verdict that carried a review_url had been imported from
another fact-checker whose name was not kept: its reviewer becomes the organisation at
that URL's host (named by the host, with the site as its website), not us.
"""
import datetime
from urllib.parse import urlsplit

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F
from django.utils.text import slugify

import tracker.validators


def verdicts_to_reviews(apps, schema_editor):
    Actor = apps.get_model("sources", "Actor")
    Claim = apps.get_model("claims", "Claim")
    Review = apps.get_model("claims", "Review")
    us, _ = Actor.objects.get_or_create(
        slug=settings.REVIEWER["slug"], defaults={"name": settings.REVIEWER["name"], "kind": "independent-media"}
    )
    for claim in Claim.objects.exclude(verdict="").order_by("pk"):
        reviewer = us
        if claim.review_url:
            parts = urlsplit(claim.review_url)
            host = (parts.hostname or "").removeprefix("www.")
            reviewer, _ = Actor.objects.get_or_create(
                slug=slugify(host.replace(".", "-"))[:60] or "unknown-reviewer",
                defaults={"name": host or "Unknown reviewer", "kind": "independent-media",
                          "website": f"{parts.scheme}://{parts.netloc}/"[:200]},
            )
        Review.objects.create(
            claim=claim, reviewer=reviewer, url=claim.review_url, published=claim.reviewed_on,
            verdict=claim.verdict, explanation=claim.verdict_explanation,
        )


def reviews_to_verdicts(apps, schema_editor):
    """Back to one verdict per claim: each claim takes its latest mapped review (ours first)."""
    Claim = apps.get_model("claims", "Claim")
    Review = apps.get_model("claims", "Review")
    # Only the reviewer's slug: a later migration of sources may already be undone in the database, not in this state.
    reviews = Review.objects.exclude(verdict="").annotate(reviewer_slug=F("reviewer__slug"))
    for review in reviews.order_by("claim", "-published"):
        claim = Claim.objects.get(pk=review.claim_id)
        if claim.verdict and review.reviewer_slug != settings.REVIEWER["slug"]:
            continue
        claim.verdict, claim.verdict_explanation = review.verdict, review.explanation or "Imported."
        claim.reviewed_on, claim.review_url = review.published or datetime.date.today(), review.url[:500]
        claim.save()


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0008_page_order_indexes'),
        ('sources', '0008_source_url_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='Review',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.TextField(blank=True, help_text='Where the review is published (ClaimReview `url`); empty for ours, whose address is the claim page.', validators=[tracker.validators.HttpURLValidator()], verbose_name='URL')),
                ('title', models.TextField(blank=True, help_text="The review's headline, as published.")),
                ('published', models.DateField(blank=True, help_text='When the review was published.', null=True)),
                ('modified', models.DateField(blank=True, help_text='When the review was last changed, if it says.', null=True)),
                ('language', models.CharField(blank=True, help_text='The review\'s language as a BCP 47 tag ("ar", "pt-BR"), as published.', max_length=35)),
                ('rating_label', models.TextField(blank=True, help_text="The rating's name as published (`alternateName`).")),
                ('rating_value', models.FloatField(blank=True, null=True)),
                ('rating_best', models.FloatField(blank=True, null=True)),
                ('rating_worst', models.FloatField(blank=True, null=True)),
                ('verdict', models.CharField(blank=True, choices=[('false', 'False'), ('misleading', 'Misleading'), ('unsupported', 'Unsupported'), ('supported', 'Supported'), ('accurate', 'Accurate')], help_text='The rating on our scale; blank when it does not map onto it.', max_length=16)),
                ('explanation', models.TextField(blank=True, help_text='Why (ClaimReview `reviewBody`).')),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('updated', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['claim', '-published', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='review',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='claims.claim'),
        ),
        migrations.AddField(
            model_name='review',
            name='reviewer',
            field=models.ForeignKey(help_text='The organisation that published the review.', on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='sources.actor'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(('verdict__in', ['false', 'misleading', 'unsupported', 'supported', 'accurate']), ('verdict', ''), _connector='OR'), name='review_verdict_valid'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(('url', ''), ('url__iregex', '^https?://[^/\\s]'), _connector='OR'), name='review_url_http'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.UniqueConstraint(condition=models.Q(('url', ''), _negated=True), fields=('url',), name='review_url_unique'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.UniqueConstraint(condition=models.Q(('url', '')), fields=('claim', 'reviewer'), name='review_one_unpublished_per_reviewer'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(('language', ''), ('language__regex', '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$'), _connector='OR'), name='review_language_tag'),
        ),
        migrations.RunPython(verdicts_to_reviews, reviews_to_verdicts),
        migrations.RemoveConstraint(
            model_name='claim',
            name='claim_verdict_valid',
        ),
        migrations.RemoveConstraint(
            model_name='claim',
            name='claim_verdict_has_reasons_and_date',
        ),
        migrations.RemoveConstraint(
            model_name='claim',
            name='claim_review_url_unique',
        ),
        migrations.RemoveConstraint(
            model_name='claim',
            name='claim_review_url_is_http',
        ),
        migrations.RemoveField(
            model_name='claim',
            name='review_url',
        ),
        migrations.RemoveField(
            model_name='claim',
            name='reviewed_on',
        ),
        migrations.RemoveField(
            model_name='claim',
            name='verdict',
        ),
        migrations.RemoveField(
            model_name='claim',
            name='verdict_explanation',
        ),
    ]
