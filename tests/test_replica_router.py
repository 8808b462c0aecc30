"""The read-replica router (tracker/db_router.py), against a real primary and hot standby in streaming replication.

The module's fixture starts the two clusters with scripts/with-replica-pair.sh (which stops them by PID and
removes them on the way out, whatever happens) and runs tests/replica_probe.py inside it, in a process of its
own: there the app's settings see DATABASE_URL and DATABASE_REPLICA_URL as in production. The probe holds the
standby's replay still while it writes, so "read from the replica" shows as a page that is not there yet.
The suite's own database has no replica, and there nothing changes.
"""
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory, override_settings

from tracker.db_router import PIN_COOKIE, PrimaryReplicaRouter, ReadReplicaMiddleware

ROOT = Path(__file__).resolve().parent.parent
PAIR_TIMEOUT = 240  # seconds: the pair and the probe take a few on an idle machine


@pytest.fixture(scope="module")
def pair_run():
    """(what the probe saw, the script's report of its clusters), from one run of the pair."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DATABASE_REPLICA_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "tracker.settings.test"
    # A session of its own, so the clusters can be stopped by signalling the script and the probe together.
    process = subprocess.Popen([str(ROOT / "scripts" / "with-replica-pair.sh"), sys.executable, "-m",
                                "tests.replica_probe"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=PAIR_TIMEOUT)
    except BaseException:  # a timeout or Ctrl-C: the script's trap stops both clusters by PID
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=60)
        raise
    assert process.returncode == 0, err[-4000:]
    return json.loads(out.strip().splitlines()[-1]), err


@pytest.fixture(scope="module")
def seen(pair_run):
    return pair_run[0]


def test_the_standby_streams_from_the_primary_and_only_the_primary_is_migrated(seen):
    assert seen["in_recovery"] == {"default": False, "replica": True}
    assert seen["streamed_seconds"] is not None  # a row written on the primary reached the replica
    assert seen["migrate_allowed"] == {"default": True, "replica": False}


def test_reads_go_to_the_replica(seen):
    # While the replica's replay is paused, a new topic is on the primary only: a visitor's page reads the
    # replica and does not find it, but finds one the replica had already received.
    assert seen["paused"] is not None
    assert seen["fresh_on_primary"] and not seen["fresh_on_replica"]
    assert seen["visitor_get"] == 404
    assert seen["visitor_get_streamed"] == 200
    # Once replay resumes and the replica catches up, the visitor sees it.
    assert seen["caught_up_seconds"] is not None
    assert seen["visitor_get_after_catch_up"] == 200


def test_writes_and_everything_outside_a_request_use_the_primary(seen):
    assert seen["outside_request"] == {"read": "default", "write": "default"}
    assert seen["fresh_on_primary"]


def test_after_a_post_the_client_reads_from_the_primary(seen):
    assert seen["login_status"] == 302
    assert seen["pin_cookie_max_age"] == 10  # DATABASE_REPLICA_PIN_SECONDS
    assert seen["editor_get_after_post"] == 200  # the topic the replica has not received
    assert seen["editor_admin_page"] == 200  # the session the login wrote is found: not sent back to log in


def test_a_request_reads_from_the_primary_once_it_has_written(seen):
    assert seen["in_request"] == {"before": "replica", "after": "default", "found": True}
    assert seen["in_request_sets_pin"]


def test_the_replica_refuses_writes(seen):
    assert seen["replica_insert_error"] == "cannot execute INSERT in a read-only transaction"


def test_both_clusters_are_stopped_and_removed(pair_run):
    _, err = pair_run
    report = re.search(r"primary (\d+) .*standby (\d+) .* in (\S+)", err)
    assert report, err[-2000:]
    primary, standby, directory = int(report[1]), int(report[2]), report[3]
    assert not Path(directory).exists()
    for pid in (primary, standby):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


# Without a replica (the suite's own settings) and the rule itself, without clusters.

def test_without_a_replica_there_is_one_database_and_no_router():
    assert list(settings.DATABASES) == ["default"]
    assert settings.DATABASE_ROUTERS == []
    with pytest.raises(MiddlewareNotUsed):
        ReadReplicaMiddleware(lambda request: HttpResponse())


WITH_REPLICA = {"DATABASE_REPLICA_URL": "postgres://replica.example/counterclaim"}


def where_reads_go(request):
    """Run `request` through the middleware; (the alias a read took in the view, the response)."""
    reads = []

    def view(request):
        reads.append(PrimaryReplicaRouter().db_for_read(None))
        return HttpResponse()

    with override_settings(**WITH_REPLICA):
        response = ReadReplicaMiddleware(view)(request)
    return reads[0], response


def test_a_safe_request_reads_from_the_replica_and_sets_no_pin():
    alias, response = where_reads_go(RequestFactory().get("/claims/"))
    assert alias == "replica" and PIN_COOKIE not in response.cookies


def test_a_pinned_client_reads_from_the_primary_without_extending_the_pin():
    request = RequestFactory().get("/claims/")
    request.COOKIES[PIN_COOKIE] = "1"
    alias, response = where_reads_go(request)
    assert alias == "default" and PIN_COOKIE not in response.cookies  # the pin lapses on time


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unsafe_request_reads_from_the_primary_and_pins_the_client(method):
    alias, response = where_reads_go(getattr(RequestFactory(), method)("/admin/login/"))
    assert alias == "default"
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS and cookie["httponly"]


def test_a_streamed_response_reads_by_the_rule_of_its_request():
    # The CSV export queries while it is sent, after the view has returned.
    def view(request):
        return StreamingHttpResponse(PrimaryReplicaRouter().db_for_read(None) for _ in range(2))

    with override_settings(**WITH_REPLICA):
        response = ReadReplicaMiddleware(view)(RequestFactory().get("/claims/export.csv"))
    assert b"".join(response.streaming_content) == b"replicareplica"
    assert PrimaryReplicaRouter().db_for_read(None) == "default"  # and nothing leaks out of the request
