"""Remarks and talking-point families get a versioned history like every content model (claims 0013, 0017), and
a report's versions follow it from a claim and speaker to its remark."""
import importlib

import django.db.models.deletion
import simple_history.models
import tracker.validators
from django.conf import settings
from django.db import migrations, models


initial_versions = importlib.import_module("claims.migrations.0013_initial_versions")
TABLES = [("claims", "remark"), ("claims", "family")]


def first_versions(apps, schema_editor):
    initial_versions.first_versions(apps, schema_editor, TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0021_families'),
        ('sources', '0009_history_and_last_updated'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalappearance',
            name='remark',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.remark'),
        ),
        # Versions written before remarks keep their place: each points to the remark its appearance became.
        migrations.RunSQL(
            "UPDATE claims_historicalappearance AS h SET remark_id = a.remark_id FROM claims_appearance AS a"
            " WHERE a.id = h.id",
            migrations.RunSQL.noop,
        ),
        migrations.AlterModelOptions(
            name='historicalappearance',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'historical report', 'verbose_name_plural': 'historical reports'},
        ),
        migrations.RemoveField(
            model_name='historicalappearance',
            name='claim',
        ),
        migrations.RemoveField(
            model_name='historicalappearance',
            name='date',
        ),
        migrations.RemoveField(
            model_name='historicalappearance',
            name='date_basis',
        ),
        migrations.RemoveField(
            model_name='historicalappearance',
            name='date_precision',
        ),
        migrations.RemoveField(
            model_name='historicalappearance',
            name='original_language',
        ),
        migrations.RemoveField(
            model_name='historicalappearance',
            name='original_quote',
        ),
        migrations.RemoveField(
            model_name='historicalappearance',
            name='speaker',
        ),
        migrations.RemoveField(
            model_name='historicalappearance',
            name='venue',
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='family',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The talking point this claim is one wording of.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.family'),
        ),
        migrations.AlterField(
            model_name='historicalappearance',
            name='is_direct_quote',
            field=models.BooleanField(default=True, help_text='Unticked when the source reports the remark in its own words rather than quoting.'),
        ),
        migrations.AlterField(
            model_name='historicalappearance',
            name='quote',
            field=models.TextField(help_text='The words exactly as this source prints them (in English).'),
        ),
        migrations.CreateModel(
            name='HistoricalFamily',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('change_kind', models.CharField(choices=[('created', 'Created'), ('draft', 'Edit before publication'), ('published', 'Published'), ('withdrawn', 'Withdrawn'), ('correction', 'Correction'), ('update', 'Update'), ('clarification', 'Clarification'), ('housekeeping', 'Housekeeping')], default='housekeeping', max_length=16)),
                ('changes', models.JSONField(blank=True, default=list, help_text='[{field, label, old, new}] against the version before, as displayed.')),
                ('name', models.CharField(db_index=True, help_text='What the line is called, e.g. "vocational training".', max_length=200)),
                ('slug', models.SlugField(max_length=200)),
                ('description', models.TextField(blank=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical talking-point family',
                'verbose_name_plural': 'historical talking-point families',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRemark',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('change_kind', models.CharField(choices=[('created', 'Created'), ('draft', 'Edit before publication'), ('published', 'Published'), ('withdrawn', 'Withdrawn'), ('correction', 'Correction'), ('update', 'Update'), ('clarification', 'Clarification'), ('housekeeping', 'Housekeeping')], default='housekeeping', max_length=16)),
                ('changes', models.JSONField(blank=True, default=list, help_text='[{field, label, old, new}] against the version before, as displayed.')),
                ('date', models.DateField(blank=True, help_text='When it was said; the first of the month or year if only that is known.', null=True)),
                ('date_precision', models.CharField(blank=True, choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], max_length=5)),
                ('date_basis', models.TextField(blank=True, help_text='How the date is known, when no report prints it.')),
                ('venue', models.CharField(blank=True, help_text='Where it was said, e.g. "regular press conference".', max_length=200)),
                ('words', models.TextField(blank=True, help_text="The words as said (in English): the primary record's, else the fullest direct quote among the reports. Blank when every report only paraphrases.")),
                ('original_words', models.TextField(blank=True, help_text='The words in the original language, when known.')),
                ('original_language', models.CharField(blank=True, choices=[('en', 'English'), ('zh', 'Chinese'), ('ug', 'Uyghur'), ('kk', 'Kazakh'), ('ky', 'Kyrgyz'), ('uz', 'Uzbek'), ('ru', 'Russian'), ('fr', 'French'), ('de', 'German'), ('es', 'Spanish'), ('ar', 'Arabic'), ('tr', 'Turkish'), ('ja', 'Japanese'), ('ko', 'Korean')], max_length=8)),
                ('record_url', models.TextField(blank=True, help_text="The primary record of the remark (a transcript, a video, the speaker's own post), when known.", validators=[tracker.validators.HttpURLValidator()], verbose_name='primary record URL')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('speaker', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.actor')),
            ],
            options={
                'verbose_name': 'historical remark',
                'verbose_name_plural': 'historical remarks',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        *initial_versions.public_change_indexes(TABLES),
        migrations.RunPython(first_versions, migrations.RunPython.noop),
    ]
