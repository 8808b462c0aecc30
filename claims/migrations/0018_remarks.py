"""One remark, many reports: a Remark (speaker, date, venue, the words) that appearances report.

This migration adds the Remark table beside the appearances; 0019 groups the
appearances into remarks and 0020 drops the columns that moved to the remark. The
claim-figure triggers of 0006 (and 0012's status trigger) read appearance.claim_id,
so they go here and come back, reading remarks, in 0020. Appearance's claim and speaker become nullable on
the way, so that the three steps can be reversed.
"""
from importlib import import_module

import django.db.models.deletion
import django.db.models.functions.comparison
import django.db.models.functions.datetime
import django.db.models.lookups
from django.db import migrations, models

import tracker.validators

STATS_0006 = import_module("claims.migrations.0006_claim_stats")
STATS_0012 = import_module("claims.migrations.0012_public_rebuttal_counts")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0017_history_of_technique_links_and_key_events'),
        ('sources', '0009_history_and_last_updated'),
    ]

    operations = [
        # The status trigger (0012) calls the figures' function that goes here; both come back in 0020.
        migrations.RunSQL(STATS_0012.DROP_STATUS_SQL + STATS_0006.DROP_SQL, STATS_0006.CREATE_SQL + STATS_0012.FORWARD_SQL),
        migrations.CreateModel(
            name='Remark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(blank=True, help_text='When it was said; the first of the month or year if only that is known.', null=True)),
                ('date_precision', models.CharField(blank=True, choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], max_length=5)),
                ('date_basis', models.TextField(blank=True, help_text='How the date is known, when no report prints it.')),
                ('venue', models.CharField(blank=True, help_text='Where it was said, e.g. "regular press conference".', max_length=200)),
                ('words', models.TextField(blank=True, help_text="The words as said (in English): the primary record's, else the fullest direct quote among the reports. Blank when every report only paraphrases.")),
                ('original_words', models.TextField(blank=True, help_text='The words in the original language, when known.')),
                ('original_language', models.CharField(blank=True, choices=[('en', 'English'), ('zh', 'Chinese'), ('ug', 'Uyghur'), ('kk', 'Kazakh'), ('ky', 'Kyrgyz'), ('uz', 'Uzbek'), ('ru', 'Russian'), ('fr', 'French'), ('de', 'German'), ('es', 'Spanish'), ('ar', 'Arabic'), ('tr', 'Turkish'), ('ja', 'Japanese'), ('ko', 'Korean')], max_length=8)),
                ('record_url', models.TextField(blank=True, help_text="The primary record of the remark (a transcript, a video, the speaker's own post), when known.", validators=[tracker.validators.HttpURLValidator()], verbose_name='primary record URL')),
                ('claim', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='remarks', to='claims.claim')),
                ('speaker', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='remarks', to='sources.actor')),
            ],
            options={
                'ordering': ['date', 'pk'],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(models.Q(('date__isnull', True), ('date_precision', '')), models.Q(('date__isnull', False), ('date_precision__in', ['day', 'month', 'year'])), _connector='OR'), name='remark_date_has_precision'),
                    models.CheckConstraint(condition=models.Q(models.Q(('date_precision', 'month'), _negated=True), django.db.models.lookups.Exact(django.db.models.functions.datetime.ExtractDay(django.db.models.functions.comparison.Cast('date', models.DateField())), 1), _connector='OR'), name='remark_date_month_is_normalised'),
                    models.CheckConstraint(condition=models.Q(models.Q(('date_precision', 'year'), _negated=True), models.Q(django.db.models.lookups.Exact(django.db.models.functions.datetime.ExtractDay(django.db.models.functions.comparison.Cast('date', models.DateField())), 1), django.db.models.lookups.Exact(django.db.models.functions.datetime.ExtractMonth(django.db.models.functions.comparison.Cast('date', models.DateField())), 1)), _connector='OR'), name='remark_date_year_is_normalised'),
                    models.CheckConstraint(condition=models.Q(('original_language__in', ['en', 'zh', 'ug', 'kk', 'ky', 'uz', 'ru', 'fr', 'de', 'es', 'ar', 'tr', 'ja', 'ko']), ('original_language', ''), _connector='OR'), name='remark_language_valid'),
                    models.CheckConstraint(condition=models.Q(('original_words', ''), models.Q(('original_language', ''), _negated=True), _connector='OR'), name='remark_original_words_have_language'),
                    models.CheckConstraint(condition=models.Q(('record_url', ''), ('record_url__iregex', '^https?://[^/\\s]'), _connector='OR'), name='remark_record_url_http'),
                ],
            },
        ),
        migrations.AddField(
            model_name='appearance',
            name='remark',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='claims.remark'),
        ),
        migrations.AlterField(
            model_name='appearance',
            name='claim',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='appearances', to='claims.claim'),
        ),
        migrations.AlterField(
            model_name='appearance',
            name='speaker',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='appearances', to='sources.actor'),
        ),
        migrations.AddField(
            model_name='claim',
            name='remark_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False, help_text='How many times it was said (remarks).'),
        ),
        migrations.AlterField(
            model_name='claim',
            name='appearance_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False, help_text='How many times sources printed it (reports).'),
        ),
    ]
