"""Measuring over HTTP: one request, N sequential ones, a fixed number with C concurrent clients, a load run.

Plain http.client, one connection per request (gunicorn's sync workers close it anyway), to 127.0.0.1 only.
Every loop is bounded in count and in time.
"""
import http.client
import math
import random
import statistics
import threading
import time

# Production settings redirect plain HTTP to HTTPS unless the proxy says the request came over HTTPS.
HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "counterclaim-benchmark"}
REQUEST_TIMEOUT = 60  # seconds; gunicorn kills a worker after 30


def fetch(port, path):
    """GET http://127.0.0.1:port/path, reading the whole body. Returns (status, bytes, seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        start = time.perf_counter()
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
        return response.status, size, time.perf_counter() - start
    finally:
        connection.close()


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def try_fetch(port, path):
    """fetch(), with a failure (a reset: gunicorn killed the worker at its timeout) as the status."""
    try:
        return fetch(port, path)
    except Exception as error:
        return type(error).__name__, 0, None


def sequential(port, path, requests, max_seconds):
    """One client: a first (cold) request, a warm-up, then up to `requests` timed ones within max_seconds.

    A page whose first request fails, answers 5xx or takes over max_seconds is measured by that request
    alone ("slow": True), so that a page stuck at the server's timeout costs one timeout, not dozens.
    """
    status, size, first = try_fetch(port, path)
    if first is None or not isinstance(status, int) or status >= 500 or first > max_seconds:
        return {"status": str(status), "bytes": size, "first": first, "p50": None, "p95": None, "n": 0,
                "slow": True}
    try_fetch(port, path)  # warm-up
    timings, statuses = [], {status}
    deadline = time.monotonic() + max_seconds
    while len(timings) < requests and time.monotonic() < deadline:
        code, _, seconds = try_fetch(port, path)
        statuses.add(code)
        if seconds is not None:
            timings.append(seconds)
    return {"status": "/".join(str(s) for s in sorted(statuses, key=str)), "bytes": size, "first": first,
            "p50": statistics.median(timings) if timings else None,
            "p95": percentile(timings, 0.95) if timings else None, "n": len(timings), "slow": False}


def _run_clients(clients, worker, max_seconds):
    threads = [threading.Thread(target=worker, args=(number,), daemon=True) for number in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:  # a client finishes its request in flight after the deadline, at most REQUEST_TIMEOUT
        thread.join(max_seconds + REQUEST_TIMEOUT + 5)
    return time.perf_counter() - start


def concurrent(port, path, clients, requests, max_seconds):
    """`clients` threads share `requests` requests (stopping at max_seconds). Returns req/s, errors, latencies."""
    lock = threading.Lock()
    issued = [0]
    results = []
    deadline = time.monotonic() + max_seconds

    def worker(_):
        while True:
            with lock:
                if issued[0] >= requests or time.monotonic() >= deadline:
                    return
                issued[0] += 1
            try:
                status, _, seconds = fetch(port, path)
            except Exception as error:  # a reset or timeout is a result, not a crash of the benchmark
                status, seconds = type(error).__name__, None
            with lock:
                results.append((status, seconds))

    elapsed = _run_clients(clients, worker, max_seconds)
    ok = [s for status, s in results if isinstance(status, int) and status < 400]
    return {"rps": len(ok) / elapsed, "done": len(results), "errors": len(results) - len(ok),
            "seconds": elapsed}


def load(port, paths, clients, seconds, seed=1):
    """`clients` threads, each requesting random pages of `paths` until `seconds` have passed."""
    lock = threading.Lock()
    results = []  # (label, status or exception name, seconds or None)
    deadline = time.monotonic() + seconds

    def worker(number):
        rng = random.Random(seed * 1000 + number)
        while time.monotonic() < deadline:
            label, path = rng.choice(paths)
            try:
                status, _, took = fetch(port, path)
            except Exception as error:
                status, took = type(error).__name__, None
            with lock:
                results.append((label, status, took))

    elapsed = _run_clients(clients, worker, seconds)
    errors = [(label, status) for label, status, _ in results if not (isinstance(status, int) and status < 400)]
    timings = [took for _, status, took in results if took is not None]
    return {"requests": len(results), "errors": errors, "rps": (len(results) - len(errors)) / elapsed,
            "p50": statistics.median(timings) if timings else None,
            "p99": percentile(timings, 0.99) if timings else None, "seconds": elapsed}


def alternating(targets, clients, requests, max_seconds, rounds):
    """Interleaved runs (A, B, A, B, ...) of concurrent(), so background noise hits every target alike.

    targets: {name: (port, path)}. Returns {name: {"rps": overall, "runs": [rps of each run], "errors": n}}.
    """
    totals = {name: {"ok": 0, "seconds": 0.0, "runs": [], "errors": 0} for name in targets}
    for _ in range(rounds):
        for name, (port, path) in targets.items():
            run = concurrent(port, path, clients, requests, max_seconds)
            total = totals[name]
            total["ok"] += run["done"] - run["errors"]
            total["seconds"] += run["seconds"]
            total["errors"] += run["errors"]
            total["runs"].append(run["rps"])
    return {name: {"rps": t["ok"] / t["seconds"], "runs": t["runs"], "errors": t["errors"]}
            for name, t in totals.items()}
