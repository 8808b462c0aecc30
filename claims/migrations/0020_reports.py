"""Appearances are reports of remarks: the columns that moved to Remark go, each appearance needs its
remark, the remarks get their indexes (after 0019 filled them), and the claim figures come back counting
remarks (how often said) and reports (how often printed), first and last seen from the remarks' dates.
"""
from django.db import migrations, models
import django.db.models.deletion


# The SQL of claims/stats.py, frozen as it was when this migration was written (rebuttal counts count
# published claims only, as since 0012, and 0012's status trigger comes back).

CREATE_SQL = """
CREATE OR REPLACE FUNCTION claims_refresh_stats(ids bigint[]) RETURNS void LANGUAGE sql AS $$
UPDATE claims_claim AS c SET
    role = s.role, remark_count = s.remark_count, appearance_count = s.appearance_count,
    rebuttal_count = s.rebuttal_count,
    rebuts_count = s.rebuts_count, evidence_count = s.evidence_count,
    first_seen = s.first_seen, first_seen_precision = s.first_seen_precision,
    last_seen = s.last_seen, last_seen_precision = s.last_seen_precision
FROM (
    SELECT c.id,
        CASE WHEN EXISTS (SELECT 1 FROM claims_rebuttal r JOIN claims_rebuttal above
                          ON above.counterclaim_id = r.rebutted_id WHERE r.counterclaim_id = c.id) THEN 'reply'
             WHEN EXISTS (SELECT 1 FROM claims_rebuttal r WHERE r.counterclaim_id = c.id) THEN 'counterclaim'
             ELSE 'talking-point' END AS role,
        (SELECT count(*) FROM claims_remark m WHERE m.claim_id = c.id) AS remark_count,
        (SELECT count(*) FROM claims_appearance a JOIN claims_remark m ON m.id = a.remark_id
         WHERE m.claim_id = c.id) AS appearance_count,
        (SELECT count(*) FROM claims_rebuttal r JOIN claims_claim other ON other.id = r.counterclaim_id
         WHERE r.rebutted_id = c.id AND other.status = 'published') AS rebuttal_count,
        (SELECT count(*) FROM claims_rebuttal r JOIN claims_claim other ON other.id = r.rebutted_id
         WHERE r.counterclaim_id = c.id AND other.status = 'published') AS rebuts_count,
        (SELECT count(*) FROM claims_evidence e WHERE e.claim_id = c.id) AS evidence_count,
        earliest.date AS first_seen, COALESCE(earliest.date_precision, '') AS first_seen_precision,
        latest.date AS last_seen, COALESCE(latest.date_precision, '') AS last_seen_precision
    FROM claims_claim c
    LEFT JOIN LATERAL (SELECT m.date, m.date_precision FROM claims_remark m
                       WHERE m.claim_id = c.id AND m.date IS NOT NULL ORDER BY m.date, m.id LIMIT 1) earliest ON true
    LEFT JOIN LATERAL (SELECT m.date, m.date_precision FROM claims_remark m
                       WHERE m.claim_id = c.id AND m.date IS NOT NULL ORDER BY m.date DESC, m.id LIMIT 1) latest ON true
    WHERE c.id = ANY(ids)
) AS s
WHERE c.id = s.id
  AND (c.role, c.remark_count, c.appearance_count, c.rebuttal_count, c.rebuts_count, c.evidence_count,
       c.first_seen, c.first_seen_precision, c.last_seen, c.last_seen_precision)
      IS DISTINCT FROM (s.role, s.remark_count, s.appearance_count, s.rebuttal_count, s.rebuts_count,
                        s.evidence_count, s.first_seen, s.first_seen_precision, s.last_seen, s.last_seen_precision)
$$;


CREATE OR REPLACE FUNCTION claims_remark_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT claim_id FROM new_rows) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_remark_stats_insert AFTER INSERT ON claims_remark REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_remark_stats_insert();


CREATE OR REPLACE FUNCTION claims_appearance_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT m.claim_id FROM new_rows t JOIN claims_remark m ON m.id = t.remark_id) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_appearance_stats_insert AFTER INSERT ON claims_appearance REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_appearance_stats_insert();


CREATE OR REPLACE FUNCTION claims_evidence_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT claim_id FROM new_rows) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_evidence_stats_insert AFTER INSERT ON claims_evidence REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_evidence_stats_insert();


CREATE OR REPLACE FUNCTION claims_rebuttal_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT counterclaim_id FROM new_rows UNION SELECT rebutted_id FROM new_rows UNION SELECT r.counterclaim_id FROM claims_rebuttal r JOIN new_rows t ON r.rebutted_id = t.counterclaim_id) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_rebuttal_stats_insert AFTER INSERT ON claims_rebuttal REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_rebuttal_stats_insert();


CREATE OR REPLACE FUNCTION claims_remark_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT claim_id FROM old_rows UNION SELECT claim_id FROM new_rows) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_remark_stats_update AFTER UPDATE ON claims_remark REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_remark_stats_update();


CREATE OR REPLACE FUNCTION claims_appearance_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT m.claim_id FROM old_rows t JOIN claims_remark m ON m.id = t.remark_id UNION SELECT m.claim_id FROM new_rows t JOIN claims_remark m ON m.id = t.remark_id) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_appearance_stats_update AFTER UPDATE ON claims_appearance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_appearance_stats_update();


CREATE OR REPLACE FUNCTION claims_evidence_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT claim_id FROM old_rows UNION SELECT claim_id FROM new_rows) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_evidence_stats_update AFTER UPDATE ON claims_evidence REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_evidence_stats_update();


CREATE OR REPLACE FUNCTION claims_rebuttal_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT counterclaim_id FROM old_rows UNION SELECT rebutted_id FROM old_rows UNION SELECT r.counterclaim_id FROM claims_rebuttal r JOIN old_rows t ON r.rebutted_id = t.counterclaim_id UNION SELECT counterclaim_id FROM new_rows UNION SELECT rebutted_id FROM new_rows UNION SELECT r.counterclaim_id FROM claims_rebuttal r JOIN new_rows t ON r.rebutted_id = t.counterclaim_id) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_rebuttal_stats_update AFTER UPDATE ON claims_rebuttal REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_rebuttal_stats_update();


CREATE OR REPLACE FUNCTION claims_remark_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT claim_id FROM old_rows) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_remark_stats_delete AFTER DELETE ON claims_remark REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_remark_stats_delete();


CREATE OR REPLACE FUNCTION claims_appearance_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT m.claim_id FROM old_rows t JOIN claims_remark m ON m.id = t.remark_id) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_appearance_stats_delete AFTER DELETE ON claims_appearance REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_appearance_stats_delete();


CREATE OR REPLACE FUNCTION claims_evidence_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT claim_id FROM old_rows) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_evidence_stats_delete AFTER DELETE ON claims_evidence REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_evidence_stats_delete();


CREATE OR REPLACE FUNCTION claims_rebuttal_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT counterclaim_id FROM old_rows UNION SELECT rebutted_id FROM old_rows UNION SELECT r.counterclaim_id FROM claims_rebuttal r JOIN old_rows t ON r.rebutted_id = t.counterclaim_id) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_rebuttal_stats_delete AFTER DELETE ON claims_rebuttal REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_rebuttal_stats_delete();


CREATE OR REPLACE FUNCTION claims_claim_status_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    SELECT ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.status IS DISTINCT FROM o.status
    ) INTO ids;
    IF cardinality(ids) > 0 THEN
        PERFORM claims_refresh_stats(ARRAY(
            SELECT unnest(ids)
            UNION SELECT r.rebutted_id FROM claims_rebuttal r WHERE r.counterclaim_id = ANY(ids)
            UNION SELECT r.counterclaim_id FROM claims_rebuttal r WHERE r.rebutted_id = ANY(ids)
        ));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_claim_status_update AFTER UPDATE ON claims_claim
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_status_update();

SELECT claims_refresh_stats(ARRAY(SELECT id FROM claims_claim));"""


DROP_SQL = """
DROP TRIGGER IF EXISTS claims_claim_status_update ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_status_update();

DROP TRIGGER IF EXISTS claims_remark_stats_insert ON claims_remark;
DROP FUNCTION IF EXISTS claims_remark_stats_insert();
DROP TRIGGER IF EXISTS claims_remark_stats_update ON claims_remark;
DROP FUNCTION IF EXISTS claims_remark_stats_update();
DROP TRIGGER IF EXISTS claims_remark_stats_delete ON claims_remark;
DROP FUNCTION IF EXISTS claims_remark_stats_delete();
DROP TRIGGER IF EXISTS claims_appearance_stats_insert ON claims_appearance;
DROP FUNCTION IF EXISTS claims_appearance_stats_insert();
DROP TRIGGER IF EXISTS claims_appearance_stats_update ON claims_appearance;
DROP FUNCTION IF EXISTS claims_appearance_stats_update();
DROP TRIGGER IF EXISTS claims_appearance_stats_delete ON claims_appearance;
DROP FUNCTION IF EXISTS claims_appearance_stats_delete();
DROP TRIGGER IF EXISTS claims_evidence_stats_insert ON claims_evidence;
DROP FUNCTION IF EXISTS claims_evidence_stats_insert();
DROP TRIGGER IF EXISTS claims_evidence_stats_update ON claims_evidence;
DROP FUNCTION IF EXISTS claims_evidence_stats_update();
DROP TRIGGER IF EXISTS claims_evidence_stats_delete ON claims_evidence;
DROP FUNCTION IF EXISTS claims_evidence_stats_delete();
DROP TRIGGER IF EXISTS claims_rebuttal_stats_insert ON claims_rebuttal;
DROP FUNCTION IF EXISTS claims_rebuttal_stats_insert();
DROP TRIGGER IF EXISTS claims_rebuttal_stats_update ON claims_rebuttal;
DROP FUNCTION IF EXISTS claims_rebuttal_stats_update();
DROP TRIGGER IF EXISTS claims_rebuttal_stats_delete ON claims_rebuttal;
DROP FUNCTION IF EXISTS claims_rebuttal_stats_delete();
DROP FUNCTION IF EXISTS claims_refresh_stats(bigint[]);"""


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0019_appearances_into_remarks'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='appearance', name='appearance_date_has_precision'),
        migrations.RemoveConstraint(model_name='appearance', name='appearance_date_month_is_normalised'),
        migrations.RemoveConstraint(model_name='appearance', name='appearance_date_year_is_normalised'),
        migrations.RemoveConstraint(model_name='appearance', name='appearance_language_valid'),
        migrations.RemoveConstraint(model_name='appearance', name='appearance_original_quote_has_language'),
        migrations.RemoveIndex(model_name='appearance', name='appearance_by_date'),
        migrations.RemoveIndex(model_name='appearance', name='appearance_by_speaker_date'),
        migrations.RemoveField(model_name='appearance', name='claim'),
        migrations.RemoveField(model_name='appearance', name='speaker'),
        migrations.RemoveField(model_name='appearance', name='date'),
        migrations.RemoveField(model_name='appearance', name='date_basis'),
        migrations.RemoveField(model_name='appearance', name='date_precision'),
        migrations.RemoveField(model_name='appearance', name='original_language'),
        migrations.RemoveField(model_name='appearance', name='original_quote'),
        migrations.RemoveField(model_name='appearance', name='venue'),
        migrations.AlterField(
            model_name='appearance',
            name='remark',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='claims.remark'),
        ),
        migrations.AlterModelOptions(
            name='appearance',
            options={'ordering': ['remark', 'pk'], 'verbose_name': 'report'},
        ),
        migrations.AlterField(
            model_name='appearance',
            name='is_direct_quote',
            field=models.BooleanField(default=True, help_text='Unticked when the source reports the remark in its own words rather than quoting.'),
        ),
        migrations.AlterField(
            model_name='appearance',
            name='quote',
            field=models.TextField(help_text='The words exactly as this source prints them (in English).'),
        ),
        migrations.AddIndex(
            model_name='remark',
            index=models.Index(models.F('claim'), models.OrderBy(models.F('date'), nulls_last=True), models.F('id'), name='remark_by_claim_date'),
        ),
        migrations.AddIndex(
            model_name='remark',
            index=models.Index(models.OrderBy(models.F('date'), nulls_last=True), models.F('id'), name='remark_by_date'),
        ),
        migrations.AddIndex(
            model_name='remark',
            index=models.Index(models.F('speaker'), models.OrderBy(models.F('date'), nulls_last=True), models.F('id'), name='remark_by_speaker_date'),
        ),
        migrations.AddIndex(
            model_name='remark',
            index=models.Index(models.F('speaker'), models.F('claim'), name='remark_by_speaker_claim'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(models.OrderBy(models.F('remark_count'), descending=True), models.F('text'), name='claim_most_remarks'),
        ),
        # Fill and keep the figures (SQL frozen from claims/stats.py).
        migrations.RunSQL(CREATE_SQL, DROP_SQL),
    ]
