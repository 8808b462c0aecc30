"""Blank every stored URL that is not an absolute http(s) address, before 0003 adds the check constraints.

javascript:, data: and relative URLs were accepted by URLField's form validation
and not at all by the ORM or the importers; they were rendered as links. A blank
URL means "not known", which is what such a value amounts to.
"""
from django.db import migrations

from tracker.validators import http_url_condition

FIELDS = {"Actor": ["website"], "Source": ["url", "archive_url"]}


def blank_unsafe_urls(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("sources", model_name)
        for field in fields:
            model.objects.exclude(http_url_condition(field)).update(**{field: ""})


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [migrations.RunPython(blank_unsafe_urls, migrations.RunPython.noop)]
