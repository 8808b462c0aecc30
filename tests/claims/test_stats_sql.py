"""claims/stats.py describes the triggers that keep each claim's figures; migrations install frozen copies of
its SQL. The database's functions must be the ones stats.py describes, or one of the two is out of date."""
import re

import pytest
from django.db import connection

from claims import stats

pytestmark = pytest.mark.django_db
FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\([^)]*\).*?\$\$(.*?)\$\$", re.S)


def words(sql):
    return " ".join(sql.split())


def test_the_migrated_trigger_functions_are_the_ones_stats_py_describes():
    described = {name: words(body) for name, body in FUNCTION.findall(stats.CREATE_SQL)}
    assert "claims_refresh_stats" in described and "claims_claim_status_update" in described
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname = ANY(%s)", [list(described)])
        installed = {name: words(body) for name, body in cursor.fetchall()}
    assert installed == described
