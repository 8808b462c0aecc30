"""Blank every stored review URL that is not an absolute http(s) address, before 0005 adds the check constraint.

import_claimreview stored whatever `url` a review carried (javascript:, data: ...);
a blank review URL means the claim's own page stands for the review.
"""
from django.db import migrations

from tracker.validators import http_url_condition


def blank_unsafe_review_urls(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Claim.objects.exclude(http_url_condition("review_url")).update(review_url="")


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_claim_review_url")]

    operations = [migrations.RunPython(blank_unsafe_review_urls, migrations.RunPython.noop)]
