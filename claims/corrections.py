"""What readers are told about changes: corrections, updates and clarifications, per claim and site-wide.

The rows come from the history tables (tracker/history.py): each keeps its kind,
reason, date and the fields it changed with their old and new values, so a page
of changes is one query whatever the size of the history.
"""
from dataclasses import dataclass

from django.db.models import CharField, F, Q, Value
from django.dispatch import receiver
from django.urls import reverse
from simple_history.signals import post_create_historical_record

from sources.models import Actor, Source
from tracker.history import PUBLIC_KINDS, ChangeKind

from .models import (
    Appearance, Claim, ClaimTechnique, Evidence, Family, FramingTerm, KeyEvent, Rebuttal, Remark, Review, Status,
    Technique, Topic,
)

# What a change to each kind of object is called on a public page.
WHAT = {
    "claim": "the claim",
    "remark": "a remark",
    "appearance": "a report of a remark",
    "evidence": "evidence",
    "review": "a review",
    "rebuttal": "a counterclaim link",
    "claimtechnique": "a technique's use",
    "keyevent": "a key event",
    "actor": "an actor",
    "source": "a source",
    "topic": "a topic",
    "technique": "a technique",
    "framingterm": "a glossary term",
    "family": "a talking-point family",
}


@dataclass
class Change:
    """One public change as a page shows it."""

    kind: str
    date: object
    reason: str
    changes: list
    what: str
    title: str
    url: str
    anchor: str  # unique on the site: the history table and row

    @property
    def kind_label(self):
        return ChangeKind(self.kind).label


# What hangs off a claim: (model, the path from it to its claim, what else a reader must be allowed to see).
CLAIM_PARTS = [
    (Remark, "claim__", Q()),
    (Appearance, "remark__claim__", Q()),
    (Evidence, "claim__", Q()),
    (Review, "claim__", Q(awaiting_sign_off=False)),  # a verdict is public once signed off
    (ClaimTechnique, "claim__", Q()),
]
# Pages of their own: (model, the field that names it).
NAMED = [(KeyEvent, "title"), (Actor, "name"), (Source, "title"), (Topic, "name"), (Technique, "name"),
         (FramingTerm, "term"), (Family, "name")]


def _rows(model, title, slug, public):
    """The public changes of one history table as union-compatible values: one row per change."""
    history = model.history.model.objects.filter(change_kind__in=PUBLIC_KINDS).filter(public)
    return history.annotate(
        model_name=Value(model._meta.model_name, output_field=CharField()),
        page_title=F(title), page_slug=F(slug),
    ).values("history_id", "model_name", "history_date", "change_kind", "history_change_reason", "changes",
             "page_title", "page_slug").order_by()


def _claim_rows(claim_ids, claim_q, rebuttal_q):
    """The changes of the claims `claim_ids` (a queryset of ids, or one id) and of what hangs off them (each
    reaching its claim as `claim_q(path)` says), and of the rebuttals meeting `rebuttal_q`. Claims are judged by
    what they are now, not by the status a version of them had."""
    return [
        _rows(Claim, "text", "slug", Q(id__in=claim_ids) if hasattr(claim_ids, "query") else Q(id=claim_ids)),
        *(_rows(model, f"{path}text", f"{path}slug", claim_q(path) & also) for model, path, also in CLAIM_PARTS),
        _rows(Rebuttal, "rebutted__text", "rebutted__slug", rebuttal_q),
    ]


def _every_table():
    """One values() queryset per content model, each limited to what the public may see."""
    public = Claim.objects.public_q
    return [
        *_claim_rows(Claim.objects.public().values("pk"), public, public("rebutted__") & public("counterclaim__")),
        *(_rows(model, name, "slug", Q()) for model, name in NAMED),
    ]


def _claim_tables(claim):
    """The public changes of one claim and of everything on its page."""
    public = Claim.objects.public_q
    return _claim_rows(claim.pk, lambda path: Q(**{f"{path}id": claim.pk}),
                       (Q(rebutted_id=claim.pk) & public("counterclaim__"))
                       | (Q(counterclaim_id=claim.pk) & public("rebutted__")))


def _union(tables):
    first, *rest = tables
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def every_change():
    """Every public change on the site, newest first (a queryset of dicts: page it, then `as_changes`)."""
    return _union(_every_table())


def changes_to(claim):
    """The public changes of `claim` and of what its page shows, newest first."""
    return _union(_claim_tables(claim))


def _url(row):
    name = row["model_name"]
    if name in ("actor", "source"):
        return reverse(f"sources:{name}-detail", args=[row["page_slug"]])
    if name in ("topic", "technique"):
        return reverse(f"claims:{name}-detail", args=[row["page_slug"]])
    if name == "framingterm":
        return reverse("claims:glossary-term", args=[row["page_slug"]])
    if name == "family":
        return reverse("claims:family-detail", args=[row["page_slug"]])
    if name == "keyevent":
        return reverse("claims:timeline") + f"#event-{row['page_slug']}"
    return reverse("claims:claim-history", args=[row["page_slug"]])


def as_changes(rows):
    return [
        Change(kind=row["change_kind"], date=row["history_date"], reason=row["history_change_reason"] or "",
               changes=row["changes"], what=WHAT[row["model_name"]], title=row["page_title"], url=_url(row),
               anchor=f"change-{row['model_name']}-{row['history_id']}")
        for row in rows
    ]


# Readers are told when a page last changed for them. Tied to the writing of a history row, so whatever
# saves through the ORM with a public kind (the admin, a restore, a script) moves the date.
@receiver(post_create_historical_record)
def _stamp_last_updated(sender, instance, history_instance, **kwargs):
    if getattr(history_instance, "change_kind", None) not in PUBLIC_KINDS:
        return
    moment = history_instance.history_date
    if isinstance(instance, (Claim, Actor, Source)):
        instance.last_updated = moment  # so a later save of this same object keeps it
    if isinstance(instance, Claim):
        claim_ids = [instance.pk]
    elif isinstance(instance, (Remark, Evidence, Review, ClaimTechnique)):
        claim_ids = [instance.claim_id]
    elif isinstance(instance, Appearance):  # its claim is its remark's, read in the update (no query per report)
        claim_ids = Remark.objects.filter(pk=instance.remark_id).values("claim_id")
    elif isinstance(instance, Rebuttal):
        claim_ids = [instance.rebutted_id, instance.counterclaim_id]
    elif isinstance(instance, (Actor, Source)):
        type(instance).objects.filter(pk=instance.pk).update(last_updated=moment)
        return
    else:
        return
    Claim.objects.filter(pk__in=claim_ids, status=Status.PUBLISHED).update(last_updated=moment)
