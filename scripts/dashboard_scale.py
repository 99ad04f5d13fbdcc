#!/usr/bin/env python3
"""The dashboard at scale: fills a store with N deliveries (default 10 million) in the
database itself, serves it with the quickstart (the dashboard nested at /dashboard),
and measures the p95 latency over HTTP of page 1 and of a deep page for several filters,
plus the exact lookup by the provider's delivery id.

Usage:
  scripts/dashboard_scale.py [--rows 10000000] [--requests 50] [--store sqlite:///tmp/scale.db]
                             [--store postgres://user@127.0.0.1:5432/db] [--profile release]
                             [--keep] [--port 3917]

The store is created by the quickstart's own migrations (so it has exactly the schema and
indexes a real one has), stopped, filled with one INSERT … SELECT over a generated series
(a recursive CTE on SQLite, generate_series on PostgreSQL: no row crosses a socket), then
served again and measured. Rows: four providers, their usual events, 97 % succeeded, the
rest dead, retrying (due far in the future, so the quickstart's workers leave them) or
rejected, one every 50 ms back from now. A PostgreSQL URL must name an empty database
the user may create tables in; `psql` must be on PATH. Figures go in BENCHMARKS.md: run
it alone on the machine.
"""

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))

# provider, events (picked by row number), share of rows (out of 100)
PROVIDERS = [
    ("stripe", ["invoice.paid", "invoice.payment_failed", "customer.created", "charge.succeeded"], 50),
    ("github", ["push", "pull_request", "issues", "workflow_run"], 30),
    ("shopify", ["orders/create", "orders/paid", "products/update"], 15),
    ("slack", ["event_callback", "url_verification"], 5),
]


def case(expr_i, choices):
    """A SQL CASE picking choices[i % len] (the same SQL on both databases)."""
    arms = " ".join(f"WHEN {n} THEN '{c}'" for n, c in enumerate(choices))
    return f"CASE ({expr_i}) % {len(choices)} {arms} END"


def fill_sql(rows, now_ms, series, inline_payload):
    """INSERT … SELECT of `rows` deliveries from `series` (a FROM clause giving i);
    PostgreSQL keeps headers and body in the row (`inline_payload`), SQLite in
    delivery_payloads (see payloads_sql)."""
    columns = ", headers, body" if inline_payload else ""
    values = (""", '[["content-type","application/json"],["stripe-signature","[redacted]"]]',
    convert_to('{"id":"evt_' || i || '","object":"event"}', 'UTF8')""" if inline_payload else "")
    # Provider by i % 100 against the cumulative shares.
    provider_arms, event_arms, bound = [], [], 0
    for name, events, share in PROVIDERS:
        bound += share
        provider_arms.append(f"WHEN i % 100 < {bound} THEN '{name}'")
        event_arms.append(f"WHEN i % 100 < {bound} THEN {case('i / 100', events)}")
    provider = "CASE " + " ".join(provider_arms) + " END"
    event = "CASE " + " ".join(event_arms) + " END"
    # 97 % succeeded; of every 1000: 15 dead, 10 rejected, 5 retrying.
    status = ("CASE WHEN i % 1000 < 15 THEN 'dead' WHEN i % 1000 < 25 THEN 'rejected' "
              "WHEN i % 1000 < 30 THEN 'retrying' ELSE 'succeeded' END")
    received = f"({now_ms} - ({rows} - i) * 50)"
    far = now_ms + 365 * 24 * 3600 * 1000
    return f"""
INSERT INTO deliveries (provider, endpoint, event, delivery_id, delivery_key, status,
    attempts, last_error, secret_index, received_at, updated_at, next_attempt_at{columns})
SELECT {provider}, {provider}, {event}, 'evt_' || i, 'evt_' || i, {status},
    CASE WHEN i % 1000 < 15 THEN 10 ELSE 1 END,
    CASE WHEN i % 1000 < 30 THEN 'the handler failed: upstream answered 503' END,
    0, {received}, {received} + 40,
    CASE WHEN i % 1000 >= 25 AND i % 1000 < 30 THEN {far} END{values}
FROM {series}
"""


def payloads_sql(series_from):
    """SQLite's payload rows for the deliveries `series_from` selects."""
    return f"""
INSERT INTO delivery_payloads (id, headers, body)
SELECT id, '[["content-type","application/json"],["stripe-signature","[redacted]"]]',
    '{{"id":"' || delivery_id || '","object":"event"}}'
FROM deliveries {series_from}
"""


def fill_sqlite(path, rows, now_ms):
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    start = db.execute("SELECT COALESCE(MAX(id), 0) FROM deliveries").fetchone()[0]
    series = f"(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) SELECT i FROM n)"
    with db:
        db.execute(fill_sql(rows, now_ms, series, inline_payload=False))
        db.execute(payloads_sql(f"WHERE id > {start}"))
    db.execute("ANALYZE")
    db.close()


def fill_postgres(url, rows, now_ms):
    series = f"generate_series(1, {rows}) AS s(i)"
    schema = "SET search_path TO webhook;"
    sql = schema + fill_sql(rows, now_ms, series, inline_payload=True) + "; ANALYZE deliveries;"
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True)


def serve(binary, store_url, port):
    env = dict(os.environ, WEBHOOK_STORE_URL=store_url, PORT=str(port), RUST_LOG="warn")
    server = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/dashboard", timeout=5).read()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"the quickstart exited with {server.returncode}")
            time.sleep(0.2)
    server.terminate()
    sys.exit("the quickstart did not answer within 60 s")


def p95(samples):
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def measure(port, path, requests):
    url = f"http://127.0.0.1:{port}/dashboard{path}"
    times, size = [], 0
    for _ in range(requests):
        began = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as answer:
            body = answer.read()
            if answer.status != 200:
                sys.exit(f"{url}: {answer.status}")
        times.append((time.perf_counter() - began) * 1000)
        size = len(body)
    return p95(times), statistics.median(times), size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=50, help="requests per page measured")
    parser.add_argument("--store", default="sqlite:///tmp/webhook-dashboard-scale.db")
    parser.add_argument("--profile", default="release", help="cargo profile of the quickstart (release, dev)")
    parser.add_argument("--port", type=int, default=3917)
    parser.add_argument("--keep", action="store_true", help="keep the filled store (SQLite) afterwards")
    args = parser.parse_args()

    flag = ["--release"] if args.profile == "release" else ["--profile", args.profile]
    if args.store.startswith(("postgres://", "postgresql://")):
        # The root package's feature that turns on `webhook/postgres`.
        flag += ["--features", "postgres"]
    subprocess.run(["cargo", "build", "-q", "--example", "quickstart", *flag], cwd=ROOT, check=True)
    binary = os.path.join(TARGET, "release" if args.profile == "release" else "debug", "examples", "quickstart")

    sqlite_path = None
    if args.store.startswith("sqlite://"):
        sqlite_path = args.store[len("sqlite://"):]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(sqlite_path + suffix):
                os.remove(sqlite_path + suffix)
    elif not args.store.startswith(("postgres://", "postgresql://")):
        sys.exit("--store must be sqlite://PATH or postgres://…")

    # Let the quickstart create the schema, then stop it and fill the store.
    server = serve(binary, args.store, args.port)
    server.terminate()
    server.wait()
    now_ms = int(time.time() * 1000)
    began = time.time()
    if sqlite_path:
        fill_sqlite(sqlite_path, args.rows, now_ms)
    else:
        fill_postgres(args.store, args.rows, now_ms)
    print(f"filled {args.rows} rows in {time.time() - began:.1f} s")

    server = serve(binary, args.store, args.port)
    try:
        deep = max(2, args.rows // 10)  # a cursor 90 % of the way down the list
        middle = args.rows // 2
        filters = [
            ("no filter", ""),
            ("provider=github", "provider=github"),
            ("status=dead", "status=dead"),
            ("event=invoice.paid", "event=invoice.paid"),
            ("event=invoice.*", "event=invoice.*"),
            ("provider=stripe&status=rejected", "provider=stripe&status=rejected"),
            # Matches nothing (no Shopify delivery is rejected): the filter that reads most.
            ("endpoint=shopify&status=rejected (no match)", "endpoint=shopify&status=rejected"),
            ("last hour", "since=" + time.strftime("%Y-%m-%dT%H:%M", time.gmtime(now_ms / 1000 - 3600))),
        ]
        print(f"{'page':<48} {'p95 ms':>8} {'median ms':>10} {'bytes':>8}")
        for name, query in filters:
            for label, cursor in (("page 1", ""), ("deep page", f"before={deep}")):
                joined = "&".join(part for part in (query, cursor) if part)
                path = "?" + urllib.parse.quote(joined, safe="=&*") if joined else ""
                high, median, size = measure(args.port, path, args.requests)
                print(f"{name + ' · ' + label:<48} {high:>8.1f} {median:>10.1f} {size:>8}")
        high, median, size = measure(args.port, f"?id=evt_{middle}", args.requests)
        print(f"{'lookup id=evt_' + str(middle):<48} {high:>8.1f} {median:>10.1f} {size:>8}")
    finally:
        server.terminate()
        server.wait()
        if sqlite_path and not args.keep:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(sqlite_path + suffix):
                    os.remove(sqlite_path + suffix)


if __name__ == "__main__":
    main()
