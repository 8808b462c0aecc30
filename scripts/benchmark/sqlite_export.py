"""The claims and their appearances, copied from PostgreSQL to a SQLite file with FTS5, for Datasette.

The FTS table follows the sqlite-utils convention (`claims_fts`, content="claims"), which Datasette
detects, so `/<db>/claims?_search=word` is a full-text search over claim text and context.
"""
import sqlite3

from django.db import connection, transaction

SCHEMA = """
CREATE TABLE claims (id INTEGER PRIMARY KEY, slug TEXT, text TEXT, context TEXT, verdict TEXT, role TEXT,
                     first_seen TEXT);
CREATE TABLE appearances (id INTEGER PRIMARY KEY, claim_id INTEGER REFERENCES claims(id), speaker TEXT,
                          date TEXT, quote TEXT);
"""
INDEXES = """
CREATE INDEX appearances_claim_id ON appearances(claim_id);
CREATE INDEX claims_verdict ON claims(verdict);
CREATE INDEX claims_role ON claims(role);
CREATE VIRTUAL TABLE claims_fts USING fts5(text, context, content="claims", content_rowid="id");
INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
"""
COPIES = [
    # verdict: ours (a review by settings.REVIEWER's actor), as the list's facet shows it
    ("claims", "SELECT c.id, c.slug, c.text, c.context, COALESCE((SELECT r.verdict FROM claims_review r JOIN sources_actor a"
               " ON a.id = r.reviewer_id WHERE r.claim_id = c.id AND a.slug = 'counterclaim' LIMIT 1), ''),"
               " c.role, c.first_seen::text FROM claims_claim c ORDER BY c.id"),
    # One row per report, with its remark's claim, speaker and date: the shape Datasette served before remarks.
    ("appearances", "SELECT a.id, m.claim_id, s.name, m.date::text, a.quote FROM claims_appearance a "
                    "JOIN claims_remark m ON m.id = a.remark_id JOIN sources_actor s ON s.id = m.speaker_id ORDER BY a.id"),
]


def export(path):
    """Write the SQLite file at `path` (replaced if it exists). Returns {table: rows}."""
    path.unlink(missing_ok=True)
    target = sqlite3.connect(path)
    counts = {}
    try:
        target.executescript(SCHEMA)
        connection.ensure_connection()
        for table, query in COPIES:
            with transaction.atomic():  # a server-side cursor: rows stream in batches, memory stays flat
                cursor = connection.connection.cursor(name=f"export_{table}")
                cursor.itersize = 10_000
                cursor.execute(query)
                counts[table] = 0
                while rows := cursor.fetchmany(10_000):
                    placeholders = ", ".join("?" * len(rows[0]))
                    target.executemany(f"INSERT INTO {table} VALUES ({placeholders})", rows)
                    counts[table] += len(rows)
                cursor.close()
        target.executescript(INDEXES)
        target.commit()
    finally:
        target.close()
    return counts
