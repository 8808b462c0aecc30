"""Talking-point families: a named line whose variants (claims) are its wordings over the years."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0020_reports'),
    ]

    operations = [
        migrations.CreateModel(
            name='Family',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='What the line is called, e.g. "vocational training".', max_length=200, unique=True)),
                ('slug', models.SlugField(max_length=200, unique=True)),
                ('description', models.TextField(blank=True)),
            ],
            options={
                'verbose_name': 'talking-point family',
                'verbose_name_plural': 'talking-point families',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='family',
            field=models.ForeignKey(blank=True, help_text='The talking point this claim is one wording of.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='claims', to='claims.family'),
        ),
    ]
