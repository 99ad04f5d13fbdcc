#!/usr/bin/env python3
"""What one group commit of queued GitHub deliveries writes to SQLite's WAL, and what
the disk charges for it.

Builds the store's SQLite schema from webhook/migrations/sqlite, fills it with
--rows deliveries, then commits --commits batches of --batch new deliveries each, the
way the store's writer does (one BEGIN IMMEDIATE, per delivery an INSERT into
`deliveries` and one into `delivery_payloads`, COMMIT; journal_mode=WAL,
synchronous=FULL: the store commits with synchronous=NORMAL and fsyncs the WAL itself
afterwards, which writes the same pages and syncs them once). The rows have the sizes of the ingest benchmark's GitHub delivery:
a random UUID as delivery id (as X-GitHub-Delivery is), a 4 721-byte body (what LZ4
leaves of the 24 KiB pull_request payload; random bytes, as compressed data is) and
217 bytes of headers. Prints the WAL pages and KiB per commit, with the schema as it
is and with each index dropped in turn, so each part's share is visible.

Then times one write of the same sizes plus fsync on a plain file: what the disk
charges per commit by size. (SQLite writes each WAL frame as two calls, its 24-byte
header and the page; timed from Python those calls add an overhead of their own, so
the table writes the bytes in one call.)

Usage: scripts/wal_pages.py [--rows 20000] [--batch 8] [--commits 200] [--dir DIR]
Needs: python3 (its sqlite3 module). DIR should be on the disk the store uses
(default: a temporary directory under the working directory).
"""
import argparse
import os
import sqlite3
import statistics
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIGRATIONS = os.path.join(ROOT, "webhook", "migrations", "sqlite")
BODY_BYTES = 4721
HEADERS = ('[["content-type","application/json"],["x-github-delivery","{id}"],'
           '["x-hub-signature-256","[redacted]"],["x-github-event","pull_request"],'
           '["content-length","24740"],["host","127.0.0.1:25925"]]')
INDEXES = ["deliveries_dedupe", "deliveries_pending", "deliveries_received"]


def schema():
    return "\n".join(open(os.path.join(MIGRATIONS, name)).read()
                     for name in sorted(os.listdir(MIGRATIONS)) if name.endswith(".sql"))


def wal_per_commit(path, rows, batch, commits, drop):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.executescript(schema())
    for index in drop:
        db.execute(f"DROP INDEX {index}")
    clock = [1_796_153_596_000]

    def commit(count):
        db.execute("BEGIN IMMEDIATE")
        for _ in range(count):
            key = str(uuid.uuid4())
            clock[0] += 1
            (row_id,) = db.execute(
                "INSERT INTO deliveries (provider, endpoint, event, delivery_id, delivery_key, "
                "status, attempts, secret_index, received_at, updated_at) "
                "VALUES ('github', 'github', 'pull_request.opened', ?, ?, 'queued', 0, 0, ?, ?) "
                "RETURNING id", (key, key, clock[0], clock[0])).fetchone()
            db.execute("INSERT INTO delivery_payloads (id, headers, body, body_encoding) "
                       "VALUES (?, ?, ?, 'lz4')",
                       (row_id, HEADERS.format(id=key), os.urandom(BODY_BYTES)))
        db.execute("COMMIT")

    for _ in range(rows // 64):
        commit(64)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = db.execute("PRAGMA page_size").fetchone()[0]
    before = os.path.getsize(path + "-wal")
    times = []
    for _ in range(commits):
        start = time.perf_counter()
        commit(batch)
        times.append(time.perf_counter() - start)
    written = os.path.getsize(path + "-wal") - before
    db.close()
    return written / (page + 24) / commits, written / 1024 / commits, statistics.median(times) * 1e3


def fsync_ms(path, kib, rounds=300):
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC)
    size = 64 << 20
    os.write(fd, b"\0" * size)
    os.fsync(fd)
    block = b"b" * (kib * 1024)
    offset, times = 0, []
    for _ in range(rounds):
        if offset + len(block) > size:
            offset = 0
        start = time.perf_counter()
        os.pwrite(fd, block, offset)
        offset += len(block)
        os.fsync(fd)
        times.append(time.perf_counter() - start)
    os.close(fd)
    os.remove(path)
    return statistics.median(times) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir or os.getcwd()) as work:
        db = os.path.join(work, "pages.db")
        print(f"WAL written per commit of {args.batch} GitHub deliveries "
              f"({args.rows} rows before; median time per commit includes the fsync)")
        variants = [("schema as migrated", [])] + [(f"without {i}", [i]) for i in INDEXES]
        variants.append(("without any index", INDEXES))
        for label, drop in variants:
            pages, kib, ms = wal_per_commit(db, args.rows, args.batch, args.commits, drop)
            print(f"  {label:32s} {pages:5.1f} pages  {kib:6.1f} KiB  {ms:6.3f} ms")
        print("one write + fsync on a plain file, overwriting (median of 300)")
        for kib in (4, 32, 64, 120):
            print(f"  {kib:4d} KiB   {fsync_ms(db, kib):6.3f} ms")


if __name__ == "__main__":
    main()
