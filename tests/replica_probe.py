"""What the app does against a real primary and streaming replica: run by tests/test_replica_router.py in a
process of its own, with DATABASE_URL (the primary) and DATABASE_REPLICA_URL (a hot standby) set, as
scripts/with-replica-pair.sh sets them. It observes and prints one JSON object; the tests judge it.

`python -m tests.replica_probe` from the project folder. It migrates the primary first.
"""
import json
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connections, router  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.http import HttpResponse  # noqa: E402

from claims.models import Topic  # noqa: E402
from tracker.db_router import PIN_COOKIE, ReadReplicaMiddleware  # noqa: E402

WAIT_SECONDS = 20


def query(alias, sql, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def wait_until(condition):
    """Seconds until `condition()` held, or None if it never did within WAIT_SECONDS."""
    started = time.monotonic()
    while time.monotonic() - started < WAIT_SECONDS:
        if condition():
            return round(time.monotonic() - started, 3)
        time.sleep(0.02)
    return None


def on_replica(slug):
    return query("replica", "SELECT count(*) FROM claims_topic WHERE slug = %s", [slug])[0] == 1


def main():
    seen = {}
    call_command("migrate", verbosity=0)  # the primary only: the router allows no migration on the replica
    seen["in_recovery"] = {alias: query(alias, "SELECT pg_is_in_recovery()")[0] for alias in ("default", "replica")}
    seen["migrate_allowed"] = {alias: router.allow_migrate(alias, "claims") for alias in ("default", "replica")}

    # Streaming replication: a row written on the primary reaches the replica.
    Topic.objects.create(slug="streamed", name="Streamed")
    seen["streamed_seconds"] = wait_until(lambda: on_replica("streamed"))
    User.objects.create_superuser("editor", password="a long editor password")
    wait_until(lambda: query("replica", "SELECT count(*) FROM auth_user")[0] == 1)

    # Hold the replica still, so anything written from now on is on the primary alone until replay resumes.
    query("replica", "SELECT pg_wal_replay_pause()")
    seen["paused"] = wait_until(lambda: query("replica", "SELECT pg_get_wal_replay_pause_state()")[0] == "paused")

    # Outside a request (commands, the shell), reads and writes use the primary.
    seen["outside_request"] = {"read": router.db_for_read(Topic), "write": router.db_for_write(Topic)}
    fresh = Topic.objects.create(slug="fresh", name="Fresh")
    seen["fresh_on_primary"] = query("default", "SELECT count(*) FROM claims_topic WHERE slug = 'fresh'")[0] == 1
    seen["fresh_on_replica"] = on_replica("fresh")

    # A visitor's GET reads from the replica, which does not have the new topic yet.
    visitor = Client()
    seen["visitor_get"] = visitor.get(fresh.get_absolute_url()).status_code
    seen["visitor_get_streamed"] = visitor.get("/topics/streamed/").status_code

    # An editor logs in (a POST, which writes): the response pins the editor to the primary.
    editor = Client()
    login = editor.post("/admin/login/", {"username": "editor", "password": "a long editor password",
                                          "next": "/admin/"})
    seen["login_status"] = login.status_code
    cookie = login.cookies.get(PIN_COOKIE)
    seen["pin_cookie_max_age"] = cookie["max-age"] if cookie else None
    seen["editor_get_after_post"] = editor.get(fresh.get_absolute_url()).status_code
    seen["editor_admin_page"] = editor.get("/admin/").status_code  # the session written by the login is found

    # Within one GET request: reads go to the replica until the request writes, then to the primary.
    def view(request):
        before = router.db_for_read(Topic)
        Topic.objects.create(slug="in-request", name="In request")
        after = router.db_for_read(Topic)
        found = Topic.objects.filter(slug="in-request").exists()
        return HttpResponse(json.dumps({"before": before, "after": after, "found": found}))

    response = ReadReplicaMiddleware(view)(RequestFactory().get("/"))
    seen["in_request"] = json.loads(response.content)
    seen["in_request_sets_pin"] = PIN_COOKIE in response.cookies

    # The standby refuses writes, whatever asks.
    try:
        query("replica", "INSERT INTO claims_topic (name, slug, description) VALUES ('x', 'x', '')")
        seen["replica_insert_error"] = None
    except DatabaseError as error:
        seen["replica_insert_error"] = str(error).strip().splitlines()[0]
    connections["replica"].close()  # the failed statement left its transaction aborted

    # Replay resumes: the replica catches up, and the visitor sees the new topic too.
    query("replica", "SELECT pg_wal_replay_resume()")
    seen["caught_up_seconds"] = wait_until(lambda: on_replica("fresh"))
    seen["visitor_get_after_catch_up"] = visitor.get(fresh.get_absolute_url()).status_code
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
