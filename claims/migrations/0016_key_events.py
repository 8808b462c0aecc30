"""Key events (leaks, bans, UN findings): the timeline's own layer (issue 14)."""

import django.db.models.deletion
import django.db.models.functions.comparison
import django.db.models.functions.datetime
import django.db.models.lookups
import tracker.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0015_framingterm_pinyin'),
        ('sources', '0009_history_and_last_updated'),
    ]

    operations = [
        migrations.CreateModel(
            name='KeyEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=200, unique=True)),
                ('title', models.CharField(help_text='Short, for the timeline: "The Xinjiang Police Files are published".', max_length=200)),
                ('kind', models.CharField(choices=[('leak', 'Leak'), ('ban', 'Ban or sanction'), ('un', 'UN finding or visit'), ('other', 'Other event')], max_length=10)),
                ('date', models.DateField(help_text='The first of the month or year if only that is known.')),
                ('date_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], max_length=5)),
                ('date_basis', models.TextField(blank=True, help_text='How the date is known, when the source does not print it.')),
                ('description', models.TextField(blank=True)),
                ('url', models.URLField(blank=True, help_text="Where the event itself is recorded, when known (else the source's address).", max_length=500, validators=[tracker.validators.HttpURLValidator()], verbose_name='URL')),
                ('source', models.ForeignKey(blank=True, help_text='The source that records it, when we hold one.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='key_events', to='sources.source')),
            ],
            options={
                'ordering': ['date', 'pk'],
                'indexes': [models.Index(models.F('date'), models.F('id'), name='keyevent_by_date')],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['leak', 'ban', 'un', 'other'])), name='keyevent_kind_valid'), models.CheckConstraint(condition=models.Q(models.Q(('date__isnull', True), ('date_precision', '')), models.Q(('date__isnull', False), ('date_precision__in', ['day', 'month', 'year'])), _connector='OR'), name='keyevent_date_has_precision'), models.CheckConstraint(condition=models.Q(models.Q(('date_precision', 'month'), _negated=True), django.db.models.lookups.Exact(django.db.models.functions.datetime.ExtractDay(django.db.models.functions.comparison.Cast('date', models.DateField())), 1), _connector='OR'), name='keyevent_date_month_is_normalised'), models.CheckConstraint(condition=models.Q(models.Q(('date_precision', 'year'), _negated=True), models.Q(django.db.models.lookups.Exact(django.db.models.functions.datetime.ExtractDay(django.db.models.functions.comparison.Cast('date', models.DateField())), 1), django.db.models.lookups.Exact(django.db.models.functions.datetime.ExtractMonth(django.db.models.functions.comparison.Cast('date', models.DateField())), 1)), _connector='OR'), name='keyevent_date_year_is_normalised'), models.CheckConstraint(condition=models.Q(('url', ''), ('url__iregex', '^https?://[^/\\s]'), _connector='OR'), name='keyevent_url_is_http')],
            },
        ),
    ]
