"""The editorial roles, as groups of permissions: one definition, used by the migrations that create the groups
and by tests that need the groups back after a database flush. A model added here needs a migration that calls
create_roles again once the model exists (as 0023 does for remarks and families); older migrations pass the lists
they were written with."""

CONTENT = ["claim", "remark", "appearance", "evidence", "rebuttal", "review"]
REFERENCE = ["actor", "source", "topic", "technique", "framingterm", "family"]


def codenames(actions, models):
    return [f"{action}_{model}" for action in actions for model in models]


def roles_for(content, reference):
    """{group name: permission codenames} for the content models (what hangs off a claim) and reference models."""
    return {
        # Drafts claims and what hangs off them, adds the actors and sources they need, submits for review.
        "contributor": codenames(["view", "add", "change"], content) + codenames(["view", "add"], reference)
        + codenames(["view"], ["historicalclaim"]),
        # Publishes, corrects and withdraws; edits everything; signs off verdicts written by others.
        "editor": codenames(["view", "add", "change"], content + reference) + ["publish_claim", "sign_off_review"],
        # Signs off verdicts written by others; reads everything.
        "reviewer": codenames(["view"], content + reference) + ["change_review", "sign_off_review"],
    }


ROLES = roles_for(CONTENT, REFERENCE)


def create_roles(Group, Permission, roles=ROLES):
    """The groups of `roles` with their permissions (which must exist), given the Group and Permission models."""
    for name, wanted in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(Permission.objects.filter(
            content_type__app_label__in=["claims", "sources"], codename__in=wanted
        ))
        missing = set(wanted) - {permission.codename for permission in permissions}
        assert not missing, f"permissions not found: {missing}"
        group.permissions.set(permissions)
