//! The store suite on SQLite, each test with a database file of its own, plus what only
//! SQLite has: the file itself.
#![cfg(feature = "sqlite")]

mod support;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use webhook::store::{self, SqliteStore, Start, Store, StoreError, StoreOptions};

use support::temp::TempDir;
use support::{delivery, Backend};

struct Sqlite {
    _dir: TempDir,
    path: PathBuf,
}

async fn sqlite() -> Option<Sqlite> {
    let dir = TempDir::new("store-sqlite");
    let path = dir.path().join("deliveries.db");
    Some(Sqlite { _dir: dir, path })
}

impl Backend for Sqlite {
    fn open_with(
        &self,
        options: StoreOptions,
    ) -> Pin<Box<dyn Future<Output = Arc<dyn Store>> + Send + '_>> {
        Box::pin(async move {
            let store = SqliteStore::open_with(&self.path, options)
                .await
                .expect("open the SQLite store");
            Arc::new(store) as Arc<dyn Store>
        })
    }

    fn block_writes_for(
        &self,
        duration: Duration,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(async move {
            let mut conn = SqliteConnectOptions::new()
                .filename(&self.path)
                .connect()
                .await
                .expect("connect");
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut conn)
                .await
                .expect("lock");
            tokio::spawn(async move {
                tokio::time::sleep(duration).await;
                sqlx::query("COMMIT")
                    .execute(&mut conn)
                    .await
                    .expect("unlock");
                conn.close().await.ok();
            });
        })
    }
}

support::store_suite!(sqlite:
    fifty_copies_make_one_new_row,
    fifty_copies_across_two_instances_make_one_new_row,
    many_deliveries_across_two_instances_are_each_recorded_once,
    copies_in_one_batch_are_duplicates,
    a_batch_with_copies_makes_one_new_row_per_delivery,
    batched_completions_respect_lease_ownership,
    deliveries_without_an_id_dedupe_on_the_body,
    rejected_requests_are_logged_with_reason_and_redacted_headers,
    inline_failure_is_run_again_by_the_provider_retry,
    abandoned_inline_run_is_reclaimed_after_its_lease,
    concurrent_workers_claim_each_row_once,
    expired_lease_moves_to_another_worker_and_the_old_one_is_refused,
    renew_extends_only_the_holders_lease,
    failures_back_off_with_jitter_then_go_dead,
    replay_by_id_and_by_filter,
    list_filters_and_orders,
    keyset_pages_lookups_counts_and_volume,
    prune_deletes_only_old_finished_rows,
    release_hands_claims_back,
    group_commit_is_durable_across_reopen,
    closed_store_refuses_new_records,
);

/// Everything SQLite wrote (database, WAL), as bytes.
fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        bytes.extend(std::fs::read(&file).unwrap_or_default());
    }
    bytes
}

#[tokio::test]
async fn secret_headers_never_reach_the_file() {
    let backend = sqlite().await.expect("backend");
    let store = backend.open().await;
    let mut signed = delivery(Some("evt_signed"), "invoice.paid", "{}");
    signed.headers.insert(
        "stripe-signature",
        HeaderValue::from_static("t=1,v1=c0ffeec0ffee4242"),
    );
    signed.headers.insert(
        "authorization",
        HeaderValue::from_static("Bearer tok_live_4242"),
    );
    store
        .record_accepted(signed.clone(), Start::Queued)
        .await
        .expect("record");
    store
        .record_rejected(signed, "stale timestamp".into())
        .await
        .expect("record");
    store.close().await.expect("close");
    let bytes = file_bytes(&backend.path);
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
    assert!(contains(b"evt_signed"), "the rows are in the file");
    assert!(
        !contains(b"c0ffeec0ffee4242"),
        "a signature reached the file"
    );
    assert!(!contains(b"tok_live_4242"), "a token reached the file");
}

/// The writer runs each batch's transaction itself (its `BEGIN` rides with the first
/// insert): a batch that fails half-way must leave nothing behind, and the next batch
/// must start a transaction of its own rather than find one still open.
#[tokio::test]
async fn a_batch_that_fails_half_way_is_rolled_back_and_the_writer_goes_on() {
    let backend = sqlite().await.expect("backend");
    let store = backend.open().await;
    // A trigger makes the payload insert, the batch's second statement, fail for one
    // marked delivery: its row is inserted first, inside the same transaction.
    let mut conn = SqliteConnectOptions::new()
        .filename(&backend.path)
        .connect()
        .await
        .expect("connect");
    sqlx::query(
        "CREATE TRIGGER injected_failure BEFORE INSERT ON delivery_payloads \
         WHEN NEW.headers LIKE '%x-inject-failure%' \
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    )
    .execute(&mut conn)
    .await
    .expect("create the trigger");
    let mut marked = delivery(Some("evt_marked"), "invoice.paid", "{}");
    marked
        .headers
        .insert("x-inject-failure", HeaderValue::from_static("1"));
    let failed = store.record_accepted(marked.clone(), Start::Queued).await;
    assert!(failed.is_err(), "the injected failure reached the caller");

    // The next batch commits on its own: nothing was left open.
    let next = store
        .record_accepted(
            delivery(Some("evt_next"), "invoice.paid", "{}"),
            Start::Queued,
        )
        .await
        .expect("the writer records after a failed batch");
    assert!(matches!(next, store::Recorded::New { .. }), "{next:?}");

    // The failed batch's row was rolled back: once the failure is gone, the same
    // delivery is new, not a duplicate of a row without its payload.
    sqlx::query("DROP TRIGGER injected_failure")
        .execute(&mut conn)
        .await
        .expect("drop the trigger");
    conn.close().await.expect("close");
    let again = store
        .record_accepted(marked, Start::Queued)
        .await
        .expect("record again");
    assert!(matches!(again, store::Recorded::New { .. }), "{again:?}");
    let stored = store
        .get(again.id())
        .await
        .expect("get")
        .expect("the row is there");
    assert_eq!(&stored.body[..], b"{}");
    store.close().await.expect("close");
}

#[tokio::test]
async fn the_file_is_in_wal_mode() {
    let backend = sqlite().await.expect("backend");
    backend.open().await.close().await.expect("close");
    let mut conn = SqliteConnectOptions::new()
        .filename(&backend.path)
        .connect()
        .await
        .expect("connect");
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .expect("pragma");
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn open_picks_the_backend_from_the_url() {
    let dir = TempDir::new("store-open");
    let bare = dir.path().join("bare.db");
    let store = store::open(bare.to_str().expect("utf-8 path"))
        .await
        .expect("open a bare path");
    store.close().await.expect("close");
    assert!(bare.is_file());

    let url = format!("sqlite://{}", dir.path().join("url.db").display());
    store::open(&url)
        .await
        .expect("open a sqlite:// URL")
        .close()
        .await
        .expect("close");
    assert!(dir.path().join("url.db").is_file());

    let refused = store::open("mysql://user:hunter2@db/hooks").await;
    let Err(error @ StoreError::UnsupportedUrl { .. }) = refused else {
        panic!("{refused:?}")
    };
    assert!(!error.to_string().contains("hunter2"), "{error}");
}

#[tokio::test]
async fn a_missing_directory_is_a_clear_error() {
    let dir = TempDir::new("store-missing");
    let path = dir.path().join("no/such/dir/deliveries.db");
    let refused = SqliteStore::open(&path).await;
    let Err(error @ StoreError::OpenSqlite { .. }) = refused else {
        panic!("{refused:?}")
    };
    assert!(error.to_string().contains("directory exists"), "{error}");
}

/// A file written before payloads moved to their own table (migration 2) keeps its
/// rows' bodies, and pruning a row deletes its payload.
#[tokio::test]
async fn rows_from_before_the_payload_split_keep_their_bodies() {
    let dir = TempDir::new("store-split");
    let migrations = dir.path().join("migrations");
    std::fs::create_dir_all(&migrations).expect("mkdir");
    std::fs::write(
        migrations.join("1_create_deliveries.sql"),
        include_str!("../migrations/sqlite/0001_create_deliveries.sql"),
    )
    .expect("write");
    let path = dir.path().join("deliveries.db");
    let connect = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let mut conn = connect.connect().await.expect("connect");
    sqlx::migrate::Migrator::new(migrations.as_path())
        .await
        .expect("migrations")
        .run(&mut conn)
        .await
        .expect("migration 1");
    sqlx::query(
        "INSERT INTO deliveries (provider, endpoint, event, delivery_id, delivery_key, status, \
         attempts, received_at, updated_at, headers, body) VALUES ('stripe', '/webhooks/stripe', \
         'invoice.paid', 'evt_old', 'evt_old', 'queued', 0, 1, 1, '[]', CAST('{\"old\":1}' AS BLOB))",
    )
    .execute(&mut conn)
    .await
    .expect("insert");
    conn.close().await.expect("close");

    let store = SqliteStore::open(&path)
        .await
        .expect("open runs migration 2");
    let claimed = store
        .claim("worker", 10, Duration::from_secs(30))
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    assert_eq!(&claimed[0].body[..], br#"{"old":1}"#);
    store
        .complete(claimed[0].id(), "worker")
        .await
        .expect("complete");
    assert_eq!(store.prune(Duration::ZERO).await.expect("prune"), 1);
    store.close().await.expect("close");

    let mut conn = connect.connect().await.expect("connect");
    let payloads: i64 = sqlx::query_scalar("SELECT count(*) FROM delivery_payloads")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(payloads, 0, "a pruned row's payload stayed");
}

/// Bodies are stored LZ4-compressed (migration 3), accepted and rejected alike, and
/// read back byte for byte; a body too small to shrink is stored as it came; a damaged
/// one is a clear error naming the row, not a panic.
#[tokio::test]
async fn bodies_are_stored_compressed_and_read_back_whole() {
    let backend = sqlite().await.expect("backend");
    let store = backend.open().await;
    let large = format!(
        "{{\"items\":[{}]}}",
        (0..400)
            .map(|i| format!("{{\"id\":{i},\"name\":\"line item\"}}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let accepted = store
        .record_accepted(
            delivery(Some("evt_large"), "invoice.paid", &large),
            Start::Queued,
        )
        .await
        .expect("record")
        .id();
    let rejected = store
        .record_rejected(delivery(None, "invoice.paid", &large), "bad".into())
        .await
        .expect("record");
    let tiny = store
        .record_accepted(
            delivery(Some("evt_tiny"), "invoice.paid", "{}"),
            Start::Queued,
        )
        .await
        .expect("record")
        .id();
    for id in [accepted, rejected] {
        let stored = store.get(id).await.expect("get").expect("row");
        assert_eq!(stored.body, large.as_bytes(), "row {id}");
    }
    let stored = store.get(tiny).await.expect("get").expect("row");
    assert_eq!(&stored.body[..], b"{}");
    let claimed = store
        .claim("worker", 10, Duration::from_secs(30))
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 2);
    assert_eq!(claimed[0].body, large.as_bytes());
    store.close().await.expect("close");

    let mut conn = SqliteConnectOptions::new()
        .filename(&backend.path)
        .connect()
        .await
        .expect("connect");
    let rows: Vec<(i64, Option<String>, i64)> =
        sqlx::query_as("SELECT id, body_encoding, length(body) FROM delivery_payloads ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .expect("payloads");
    let encodings: Vec<_> = rows
        .iter()
        .map(|(_, encoding, _)| encoding.clone())
        .collect();
    assert_eq!(
        encodings,
        [Some("lz4".to_owned()), Some("lz4".to_owned()), None],
        "{rows:?}"
    );
    assert!(rows[0].2 * 4 < large.len() as i64, "{rows:?}");
    sqlx::query("UPDATE delivery_payloads SET body = X'FFFFFF7F0102' WHERE id = $1")
        .bind(accepted.0)
        .execute(&mut conn)
        .await
        .expect("damage");
    conn.close().await.expect("close");

    let store = backend.open().await;
    let error = store.get(accepted).await.expect_err("a damaged body");
    assert!(
        matches!(error, StoreError::Corrupt { id, .. } if id == accepted),
        "{error}"
    );
    assert!(error.to_string().contains("compressed bytes"), "{error}");
}
