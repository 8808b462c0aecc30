from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """An index of the published claims' ids, built without locking the claims table against writes."""

    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("claims", "0024_stats_triggers_without_growing_joins"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="claim",
            index=models.Index(models.F("id"), condition=models.Q(("status", "published")), name="claim_published_id"),
        ),
    ]
