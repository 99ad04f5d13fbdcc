#!/usr/bin/env python3
"""The database's own cost of one durable acknowledgement, with no driver in between.

Commits one row like the store's, one per transaction, each synced before the next,
for a few seconds, and prints the mean time per commit in milliseconds:

- SQLite: Python's built-in sqlite3 module, on a copy of a store's database (its schema
  and rows), WAL, ``synchronous=FULL`` (SQLite syncs the log inside each commit),
  ``wal_autocheckpoint`` as the store sets it. The last stored row's payload is
  inserted again under a new delivery key. Also prints the same loop without the sync
  (``synchronous=OFF``), to show what the sync costs.
- PostgreSQL: ``pgbench`` (PostgreSQL's C client) inserting the same payload into the
  store's ``webhook.deliveries`` table with a prepared statement, one client.

A durable acknowledgement at one connection costs at least the request's own work
plus this; ``http_bench.sh --ingest`` divides the inline request's time by that sum
to print the best one connection can reach on this machine.

Usage: engine_floor.py --sqlite STORE.db [--postgres URL] [--seconds 2]
Prints one line: ``sqlite FULL_MS OFF_MS postgres PG_MS`` (``-`` where not measured:
no ``--postgres``, no ``pgbench``, or ``pgbench`` failed, which it says on stderr).
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

# The store's columns for a new queued row (webhook/src/store/sqlite/write.rs,
# INSERT_ACCEPTED and INSERT_PAYLOAD), with the database's clock bound as a value.
SQLITE_INSERT = (
    "INSERT INTO deliveries (provider, endpoint, event, delivery_id, delivery_key, status, "
    "attempts, secret_index, received_at, updated_at, claimed_by, lease_until) "
    "VALUES (?, ?, ?, ?, ?, 'queued', 0, 0, ?, ?, NULL, NULL) "
    "ON CONFLICT (provider, endpoint, delivery_key) WHERE status <> 'rejected' DO NOTHING "
    "RETURNING id"
)
SQLITE_PAYLOAD = (
    "INSERT INTO delivery_payloads (id, headers, body, body_encoding) VALUES (?, ?, ?, ?)"
)
# webhook/src/store/sqlite/mod.rs, WAL_AUTOCHECKPOINT_PAGES.
WAL_AUTOCHECKPOINT_PAGES = 10000


def last_payload(database):
    with sqlite3.connect(database) as source:
        row = source.execute(
            "SELECT headers, body, body_encoding FROM delivery_payloads ORDER BY id DESC LIMIT 1"
        ).fetchone()
    if row is None:
        raise SystemExit(f"{database} holds no delivery: run the store on it first")
    return row


def sqlite_loop(database, payload, synchronous, seconds):
    headers, body, encoding = payload
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    prefix = f"engine-{synchronous}-{time.time_ns()}"
    commits = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        key = f"{prefix}-{commits}"
        now = time.time_ns() // 1_000_000
        conn.execute("BEGIN IMMEDIATE")
        (row_id,) = conn.execute(
            SQLITE_INSERT,
            ("github", "/floor", "pull_request.opened", key, key, now, now),
        ).fetchone()
        conn.execute(SQLITE_PAYLOAD, (row_id, headers, body, encoding))
        conn.execute("COMMIT")
        commits += 1
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed * 1000 / commits


def sqlite_floor(database, seconds):
    payload = last_payload(database)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(database))) as tmp:
        copy = os.path.join(tmp, "engine.db")
        with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        full = sqlite_loop(copy, payload, "FULL", seconds)
        off = sqlite_loop(copy, payload, "OFF", seconds)
    return full, off


def postgres_floor(url, payload, seconds):
    if shutil.which("pgbench") is None:
        return None
    headers, body, encoding = payload
    quoted_headers = headers.replace("'", "''")
    encoding = "NULL" if encoding is None else f"'{encoding}'"
    # The store's columns for a new queued row (webhook/src/store/postgres/bulk.rs,
    # INSERT_ACCEPTED), one row.
    script = (
        "INSERT INTO webhook.deliveries (provider, endpoint, event, delivery_id, delivery_key, "
        "status, attempts, secret_index, received_at, updated_at, headers, body, body_encoding) "
        "VALUES ('github', '/floor', 'pull_request.opened', md5(random()::text), "
        "md5(random()::text), 'queued', 0, 0, 0, 0, "
        f"'{quoted_headers}', decode('{body.hex()}', 'hex'), {encoding}) "
        "ON CONFLICT (provider, endpoint, delivery_key) WHERE status <> 'rejected' DO NOTHING "
        "RETURNING id;\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as file:
        file.write(script)
        file.flush()
        run = subprocess.run(
            ["pgbench", "-n", "-c1", "-M", "prepared", f"-T{seconds}", "-f", file.name, url],
            capture_output=True,
            text=True,
        )
    for line in run.stdout.splitlines():
        if line.startswith("latency average"):
            return float(line.split("=")[1].split()[0])
    # Left out ("-") rather than failing the SQLite figure with it.
    print(f"pgbench gave no latency (exit {run.returncode}): {run.stderr.strip()}", file=sys.stderr)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", required=True, help="a store's SQLite database")
    parser.add_argument("--postgres", help="a database holding a store's schema")
    parser.add_argument("--seconds", type=int, default=2)
    args = parser.parse_args()
    full, off = sqlite_floor(args.sqlite, args.seconds)
    pg = None
    if args.postgres:
        pg = postgres_floor(args.postgres, last_payload(args.sqlite), args.seconds)
    pg_text = "-" if pg is None else f"{pg:.3f}"
    print(f"sqlite {full:.3f} {off:.3f} postgres {pg_text}")


if __name__ == "__main__":
    main()
