"""The statistics triggers on reports look each report's remark up by its id, and the one on claims' status
finds the changed claims with EXCEPT: both were planned as joins that grew with the table or the statement
(claims/stats.py says why). The functions are replaced in place; the triggers stay.
"""
from django.db import migrations

# The SQL of claims/stats.py, frozen as it was when this migration was written.
CREATE_SQL = """
CREATE OR REPLACE FUNCTION claims_appearance_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT (SELECT m.claim_id FROM claims_remark m WHERE m.id = t.remark_id) FROM new_rows t) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_appearance_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT (SELECT m.claim_id FROM claims_remark m WHERE m.id = t.remark_id) FROM old_rows t UNION SELECT (SELECT m.claim_id FROM claims_remark m WHERE m.id = t.remark_id) FROM new_rows t) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_appearance_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT (SELECT m.claim_id FROM claims_remark m WHERE m.id = t.remark_id) FROM old_rows t) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_claim_status_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    SELECT ARRAY(
        SELECT id FROM (SELECT id, status FROM new_rows EXCEPT SELECT id, status FROM old_rows) AS changed
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
"""

# As 0020 left them.
REVERSE_SQL = """
CREATE OR REPLACE FUNCTION claims_appearance_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT m.claim_id FROM new_rows t JOIN claims_remark m ON m.id = t.remark_id) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_appearance_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT m.claim_id FROM old_rows t JOIN claims_remark m ON m.id = t.remark_id UNION SELECT m.claim_id FROM new_rows t JOIN claims_remark m ON m.id = t.remark_id) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_appearance_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM (SELECT m.claim_id FROM old_rows t JOIN claims_remark m ON m.id = t.remark_id) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;

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
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0023_roles_for_remarks_and_families")]

    operations = [migrations.RunSQL(CREATE_SQL, REVERSE_SQL)]
