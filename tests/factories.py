"""factory_boy factories: one place that knows how to build a valid object of each model."""
import datetime

import factory
from django.utils import timezone

from claims.models import (
    Appearance, Claim, Evidence, Family, FramingTerm, Rebuttal, Remark, Review, Status, Technique, Topic, our_reviewer,
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


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    name = factory.Sequence(lambda n: f"Talking point {n}")
    slug = factory.Sequence(lambda n: f"talking-point-{n}")


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


class RemarkFactory(factory.django.DjangoModelFactory):
    """A remark with one report of it, printing its words, in a new source: `reports=0` for none, `reports=3` for
    three, `reports__source=...`, `reports__quote=...`, `reports__is_direct_quote=False` to set theirs."""

    class Meta:
        model = Remark
        skip_postgeneration_save = True

    claim = factory.SubFactory(ClaimFactory)
    speaker = factory.SubFactory(ActorFactory)
    date = datetime.date(2019, 11, 18)
    date_precision = "day"
    words = factory.Sequence(lambda n: f"Words said, number {n}.")

    @factory.post_generation
    def reports(self, create, extracted, **kwargs):
        if create:
            kwargs.setdefault("quote", self.words or "The source's own account of it.")
            for _ in range(1 if extracted is None else extracted):
                AppearanceFactory(remark=self, **kwargs)


class AppearanceFactory(factory.django.DjangoModelFactory):
    """A report: a source printing a remark."""

    class Meta:
        model = Appearance

    remark = factory.SubFactory(RemarkFactory, reports=0)
    source = factory.SubFactory(SourceFactory)
    quote = factory.Sequence(lambda n: f"Words printed, number {n}.")


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
    """`size` talking points of one family, each said three times (twice by the same speaker, the first of those
    remarks reported by two sources) and answered by two counterclaims with evidence and a reply to one.

    Every list and detail page should need the same number of queries whatever `size` is.
    Returns the talking points.
    """
    topic, technique, term = TopicFactory(), TechniqueFactory(), FramingTermFactory()
    organisation = ActorFactory(slug="world-ministry", name="World Ministry", kind="government-body")
    speaker = ActorFactory(slug="world-speaker", affiliation=organisation)
    source = SourceFactory(slug="world-source", publisher=speaker)
    author = ActorFactory(slug="world-author")
    source.authors.add(author)
    family = FamilyFactory(slug="world-family")
    points = []
    for n in range(size):
        point = ClaimFactory(verdict="false", verdict_explanation="Contradicted.", reviewed_on=datetime.date(2024, 1, 1),
                             family=family)
        point.topics.add(topic, TopicFactory())
        point.techniques.add(technique, TechniqueFactory())
        point.framing_terms.add(term)
        RemarkFactory(claim=point, speaker=speaker, reports=2, reports__source=source)
        RemarkFactory(claim=point, speaker=speaker, reports__source=source, reports__is_direct_quote=False, words="")
        RemarkFactory(claim=point, reports__source=source, date=datetime.date(2018, 8, 1), date_precision="month")
        for _ in range(2):
            counter = ClaimFactory()
            RebuttalFactory(rebutted=point, counterclaim=counter, note="Answers it.")
            RemarkFactory(claim=counter, reports__source=source)
            EvidenceFactory.create_batch(2, claim=counter, source=source)
            EvidenceFactory(claim=counter)
        reply = ClaimFactory()
        RebuttalFactory(rebutted=counter, counterclaim=reply)
        RemarkFactory(claim=reply, speaker=speaker, reports__source=source)
        reply_to_reply = ClaimFactory()
        RebuttalFactory(rebutted=reply, counterclaim=reply_to_reply)
        RemarkFactory(claim=reply_to_reply, reports__source=source)
        points.append(point)
    return points
