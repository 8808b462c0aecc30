"""Atom feeds: new published claims and counterclaims (site-wide, per topic, per speaker) and public changes."""
from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from sources.models import Actor

from . import corrections
from .filters import speaker_q
from .models import Claim, ClaimRole, Remark, Topic

FEED_ITEMS = 30

# The two sides a reader follows: the official line (talking points and replies defending them), and its answers.
SIDES = {
    "claims": ("New talking points", [ClaimRole.TALKING_POINT, ClaimRole.REPLY]),
    "counterclaims": ("New counterclaims", [ClaimRole.COUNTERCLAIM]),
}


class ClaimFeed(Feed):
    """The newest published claims of one side, optionally of one topic or said by one speaker."""

    feed_type = Atom1Feed

    def get_object(self, request, side, topic=None, speaker=None):
        heading, roles = SIDES[side]
        scope = None
        if topic is not None:
            scope = get_object_or_404(Topic, slug=topic)
        elif speaker is not None:
            scope = get_object_or_404(Actor, slug=speaker)
        return {"side": side, "heading": heading, "roles": roles, "scope": scope}

    def title(self, obj):
        scope = obj["scope"]
        if isinstance(scope, Topic):
            return f"Counterclaim: {obj['heading'].lower()} on {scope.name}"
        if isinstance(scope, Actor):
            return f"Counterclaim: {obj['heading'].lower()} said by {scope.name}"
        return f"Counterclaim: {obj['heading'].lower()}"

    def link(self, obj):
        scope = obj["scope"]
        return scope.get_absolute_url() if scope is not None else reverse("claims:claim-list")

    def subtitle(self, obj):
        return "Newest first, as they are published."

    def items(self, obj):
        claims = Claim.objects.public().filter(role__in=obj["roles"])
        scope = obj["scope"]
        if isinstance(scope, Topic):
            claims = claims.filter(topics=scope)
        elif isinstance(scope, Actor):
            # As on the speaker's page: an organisation's feed includes what those who speak for it said.
            claims = claims.filter(Exists(Remark.objects.filter(speaker_q([scope]), claim=OuterRef("pk"))))
        return claims.newest_first()[:FEED_ITEMS]

    def item_title(self, claim):
        return claim.text

    def item_description(self, claim):
        return claim.context

    def item_pubdate(self, claim):
        return claim.published_at

    def item_updateddate(self, claim):
        return claim.last_updated or claim.published_at


class CorrectionsFeed(Feed):
    """Every correction, update and clarification readers are shown, newest first."""

    feed_type = Atom1Feed
    title = "Counterclaim: corrections, updates and clarifications"
    subtitle = "Every change to a published entry that readers should know about, with its reason."

    def link(self):
        return reverse("claims:corrections")

    def items(self):
        return corrections.as_changes(corrections.every_change()[:FEED_ITEMS])

    def item_title(self, change):
        return f"{change.kind_label} to {change.what}: {change.title}"

    def item_description(self, change):
        lines = [change.reason] + [f"{c['label']}: “{c['old']}” → “{c['new']}”" for c in change.changes]
        return "\n".join(line for line in lines if line)

    def item_link(self, change):
        return f"{change.url}#{change.anchor}"

    def item_guid(self, change):
        return f"{change.url}#{change.anchor}"

    def item_pubdate(self, change):
        return change.date
