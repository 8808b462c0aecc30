"""The app under gunicorn and production settings survives a PostgreSQL restart without a worker restart.

Its own throwaway PostgreSQL cluster (as scripts/with-throwaway-postgres.sh makes one), so the suite's
database is never stopped: requests succeed, PostgreSQL stops (a request then gets the 503 page, logged
in one line), PostgreSQL starts again, and the next requests succeed, served by the same worker processes.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
APP_PORTS = range(8100, 8200)  # the ports this machine leaves to us for servers started by hand
PAGES = ["/", "/claims/", "/api/claims/", "/sources/"]


def free_port(candidates):
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def as_postgres():
    """Run PostgreSQL binaries as the postgres user when we are root (they refuse to run as root)."""
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"] if os.getuid() == 0 else []


class Cluster:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.port = free_port(range(55000, 56000))
        self.process = None
        if os.getuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        subprocess.run([*as_postgres(), PG_BIN / "initdb", "-D", self.data, "--auth=trust", "--username=postgres",
                        "--encoding=UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self):
        log = open(self.directory / "postgres.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [*as_postgres(), PG_BIN / "postgres", "-D", self.data, "-p", str(self.port), "-k", self.directory,
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"], stdout=log, stderr=log)
        for _ in range(100):
            if subprocess.run([PG_BIN / "pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown: every connection is cut
            self.process.wait(timeout=30)


@pytest.fixture
def cluster():
    directory = tempfile.mkdtemp(prefix="counterclaim-restart-")
    cluster = Cluster(directory)
    cluster.start()
    yield cluster
    cluster.stop()
    shutil.rmtree(directory, ignore_errors=True)


def get(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                     headers={"Host": "counterclaim.example.org", "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def test_the_app_survives_a_database_restart(cluster, tmp_path):
    port = free_port(APP_PORTS)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))},
           "DJANGO_SETTINGS_MODULE": "tracker.settings.production", "DATABASE_URL": cluster.url,
           "DJANGO_SECRET_KEY": "restart-test-" + "x" * 50, "DJANGO_ALLOWED_HOSTS": "counterclaim.example.org",
           "DATABASE_CONN_MAX_AGE": "600",  # persistent connections: what a restart used to break
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True,
                   timeout=300)
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    subprocess.run([*manage, "load_seed", "--verbosity=0"], cwd=ROOT, env=env, check=True, capture_output=True,
                   timeout=300)
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                                   "--access-logfile", "/dev/null"], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        for _ in range(3):  # every worker holds a connection open
            assert [get(port, page)[0] for page in PAGES] == [200] * len(PAGES)
        workers = worker_pids(server.pid)
        assert len(workers) == 2

        cluster.stop()
        status, body = get(port, "/claims/")
        assert status == 503
        assert "Back in a moment" in body
        api_status, _ = get(port, "/api/claims/")
        assert api_status == 503

        cluster.start()
        statuses = [get(port, page)[0] for _ in range(4) for page in PAGES]
        assert statuses == [200] * len(statuses)  # not one failure after the restart
        assert worker_pids(server.pid) == workers  # the same workers: none was restarted
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    log = log_path.read_text()
    assert "Traceback" not in log, log
    outage_lines = [line for line in log.splitlines() if "Database unavailable" in line]
    assert len(outage_lines) == 2, log  # one line per failed request
    assert "GET /claims/" in outage_lines[0]
