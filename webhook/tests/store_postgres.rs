//! The store suite on PostgreSQL: a throwaway server for this binary (see
//! `support/postgres.rs`), each test in a database of its own.
#![cfg(feature = "postgres")]

mod support;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use sqlx::Connection;
use webhook::store::{self, PostgresStore, Store, StoreError, StoreOptions};

use support::Backend;

struct Postgres {
    url: String,
}

async fn postgres() -> Option<Postgres> {
    let server = support::postgres::server()?;
    Some(Postgres {
        url: server.fresh_database().await,
    })
}

impl Backend for Postgres {
    fn open_with(
        &self,
        options: StoreOptions,
    ) -> Pin<Box<dyn Future<Output = Arc<dyn Store>> + Send + '_>> {
        Box::pin(async move {
            let store = PostgresStore::connect_with(&self.url, options)
                .await
                .expect("connect the PostgreSQL store");
            Arc::new(store) as Arc<dyn Store>
        })
    }

    fn block_writes_for(
        &self,
        duration: Duration,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(async move {
            let mut conn = sqlx::PgConnection::connect(&self.url)
                .await
                .expect("connect");
            sqlx::query("BEGIN")
                .execute(&mut conn)
                .await
                .expect("begin");
            sqlx::query("LOCK TABLE webhook.deliveries IN EXCLUSIVE MODE")
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

support::store_suite!(postgres:
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

#[tokio::test]
async fn tables_and_migrations_live_in_their_own_schema() {
    let Some(backend) = postgres().await else {
        return;
    };
    // The application's own sqlx migrations, in `public`, must not be disturbed.
    let mut app = sqlx::PgConnection::connect(&backend.url)
        .await
        .expect("connect");
    sqlx::query("CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY)")
        .execute(&mut app)
        .await
        .expect("create the app's migration table");
    sqlx::query("INSERT INTO _sqlx_migrations VALUES (1), (20240101)")
        .execute(&mut app)
        .await
        .expect("insert");
    backend.open().await.close().await.expect("close");
    let mine: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::TEXT FROM information_schema.tables WHERE table_schema = 'webhook' ORDER BY 1",
    )
    .fetch_all(&mut app)
    .await
    .expect("tables");
    assert_eq!(
        mine,
        [
            "_sqlx_migrations",
            "deliveries",
            "outbox_attempts",
            "outbox_endpoints",
            "outbox_messages"
        ]
    );
    let app_versions: i64 = sqlx::query_scalar("SELECT count(*) FROM public._sqlx_migrations")
        .fetch_one(&mut app)
        .await
        .expect("count");
    assert_eq!(app_versions, 2);
    // Opening again finds the migrations applied.
    backend.open().await.close().await.expect("close");
}

#[tokio::test]
async fn instances_starting_together_migrate_once() {
    let Some(backend) = postgres().await else {
        return;
    };
    let url = backend.url.clone();
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move { PostgresStore::connect(&url).await })
        })
        .collect();
    for start in starts {
        start
            .await
            .expect("task")
            .expect("connect")
            .close()
            .await
            .expect("close");
    }
}

#[tokio::test]
async fn open_picks_postgres_from_the_url_and_hides_passwords() {
    let Some(backend) = postgres().await else {
        return;
    };
    store::open(&backend.url)
        .await
        .expect("open")
        .close()
        .await
        .expect("close");
    let nowhere = "postgres://app:hunter2@127.0.0.1:1/none";
    let quick = StoreOptions::default().acquire_timeout(Duration::from_millis(300));
    let refused = store::open_with(nowhere, quick).await;
    let Err(error @ StoreError::ConnectPostgres { .. }) = refused else {
        panic!("{refused:?}")
    };
    assert!(!error.to_string().contains("hunter2"), "{error}");
    let bad = PostgresStore::connect_with(
        &backend.url,
        StoreOptions::default().postgres_schema("x; drop"),
    )
    .await;
    assert!(matches!(bad, Err(StoreError::InvalidSchema(_))), "{bad:?}");
}

/// The record writers keep their connections between batches; one closed while idle
/// (here by the server, as `idle_session_timeout` or a proxy would) costs the next
/// record nothing: the batch is tried again on a pooled connection.
#[tokio::test]
async fn a_record_after_the_server_closed_the_writers_idle_connections_is_stored() {
    let Some(backend) = postgres().await else {
        return;
    };
    let store = backend.open().await;
    let first = support::delivery(Some("evt_before"), "invoice.paid", "{}");
    store
        .record_accepted(first, store::Start::Queued)
        .await
        .expect("first record");
    let mut admin = sqlx::PgConnection::connect(&backend.url)
        .await
        .expect("connect");
    let closed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = 'webhook-store' AND datname = current_database()",
    )
    .fetch_all(&mut admin)
    .await
    .expect("terminate the store's connections");
    assert!(!closed.is_empty(), "the store kept no connection open");
    let second = support::delivery(Some("evt_after"), "invoice.paid", "{}");
    let recorded = store
        .record_accepted(second, store::Start::Queued)
        .await
        .expect("a record after the connections were closed");
    assert!(
        matches!(recorded, store::Recorded::New { .. }),
        "{recorded:?}"
    );
    store.close().await.expect("close");
}
