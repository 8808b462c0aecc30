"""The editorial roles, as groups of permissions: one definition, used by migration 0011 and by tests that
need the groups back after a database flush. Migration 0011 runs this as it is now: a permission added here for a
model created after 0011 needs a migration of its own that calls create_roles again."""

CONTENT = ["claim", "appearance", "evidence", "rebuttal", "review"]
REFERENCE = ["actor", "source", "topic", "technique", "framingterm"]


def codenames(actions, models):
    return [f"{action}_{model}" for action in actions for model in models]


ROLES = {
    # Drafts claims and what hangs off them, adds the actors and sources they need, submits for review.
    "contributor": codenames(["view", "add", "change"], CONTENT) + codenames(["view", "add"], REFERENCE)
    + codenames(["view"], ["historicalclaim"]),
    # Publishes, corrects and withdraws; edits everything; signs off verdicts written by others.
    "editor": codenames(["view", "add", "change"], CONTENT + REFERENCE) + ["publish_claim", "sign_off_review"],
    # Signs off verdicts written by others; reads everything.
    "reviewer": codenames(["view"], CONTENT + REFERENCE) + ["change_review", "sign_off_review"],
}


def create_roles(Group, Permission):
    """The groups of ROLES with their permissions (which must exist), given the Group and Permission models."""
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(Permission.objects.filter(
            content_type__app_label__in=["claims", "sources"], codename__in=wanted
        ))
        missing = set(wanted) - {permission.codename for permission in permissions}
        assert not missing, f"permissions not found: {missing}"
        group.permissions.set(permissions)
