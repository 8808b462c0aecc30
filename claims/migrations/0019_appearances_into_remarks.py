"""Group the appearances into remarks: the same claim, speaker, date (and precision), venue and original
words are one remark, and each appearance becomes one of its reports.

The remark's words are the longest direct quote among its reports (blank when every
report paraphrases), its date basis every distinct basis the reports gave, in order.
Original-language words are part of the grouping, so none is lost. Written for any
size: the appearances are read in key order from a server-side cursor and written
back in batches.
"""
from django.db import migrations
from django.db.models import F
from psycopg2.extras import execute_values

BATCH = 2000
KEY = ["claim_id", "speaker_id", "date", "date_precision", "venue", "original_quote", "original_language"]


def _remark(Remark, key, rows):
    claim_id, speaker_id, date, precision, venue, original, language = key
    direct = [row for row in rows if row["is_direct_quote"]]
    words = max(direct, key=lambda row: (len(row["quote"]), -row["pk"]))["quote"] if direct else ""
    bases = list(dict.fromkeys(row["date_basis"] for row in rows if row["date_basis"]))
    return Remark(claim_id=claim_id, speaker_id=speaker_id, date=date, date_precision=precision,
                  date_basis=" ".join(bases), venue=venue, words=words, original_words=original,
                  original_language=language)


def group_into_remarks(apps, schema_editor):
    Appearance = apps.get_model("claims", "Appearance")
    Remark = apps.get_model("claims", "Remark")
    rows = (Appearance.objects.order_by(*[F(name).asc(nulls_first=True) for name in KEY], "pk")
            .values("pk", *KEY, "date_basis", "quote", "is_direct_quote"))
    groups = []

    def flush():
        remarks = Remark.objects.bulk_create([_remark(Remark, key, members) for key, members in groups])
        pairs = [(row["pk"], remark.pk) for remark, (_, members) in zip(remarks, groups) for row in members]
        with schema_editor.connection.cursor() as cursor:
            execute_values(cursor.cursor, "UPDATE claims_appearance AS a SET remark_id = v.remark FROM (VALUES %s) "
                           "AS v(appearance, remark) WHERE a.id = v.appearance", pairs, page_size=len(pairs))
        groups.clear()

    for row in rows.iterator(chunk_size=BATCH):
        key = tuple(row[name] for name in KEY)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(row)
            continue
        if len(groups) >= BATCH:
            flush()
        groups.append((key, [row]))
    if groups:
        flush()


def remarks_into_appearances(apps, schema_editor):
    schema_editor.execute("""
        UPDATE claims_appearance AS a SET claim_id = m.claim_id, speaker_id = m.speaker_id, date = m.date,
            date_precision = m.date_precision, date_basis = m.date_basis, venue = m.venue,
            original_quote = m.original_words, original_language = m.original_language
        FROM claims_remark AS m WHERE m.id = a.remark_id
    """)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0018_remarks'),
    ]

    operations = [
        migrations.RunPython(group_into_remarks, remarks_into_appearances),
    ]
