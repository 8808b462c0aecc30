"""make benchmark: the app's pages over HTTP at the seed and at a synthetic dataset, beside Datasette.

On the throwaway PostgreSQL that `make benchmark` starts (DATABASE_URL), it migrates and loads the seed,
serves the app with gunicorn (production settings, gunicorn.conf.py's workers) on 127.0.0.1 and a free port,
and measures every page type: the first (cold) request, p50/p95 of sequential requests with one client after
a warm-up, requests/s with concurrent clients, the response size, and the SQL queries (in-process). Then it
adds `generate_dataset --claims BENCH_CLAIMS`, restarts gunicorn (so no facet count cached at the seed's size
survives) and measures again; at that size it also compares the faceted search with Datasette serving the same
claims from SQLite/FTS5 (interleaved runs), and runs a load of many clients on a mix of pages.

Settings (environment, or `make benchmark BENCH_CLAIMS=10000 ...`):
  BENCH_CLAIMS=100000        synthetic claims to add after the seed
  BENCH_REQUESTS=15          sequential requests per page (after a first request and a warm-up)
  BENCH_CLIENTS=16           concurrent clients for req/s
  BENCH_CONCURRENT=200       requests shared by those clients, per page
  BENCH_PAGE_SECONDS=15      time cap of each of those two measurements, per page
  BENCH_DATASETTE_ROUNDS=3   interleaved runs of each side in the Datasette comparison
  BENCH_LOAD_CLIENTS=50      clients of the load run
  BENCH_LOAD_SECONDS=60      its length
Everything it starts (gunicorn, Datasette) is stopped on the way out, also on failure.
"""
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

import http_bench  # noqa: E402
import pages  # noqa: E402
import servers  # noqa: E402
import sqlite_export  # noqa: E402


def setting(name, default):
    return type(default)(os.environ.get(name) or default)


CLAIMS = setting("BENCH_CLAIMS", 100_000)
REQUESTS = setting("BENCH_REQUESTS", 15)
CLIENTS = setting("BENCH_CLIENTS", 16)
CONCURRENT = setting("BENCH_CONCURRENT", 200)
PAGE_SECONDS = setting("BENCH_PAGE_SECONDS", 15.0)
DATASETTE_ROUNDS = setting("BENCH_DATASETTE_ROUNDS", 3)
LOAD_CLIENTS = setting("BENCH_LOAD_CLIENTS", 50)
LOAD_SECONDS = setting("BENCH_LOAD_SECONDS", 60.0)


def say(message):
    print(message, file=sys.stderr, flush=True)


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def measure_http(port, chosen):
    results = {}
    for label, url in chosen:
        started = time.monotonic()
        result = http_bench.sequential(port, url, REQUESTS, PAGE_SECONDS)
        if result["slow"]:  # one request only (failed, 5xx or over BENCH_PAGE_SECONDS): no concurrent run
            result.update(rps=None, errors=None)
        else:
            result.update(http_bench.concurrent(port, url, CLIENTS, CONCURRENT, PAGE_SECONDS))
        results[label] = result
        say(f"  {label:<26} {result['status']:>5} first {ms(result['first']):>7} ms  p50 {ms(result['p50']):>7} ms"
            f"  {rate(result['rps']):>6} req/s  {result['bytes'] / 1024:7.1f} KB  ({time.monotonic() - started:.0f} s)")
    return results


def measure_queries(chosen, results):
    """Query counts in-process, except for pages that failed or were too slow over HTTP (unbounded here)."""
    counted = [(label, url) for label, url in chosen if not results[label]["slow"]]
    for label, (queries, status, error) in pages.query_counts(counted).items():
        results[label].update(queries=queries, inprocess_status=status, error=error)
    for label, _ in chosen:
        results[label].setdefault("queries", "-")
        results[label].setdefault("inprocess_status", "not run")


def rate(value):
    return "-" if value is None else f"{value:.1f}"


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def table(small, large, small_size, large_size):
    header = ("page", "status", "queries", "KB", "first ms", "p50 ms", "p50 ratio", "p95 ms", f"req/s ({CLIENTS})")
    rows = []
    for label in large:
        s, l = small[label], large[label]
        rows.append((
            label, f"{s['status']} / {l['status']}", f"{s['queries']} / {l['queries']}",
            f"{s['bytes'] / 1024:.0f} / {l['bytes'] / 1024:.0f}", f"{ms(s['first'])} / {ms(l['first'])}",
            f"{ms(s['p50'])} / {ms(l['p50'])}", f"{l['p50'] / s['p50']:.1f}x" if s["p50"] and l["p50"] else "-",
            f"{ms(s['p95'])} / {ms(l['p95'])}", f"{rate(s['rps'])} / {rate(l['rps'])}",
        ))
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = [f"Each cell: seed ({small_size:,} claims) / large ({large_size:,} claims).",
             "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))]
    lines += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
              for row in rows]
    return "\n".join(lines)


def main():
    started = time.monotonic()
    from claims.models import Claim

    print(f"make benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"load average {load_average()} at the start")
    print(f"settings: BENCH_CLAIMS={CLAIMS} BENCH_REQUESTS={REQUESTS} BENCH_CLIENTS={CLIENTS} "
          f"BENCH_CONCURRENT={CONCURRENT} BENCH_PAGE_SECONDS={PAGE_SECONDS:g} BENCH_DATASETTE_ROUNDS={DATASETTE_ROUNDS} "
          f"BENCH_LOAD_CLIENTS={LOAD_CLIENTS} BENCH_LOAD_SECONDS={LOAD_SECONDS:g}")
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)

    with tempfile.TemporaryDirectory(prefix="counterclaim-bench-") as work:
        work = Path(work)
        env = servers.production_env(work / "static")
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        gunicorn_log = work / "gunicorn.log"

        say("seed:")
        small_size = Claim.objects.count()
        small_words = pages.seed_words()
        small_pages = pages.choose(small_words)
        port = servers.free_port()
        with servers.gunicorn(port, env, gunicorn_log):
            small = measure_http(port, small_pages)
        measure_queries(small_pages, small)

        say(f"generate_dataset --claims {CLAIMS} ...")
        output = io.StringIO()
        generated = time.monotonic()
        call_command("generate_dataset", claims=CLAIMS, stdout=output)
        generation_seconds = time.monotonic() - generated
        large_words = dict(re.findall(r"(\w+) '([^']+)'", output.getvalue()))
        large_size = Claim.objects.count()
        large_pages = pages.choose(large_words)

        say(f"large ({large_size:,} claims):")
        port = servers.free_port()
        with servers.gunicorn(port, env, gunicorn_log):
            large = measure_http(port, large_pages)

            say("Datasette: exporting to SQLite ...")
            database = work / "counterclaim.db"
            exported = sqlite_export.export(database)
            medium = large_words["medium"]
            datasette_path = f"/counterclaim/claims?_search={medium}&_facet=verdict&_facet=role"
            app_path = f"/claims/?q={medium}"
            datasette_port = servers.free_port()
            with servers.datasette(datasette_port, database, work / "datasette.log"):
                checks = {name: http_bench.fetch(p, path)
                          for name, (p, path) in {"app": (port, app_path), "datasette": (datasette_port, datasette_path)}.items()}
                say("Datasette: interleaved runs ...")
                compared = http_bench.alternating(
                    {"app": (port, app_path), "datasette": (datasette_port, datasette_path)},
                    CLIENTS, CONCURRENT, PAGE_SECONDS, DATASETTE_ROUNDS)

            say(f"load: {LOAD_CLIENTS} clients for {LOAD_SECONDS:g} s ...")
            loaded = http_bench.load(port, large_pages, LOAD_CLIENTS, LOAD_SECONDS)
        measure_queries(large_pages, large)
        log_tail = gunicorn_log.read_text(errors="replace").splitlines()

    # The report.
    print()
    print(f"Seed words: {small_words}; large words (from generate_dataset): {large_words}")
    print(f"generate_dataset --claims {CLAIMS}: {generation_seconds:.0f} s")
    print()
    print("URLs measured (same rule at both sizes):")
    for (label, small_url), (_, large_url) in zip(small_pages, large_pages):
        print(f"  {label:<26} {small_url}\n  {'':<26} {large_url}")
    print()
    print(table(small, large, small_size, large_size))
    print(f"""
first: the first request to the page on a freshly started gunicorn (cold: no facet counts cached, PostgreSQL's
  buffers as the previous pages left them). p50/p95: {REQUESTS} sequential requests with one client after one
  warm-up request (fewer if a page took over {PAGE_SECONDS:g} s). req/s: {CONCURRENT} requests shared by {CLIENTS}
  concurrent clients (capped at {PAGE_SECONDS:g} s). KB: response body, uncompressed. queries: SQL queries of one
  request, in-process through Django's test client (no facet cache there: a cold request's count).
"-": a page whose first request failed, answered 5xx or took over {PAGE_SECONDS:g} s was requested once only
  (gunicorn.conf.py kills a worker after 30 s: the client then sees RemoteDisconnected) and not counted in-process.
Facet counts on /claims/ (and the API's list) are cached for 5 minutes per filter combination (claims/facets.py)
  in each gunicorn worker's own memory ({servers.workers()} workers): the warm-up fills one worker's cache, so a
  p95 can still include a cold request on another worker; "first" is the cold figure.""")

    print(f"\nDatasette {datasette_version()} beside the app, faceted search for '{medium}' at {large_size:,} claims "
          f"({exported['claims']:,} claims and {exported['appearances']:,} appearances in SQLite, FTS5 on claim "
          f"text and context; Datasette's time limits raised to 30 s so facets are computed, suggested facets off):")
    for name, path in (("app", app_path), ("datasette", datasette_path)):
        status, size, seconds = checks[name]
        result = compared[name]
        print(f"  {name:<10} {path}\n  {'':<10} {status}, {size / 1024:.0f} KB, single request {ms(seconds)} ms; "
              f"{result['rps']:.1f} req/s with {CLIENTS} clients (runs: "
              f"{', '.join(f'{r:.1f}' for r in result['runs'])}), errors {result['errors']}")
    print(f"  app / Datasette: {compared['app']['rps'] / compared['datasette']['rps']:.2f} "
          f"({DATASETTE_ROUNDS} interleaved runs each of {CONCURRENT} requests or {PAGE_SECONDS:g} s)")

    errors = {}
    for label, status in loaded["errors"]:
        errors.setdefault(label, []).append(status)
    print(f"\nLoad: {LOAD_CLIENTS} clients for {LOAD_SECONDS:g} s on a random mix of the {len(large_pages)} pages "
          f"at {large_size:,} claims: {loaded['requests']} requests, {len(loaded['errors'])} errors, "
          f"{loaded['rps']:.1f} req/s, p50 {ms(loaded['p50'])} ms, p99 {ms(loaded['p99'])} ms")
    for label, statuses in errors.items():
        print(f"  errors on {label}: {len(statuses)} ({', '.join(sorted(set(map(str, statuses))))})")

    failures = [(size, label, r) for size, results in (("seed", small), ("large", large))
                for label, r in results.items()
                if r.get("error") or not str(r["status"]).startswith(("2", "3"))]
    for size, label, r in failures:
        print(f"\nERROR at {size}: {label} answered {r['status']} over HTTP, {r['inprocess_status']} in-process")
        if r.get("error"):
            print(r["error"])
    if failures or loaded["errors"]:
        tracebacks = [i for i, line in enumerate(log_tail) if line.startswith("Traceback")]
        if tracebacks:  # its innermost frames and the exception: the first unindented line after "Traceback"
            start = tracebacks[-1]
            end = next((i for i in range(start + 1, len(log_tail)) if log_tail[i][:1] not in (" ", "")), len(log_tail) - 1)
            print("\nLast traceback in gunicorn's log (its end):\n" + "\n".join(log_tail[max(start, end - 12):end + 1]))
    slow = [f"{label} ({ms(r['first'])} ms)" for label, r in large.items() if r["slow"] and r["first"]]
    if slow:
        print(f"\nOver {PAGE_SECONDS:g} s at {large_size:,} claims (one request only): {', '.join(slow)}")
    print(f"\nload average {load_average()} at the end; {(time.monotonic() - started) / 60:.1f} min in all")


def datasette_version():
    import datasette.version

    return datasette.version.__version__


if __name__ == "__main__":
    main()
