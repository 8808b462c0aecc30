"""The migration that turns a claim's verdict columns into Review rows (claims 0009_reviews)."""
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("claims", "0008_page_order_indexes"), ("sources", "0008_source_url_index")]
AFTER = [("claims", "0009_reviews"), ("sources", "0008_source_url_index")]


@pytest.mark.django_db(transaction=True)
def test_verdicts_become_reviews_by_us_and_imported_ones_keep_their_site():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Actor, Claim = old.get_model("sources", "Actor"), old.get_model("claims", "Claim")
    Actor.objects.filter(slug="counterclaim").delete()
    Claim.objects.create(slug="ours", text="Ours", verdict="false", verdict_explanation="Because.",
                         reviewed_on=datetime.date(2020, 1, 2))
    Claim.objects.create(slug="imported", text="Imported", verdict="misleading", verdict_explanation="Imported.",
                         reviewed_on=datetime.date(2021, 3, 3), review_url="https://www.misbar.com/factcheck/1")
    Claim.objects.create(slug="unrated", text="Unrated")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Review = new.get_model("claims", "Review")
    rows = sorted(Review.objects.values_list("claim__slug", "reviewer__slug", "reviewer__name", "url", "verdict",
                                             "explanation", "published"))
    assert rows == [
        ("imported", "misbar-com", "misbar.com", "https://www.misbar.com/factcheck/1", "misleading", "Imported.",
         datetime.date(2021, 3, 3)),
        ("ours", "counterclaim", "Counterclaim", "", "false", "Because.", datetime.date(2020, 1, 2)),
    ]
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_claims_stored_before_the_workflow_stay_published_with_a_first_version():
    before = [("claims", "0009_reviews"), ("sources", "0008_source_url_index")]
    after = [("claims", "0013_initial_versions"), ("sources", "0009_history_and_last_updated")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("claims", "Claim").objects.create(slug="old-claim", text="Said before drafts existed")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    claim = new.get_model("claims", "Claim").objects.get(slug="old-claim")
    assert claim.status == "published" and claim.published_at == claim.created
    first = new.get_model("claims", "HistoricalClaim").objects.get(id=claim.pk)
    assert (first.history_type, first.change_kind, first.text) == ("+", "created", "Said before drafts existed")
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
