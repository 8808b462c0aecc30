from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """The speaker's remarks by date, with their claim in the index: built before the old one goes, and without
    locking the remarks against writes."""

    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("claims", "0025_published_claims_index"),
        ("sources", "0009_history_and_last_updated"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="remark",
            index=models.Index(fields=["speaker", "date", "id"], include=("claim",), name="remark_by_speaker_date_claim"),
        ),
        RemoveIndexConcurrently(model_name="remark", name="remark_by_speaker_date"),
    ]
