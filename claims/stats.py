"""A claim's derived figures, kept by PostgreSQL: role, counts of remarks (times it was said), of reports
(times sources printed it), of rebuttals (both ways) and of evidence, first and last seen (the dates of its
remarks, with their precision).

Statement-level triggers on remarks, reports, evidence and rebuttals recompute the
figures of the claims a statement touched, from its transition tables, so one
COPY of 500,000 rows costs one recomputation per claim, and no way of writing
rows (the ORM, bulk_create, update(), raw SQL, COPY) can leave them stale. The
role of a claim depends on what the claims it rebuts rebut, so a new or removed
rebuttal also refreshes the claims that rebut its counterclaim. A report reaches its
claim through its remark.

Rebuttal counts are public figures: they count only published claims, so a
claim's status change refreshes the claims on either side of its rebuttals.
"""

REFRESH_FUNCTION = """
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
"""

# The claims a changed row of each table touches ({rows}: the transition table).
TOUCHED = {
    "claims_remark": "SELECT claim_id FROM {rows}",
    # A report's claim is its remark's. A remark deleted before its reports (foreign keys are checked at
    # commit) was already counted out by the remark's own trigger. Looked up report by report: joined, the
    # planner hashed every remark for a batch of 1,000 reports (60 ms at 100,000 remarks, growing with them).
    "claims_appearance": "SELECT (SELECT m.claim_id FROM claims_remark m WHERE m.id = t.remark_id) FROM {rows} t",
    "claims_evidence": "SELECT claim_id FROM {rows}",
    # A rebuttal touches both ends, and the claims that rebut its counterclaim (their role may change).
    "claims_rebuttal": "SELECT counterclaim_id FROM {rows} UNION SELECT rebutted_id FROM {rows} "
                       "UNION SELECT r.counterclaim_id FROM claims_rebuttal r JOIN {rows} t ON r.rebutted_id = t.counterclaim_id",
}


def _trigger_sql(table, event, rows_sql):
    name = f"{table}_stats_{event.lower()}"
    transition = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows",
                  "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}[event]
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_stats(ARRAY(SELECT DISTINCT id FROM ({rows_sql}) AS touched(id) WHERE id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition}
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


# A claim whose status changed, and the claims on either side of its rebuttals (their counts change). The
# guard matters: refreshing updates claims_claim, which fires this trigger again, with no status changed.
# EXCEPT, not a join of the transition tables: planned for one row each, the join compared every updated
# row with every other (a third of a second for 1,000 claims refreshed by one statement).
STATUS_TRIGGER = """
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
CREATE TRIGGER claims_claim_status_update AFTER UPDATE ON claims_claim
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_status_update();
"""
DROP_STATUS_TRIGGER = """
DROP TRIGGER IF EXISTS claims_claim_status_update ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_status_update();
"""


def _rows(event, select):
    """`select` (with {rows} for the transition table) over the new rows, the old rows, or both."""
    tables = {"INSERT": ["new_rows"], "DELETE": ["old_rows"], "UPDATE": ["old_rows", "new_rows"]}[event]
    return " UNION ".join(select.format(rows=table) for table in tables)


def _create_sql():
    parts = [REFRESH_FUNCTION]
    for event in ("INSERT", "UPDATE", "DELETE"):
        for table, select in TOUCHED.items():
            parts.append(_trigger_sql(table, event, _rows(event, select)))
    parts.append(STATUS_TRIGGER)
    parts.append("SELECT claims_refresh_stats(ARRAY(SELECT id FROM claims_claim));")
    return "\n".join(parts)


def _drop_sql():
    parts = [DROP_STATUS_TRIGGER]
    for table in TOUCHED:
        for event in ("insert", "update", "delete"):
            parts.append(f"DROP TRIGGER IF EXISTS {table}_stats_{event} ON {table};")
            parts.append(f"DROP FUNCTION IF EXISTS {table}_stats_{event}();")
    parts.append("DROP FUNCTION IF EXISTS claims_refresh_stats(bigint[]);")
    return "\n".join(parts)


CREATE_SQL = _create_sql()
DROP_SQL = _drop_sql()
