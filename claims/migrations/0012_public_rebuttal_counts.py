"""Rebuttal counts count only published claims, and follow a claim's status (SQL frozen from claims/stats.py)."""
from django.db import migrations

FORWARD_SQL = """
CREATE OR REPLACE FUNCTION claims_refresh_stats(ids bigint[]) RETURNS void LANGUAGE sql AS $$
UPDATE claims_claim AS c SET
    role = s.role, appearance_count = s.appearance_count, rebuttal_count = s.rebuttal_count,
    rebuts_count = s.rebuts_count, evidence_count = s.evidence_count,
    first_seen = s.first_seen, first_seen_precision = s.first_seen_precision,
    last_seen = s.last_seen, last_seen_precision = s.last_seen_precision
FROM (
    SELECT c.id,
        CASE WHEN EXISTS (SELECT 1 FROM claims_rebuttal r JOIN claims_rebuttal above
                          ON above.counterclaim_id = r.rebutted_id WHERE r.counterclaim_id = c.id) THEN 'reply'
             WHEN EXISTS (SELECT 1 FROM claims_rebuttal r WHERE r.counterclaim_id = c.id) THEN 'counterclaim'
             ELSE 'talking-point' END AS role,
        (SELECT count(*) FROM claims_appearance a WHERE a.claim_id = c.id) AS appearance_count,
        (SELECT count(*) FROM claims_rebuttal r JOIN claims_claim other ON other.id = r.counterclaim_id
         WHERE r.rebutted_id = c.id AND other.status = 'published') AS rebuttal_count,
        (SELECT count(*) FROM claims_rebuttal r JOIN claims_claim other ON other.id = r.rebutted_id
         WHERE r.counterclaim_id = c.id AND other.status = 'published') AS rebuts_count,
        (SELECT count(*) FROM claims_evidence e WHERE e.claim_id = c.id) AS evidence_count,
        earliest.date AS first_seen, COALESCE(earliest.date_precision, '') AS first_seen_precision,
        latest.date AS last_seen, COALESCE(latest.date_precision, '') AS last_seen_precision
    FROM claims_claim c
    LEFT JOIN LATERAL (SELECT a.date, a.date_precision FROM claims_appearance a
                       WHERE a.claim_id = c.id AND a.date IS NOT NULL ORDER BY a.date, a.id LIMIT 1) earliest ON true
    LEFT JOIN LATERAL (SELECT a.date, a.date_precision FROM claims_appearance a
                       WHERE a.claim_id = c.id AND a.date IS NOT NULL ORDER BY a.date DESC, a.id LIMIT 1) latest ON true
    WHERE c.id = ANY(ids)
) AS s
WHERE c.id = s.id
  AND (c.role, c.appearance_count, c.rebuttal_count, c.rebuts_count, c.evidence_count, c.first_seen,
       c.first_seen_precision, c.last_seen, c.last_seen_precision)
      IS DISTINCT FROM (s.role, s.appearance_count, s.rebuttal_count, s.rebuts_count, s.evidence_count,
                        s.first_seen, s.first_seen_precision, s.last_seen, s.last_seen_precision)
$$;

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

SELECT claims_refresh_stats(ARRAY(SELECT id FROM claims_claim));
"""

DROP_STATUS_SQL = """
DROP TRIGGER IF EXISTS claims_claim_status_update ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_status_update();
"""

BACKWARD_SQL = DROP_STATUS_SQL + """

CREATE OR REPLACE FUNCTION claims_refresh_stats(ids bigint[]) RETURNS void LANGUAGE sql AS $$
UPDATE claims_claim AS c SET
    role = s.role, appearance_count = s.appearance_count, rebuttal_count = s.rebuttal_count,
    rebuts_count = s.rebuts_count, evidence_count = s.evidence_count,
    first_seen = s.first_seen, first_seen_precision = s.first_seen_precision,
    last_seen = s.last_seen, last_seen_precision = s.last_seen_precision
FROM (
    SELECT c.id,
        CASE WHEN EXISTS (SELECT 1 FROM claims_rebuttal r JOIN claims_rebuttal above
                          ON above.counterclaim_id = r.rebutted_id WHERE r.counterclaim_id = c.id) THEN 'reply'
             WHEN EXISTS (SELECT 1 FROM claims_rebuttal r WHERE r.counterclaim_id = c.id) THEN 'counterclaim'
             ELSE 'talking-point' END AS role,
        (SELECT count(*) FROM claims_appearance a WHERE a.claim_id = c.id) AS appearance_count,
        (SELECT count(*) FROM claims_rebuttal r WHERE r.rebutted_id = c.id) AS rebuttal_count,
        (SELECT count(*) FROM claims_rebuttal r WHERE r.counterclaim_id = c.id) AS rebuts_count,
        (SELECT count(*) FROM claims_evidence e WHERE e.claim_id = c.id) AS evidence_count,
        earliest.date AS first_seen, COALESCE(earliest.date_precision, '') AS first_seen_precision,
        latest.date AS last_seen, COALESCE(latest.date_precision, '') AS last_seen_precision
    FROM claims_claim c
    LEFT JOIN LATERAL (SELECT a.date, a.date_precision FROM claims_appearance a
                       WHERE a.claim_id = c.id AND a.date IS NOT NULL ORDER BY a.date, a.id LIMIT 1) earliest ON true
    LEFT JOIN LATERAL (SELECT a.date, a.date_precision FROM claims_appearance a
                       WHERE a.claim_id = c.id AND a.date IS NOT NULL ORDER BY a.date DESC, a.id LIMIT 1) latest ON true
    WHERE c.id = ANY(ids)
) AS s
WHERE c.id = s.id
  AND (c.role, c.appearance_count, c.rebuttal_count, c.rebuts_count, c.evidence_count, c.first_seen,
       c.first_seen_precision, c.last_seen, c.last_seen_precision)
      IS DISTINCT FROM (s.role, s.appearance_count, s.rebuttal_count, s.rebuts_count, s.evidence_count,
                        s.first_seen, s.first_seen_precision, s.last_seen, s.last_seen_precision)
$$;

SELECT claims_refresh_stats(ARRAY(SELECT id FROM claims_claim));
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_editorial_roles")]

    operations = [migrations.RunSQL(FORWARD_SQL, BACKWARD_SQL)]
