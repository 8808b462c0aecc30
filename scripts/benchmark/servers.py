"""The servers the benchmark starts: gunicorn (production settings) and Datasette, on 127.0.0.1 and free ports.

Each is a context manager: the process is terminated and waited for on the way out, whatever happened.
"""
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from http_bench import fetch

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(static_root):
    """The environment of the production settings (README, Production), with the API throttle out of the way."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(static_root),
        "SITE_URL": "https://127.0.0.1",
        "DJANGO_API_RATE": "1000000/minute",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def running(name, command, env, log_path, ready_path, port, start_seconds=60):
    """Start `command`, wait until GET ready_path answers, yield, then terminate and wait for it."""
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {log_path}")
            try:
                fetch(port, ready_path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not answer in {start_seconds} s; see {log_path}") from None
                time.sleep(0.2)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=40)  # gunicorn lets workers finish their request (graceful_timeout 30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def gunicorn(port, env, log_path):
    """gunicorn as production runs it: gunicorn.conf.py's workers and timeout, bound to 127.0.0.1:port."""
    command = [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py")]
    return running("gunicorn", command, {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, log_path, "/", port)


def datasette(port, database, log_path):
    """Datasette on the SQLite file; time limits raised so that facets are computed, not skipped."""
    command = [
        str(BIN / "datasette"), "serve", str(database), "--host", "127.0.0.1", "--port", str(port),
        "--setting", "sql_time_limit_ms", "30000", "--setting", "facet_time_limit_ms", "30000",
        "--setting", "suggest_facets", "off",
    ]
    return running("datasette", command, {**os.environ}, log_path, "/-/versions.json", port)


def workers():
    """The number of gunicorn workers gunicorn.conf.py asks for."""
    settings = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), settings)
    return settings["workers"]
