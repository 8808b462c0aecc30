"""Framing terms in Chinese get their pinyin (issue 14: glossary pages)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0014_claim_technique_annotations'),
    ]

    operations = [
        migrations.AddField(
            model_name='framingterm',
            name='pinyin',
            field=models.CharField(blank=True, db_default='', default='', help_text='How a Chinese term is read, in Hanyu Pinyin with tone marks: “yīng shōu jìn shōu”.', max_length=200),
        ),
        migrations.AddConstraint(
            model_name='framingterm',
            constraint=models.CheckConstraint(condition=models.Q(('pinyin', ''), models.Q(('original_language', 'zh'), models.Q(('original_script', ''), _negated=True)), _connector='OR'), name='framingterm_pinyin_reads_chinese'),
        ),
    ]
