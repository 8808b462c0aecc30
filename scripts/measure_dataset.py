"""Time, peak memory and queries of export_dataset and import_dataset at N claims and more (issue 10).

    DATABASE_URL=postgres://USER@HOST:PORT/postgres .venv/bin/python scripts/measure_dataset.py 2000 8000

For each N: a new database gets N synthetic claims (generate_dataset, deterministic), is exported, and the file
is imported into a second new database. Each command runs in a process of its own, which reports its wall time,
its peak resident memory (ru_maxrss) and the SQL queries it sent. The databases are dropped afterwards.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


def run_command(args):
    """In the child: run one management command, counting its queries; print what it cost as JSON."""
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.monotonic()
    with connection.execute_wrapper(count):
        call_command(*args, verbosity=0)
    print(json.dumps({"seconds": round(time.monotonic() - started, 1), "queries": queries,
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


def measured(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "tracker.settings.local"}
    result = subprocess.run([sys.executable, __file__, "--child", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(sizes):
    base = os.environ["DATABASE_URL"]
    parts = urlsplit(base)
    admin = ["psql", base, "-q", "-c"]
    for n in sizes:
        names = [f"measure_dataset_{n}_a", f"measure_dataset_{n}_b"]
        urls = [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
        try:
            for name, url in zip(names, urls, strict=True):
                subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=True)
                subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
                subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True,
                               env={**os.environ, "DATABASE_URL": url})
            subprocess.run([sys.executable, "manage.py", "generate_dataset", "--claims", str(n), "-v0"], cwd=ROOT,
                           check=True, env={**os.environ, "DATABASE_URL": urls[0]})
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "dataset.json"
                export = measured(urls[0], "export_dataset", str(path))
                size = path.stat().st_size
                imported = measured(urls[1], "import_dataset", str(path))
            objects = int(subprocess.run(
                ["psql", urls[1], "-Atc", "SELECT (SELECT count(*) FROM claims_claim) + (SELECT count(*) FROM "
                 "claims_remark) + (SELECT count(*) FROM claims_appearance) + (SELECT count(*) FROM claims_evidence)"
                 " + (SELECT count(*) FROM claims_review) + (SELECT count(*) FROM claims_rebuttal) + (SELECT count(*)"
                 " FROM sources_actor) + (SELECT count(*) FROM sources_source)"],
                capture_output=True, text=True, check=True).stdout)
            print(f"{n:>7,} claims, {size / 1e6:.0f} MB, {objects:,} objects | export {export['seconds']} s, "
                  f"{export['peak_rss_mb']} MB RSS, {export['queries']} queries | import {imported['seconds']} s, "
                  f"{imported['peak_rss_mb']} MB RSS, {imported['queries']} queries "
                  f"({imported['queries'] / objects:.3f} an object)", flush=True)
        finally:
            for name in names:
                subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=False)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        sys.path.insert(0, str(ROOT))
        run_command(sys.argv[2:])
    else:
        main([int(n) for n in sys.argv[1:]] or [2000, 8000])
