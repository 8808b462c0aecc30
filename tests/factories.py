"""factory_boy factories: one place that knows how to build a valid object of each model."""
import datetime

import factory
from django.utils import timezone

from claims.models import (
    Appearance, Claim, Evidence, FramingTerm, Rebuttal, Review, Status, Technique, Topic, our_reviewer,
)
from sources.models import Actor, ActorKind, Source, SourceKind


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    kind = ActorKind.PERSON
    country = "CN"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report {n}")
    slug = factory.Sequence(lambda n: f"report-{n}")
    kind = SourceKind.ARTICLE
    publisher = factory.SubFactory(ActorFactory, kind=ActorKind.INDEPENDENT_MEDIA)
    published = datetime.date(2019, 11, 16)
    published_precision = "day"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class TechniqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technique

    name = factory.Sequence(lambda n: f"Technique {n}")
    slug = factory.Sequence(lambda n: f"technique-{n}")
    definition = "A way of persuading without argument."


class FramingTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FramingTerm

    term = factory.Sequence(lambda n: f"official term {n}")
    slug = factory.Sequence(lambda n: f"official-term-{n}")
    plain_term = "plain term"
    explanation = "What the official term hides."


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n}")
    slug = factory.Sequence(lambda n: f"claim-{n}")
    # Most tests are about what readers see; drafts say so (status=Status.DRAFT, published_at=None).
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, verdict="", verdict_explanation="", reviewed_on=None, **kwargs):
        """ClaimFactory(verdict=..., verdict_explanation=..., reviewed_on=...) also files our own review of it."""
        claim = super()._create(model_class, *args, **kwargs)
        if verdict:
            if isinstance(reviewed_on, str):
                reviewed_on = datetime.date.fromisoformat(reviewed_on)
            ReviewFactory(claim=claim, verdict=verdict, explanation=verdict_explanation or "Reviewed.",
                          published=reviewed_on or datetime.date(2024, 1, 1))
        return claim


class ReviewFactory(factory.django.DjangoModelFactory):
    """Our own review unless `reviewer` says otherwise."""

    class Meta:
        model = Review

    claim = factory.SubFactory(ClaimFactory)
    reviewer = factory.LazyFunction(our_reviewer)
    verdict = "false"
    explanation = "Contradicted by the record."
    published = datetime.date(2024, 1, 1)


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory)
    speaker = factory.SubFactory(ActorFactory)
    source = factory.SubFactory(SourceFactory)
    date = datetime.date(2019, 11, 18)
    date_precision = "day"
    quote = factory.Sequence(lambda n: f"Words said, number {n}.")


class RebuttalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rebuttal

    rebutted = factory.SubFactory(ClaimFactory)
    counterclaim = factory.SubFactory(ClaimFactory)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    excerpt = "The passage that backs the claim."
    kind = "document"
    strength = "strong"


def build_world(size):
    """`size` talking points, each said twice, answered by two counterclaims with evidence and a reply to one.

    Every list and detail page should need the same number of queries whatever `size` is.
    Returns the talking points.
    """
    topic, technique, term = TopicFactory(), TechniqueFactory(), FramingTermFactory()
    speaker = ActorFactory(slug="world-speaker")
    source = SourceFactory(slug="world-source", publisher=speaker)
    points = []
    for n in range(size):
        point = ClaimFactory(verdict="false", verdict_explanation="Contradicted.", reviewed_on=datetime.date(2024, 1, 1))
        point.topics.add(topic, TopicFactory())
        point.techniques.add(technique, TechniqueFactory())
        point.framing_terms.add(term)
        AppearanceFactory.create_batch(2, claim=point, speaker=speaker, source=source)
        AppearanceFactory(claim=point, source=source, date=datetime.date(2018, 8, 1), date_precision="month")
        for _ in range(2):
            counter = ClaimFactory()
            RebuttalFactory(rebutted=point, counterclaim=counter, note="Answers it.")
            AppearanceFactory(claim=counter, source=source)
            EvidenceFactory.create_batch(2, claim=counter, source=source)
            EvidenceFactory(claim=counter)
        reply = ClaimFactory()
        RebuttalFactory(rebutted=counter, counterclaim=reply)
        AppearanceFactory(claim=reply, speaker=speaker, source=source)
        reply_to_reply = ClaimFactory()
        RebuttalFactory(rebutted=reply, counterclaim=reply_to_reply)
        AppearanceFactory(claim=reply_to_reply, source=source)
        points.append(point)
    return points
