//! The outbox on PostgreSQL (a throwaway server for this binary, see
//! `support/postgres.rs`): the shared cases, two worker sets on one database, and
//! `send_in` inside the application's own transaction, on a connection whose
//! `search_path` does not name the store's schema.
#![cfg(all(feature = "outbox", feature = "postgres"))]

mod outbox_support;
#[allow(dead_code)]
#[path = "support/postgres.rs"]
mod postgres_server;
#[allow(dead_code)]
#[path = "support/temp.rs"]
mod temp;

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use webhook::outgoing::outbox::{NewEndpoint, Outbox, OutgoingMessage, WorkerOptions};
use webhook::store::{PostgresStore, Store as _};

use outbox_support::{Db, Fake};

struct Postgres {
    url: String,
}

/// A fresh database, migrated by connecting the store to it.
async fn postgres() -> Option<Postgres> {
    let server = postgres_server::server()?;
    let url = server.fresh_database().await;
    PostgresStore::connect(&url)
        .await
        .expect("connect the store")
        .close()
        .await
        .expect("close the store");
    Some(Postgres { url })
}

impl Postgres {
    /// A pool with PostgreSQL's default `search_path`, as an application's own.
    fn pool(&self) -> PgPool {
        PgPoolOptions::new()
            .max_connections(8)
            .connect_lazy(&self.url)
            .expect("a pool")
    }
}

impl Db for Postgres {
    fn outbox(&self) -> Outbox {
        Outbox::postgres(self.pool(), "webhook").expect("outbox")
    }
}

outbox_support::cases::outbox_suite!(postgres:
    idempotency_key_twice_is_one_message,
    filters_pick_matching_enabled_endpoints,
    delivery_is_recorded_with_one_message_id,
    gone_disables_the_endpoint,
    a_crash_loses_nothing,
    one_tenants_slow_endpoints_never_delay_another,
    tenants_are_served_in_turn,
    rate_limits_space_attempts,
    two_worker_sets_make_each_attempt_once,
    dead_letters_are_resent_and_recovered,
    endpoints_are_managed_per_tenant,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolled_back_write_sends_nothing_and_a_committed_one_sends() {
    let Some(db) = postgres().await else { return };
    let pool = db.pool();
    let outbox = Outbox::postgres(pool.clone(), "webhook").expect("outbox");
    sqlx::query("CREATE TABLE public.orders (id TEXT PRIMARY KEY)")
        .execute(&pool)
        .await
        .expect("the application's table");
    outbox
        .create_endpoint("acme", NewEndpoint::new("http://127.0.0.1:9/orders"))
        .await
        .expect("endpoint");
    let created = |id: &str| {
        OutgoingMessage::new("order.created", &serde_json::json!({ "id": id })).expect("json")
    };

    let mut tx = pool.begin().await.expect("begin");
    sqlx::query("INSERT INTO orders (id) VALUES ('o_1')")
        .execute(&mut *tx)
        .await
        .expect("insert");
    let rolled_back = outbox
        .send_in(&mut *tx, "acme", &created("o_1"))
        .await
        .expect("send_in");
    tx.rollback().await.expect("rollback");

    let mut tx = pool.begin().await.expect("begin");
    sqlx::query("INSERT INTO orders (id) VALUES ('o_2')")
        .execute(&mut *tx)
        .await
        .expect("insert");
    let committed = outbox
        .send_in(&mut *tx, "acme", &created("o_2"))
        .await
        .expect("send_in");
    tx.commit().await.expect("commit");

    let orders: Vec<String> = sqlx::query_scalar("SELECT id FROM orders")
        .fetch_all(&pool)
        .await
        .expect("orders");
    assert_eq!(orders, ["o_2"]);
    let messages = outbox.messages("acme", None, 10).await.expect("messages");
    let ids: Vec<&str> = messages.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids, [committed.message_id.as_str()]);
    assert!(outbox
        .message("acme", &rolled_back.message_id)
        .await
        .is_err());

    let fake = Fake::delivering();
    let workers = outbox.workers(fake.clone(), WorkerOptions::default());
    assert!(outbox_support::eventually(Duration::from_secs(10), || fake.calls().len() == 1).await);
    tokio::time::sleep(Duration::from_millis(200)).await;
    workers.shutdown().await;
    let calls = fake.calls();
    assert_eq!(calls.len(), 1, "only the committed message is delivered");
    assert_eq!(calls[0].message_id, committed.message_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_opens_the_outbox_in_its_schema() {
    let Some(db) = postgres().await else { return };
    let store = PostgresStore::connect(&db.url).await.expect("connect");
    let outbox = Outbox::of_postgres_store(&store);
    outbox
        .create_endpoint("acme", NewEndpoint::new("http://127.0.0.1:9/a"))
        .await
        .expect("endpoint");
    // The same rows, seen through a pool with the default search_path.
    assert_eq!(db.outbox().endpoints("acme").await.expect("list").len(), 1);
    let bad = Outbox::postgres(db.pool(), "Robert'); DROP TABLE x; --");
    assert!(bad.is_err());
}
