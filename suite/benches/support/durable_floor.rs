//! The hand-written durable floor: what a careful engineer would write, with no
//! framework and on the same crates (axum, sqlx), to acknowledge a GitHub delivery only
//! once it is on disk. Read the body, check the HMAC, insert the delivery id, the event
//! header and the body as received with one statement that commits by itself (`ON
//! CONFLICT DO NOTHING`: a copy is acknowledged too), answer.
//!
//! It keeps no headers, packs nothing, and shares no commit: each request waits for a
//! commit of its own (SQLite `synchronous=FULL` on one connection, PostgreSQL's default
//! `synchronous_commit`). Its pools hand out connections without pinging them first
//! (`test_before_acquire(false)`), a round trip sqlx's default would add to each
//! request. At one connection that is the least a durable answer costs on this stack;
//! under load it shows what group commit buys.
//! `scripts/http_bench.sh --ingest` loads it as the `sqlite-hand` and `postgres-hand`
//! rows, on the framework's route path.

use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::app::GITHUB_SECRET;
use crate::floor::{header, hmac_hex_matches, read};

/// The table, in each database's own column types; one `INSERT` serves both.
const CREATE_SQLITE: &str = "CREATE TABLE IF NOT EXISTS floor_deliveries (\
    delivery_id TEXT PRIMARY KEY, event TEXT NOT NULL, body BLOB NOT NULL, \
    received_at INTEGER NOT NULL)";
const CREATE_POSTGRES: &str = "CREATE TABLE IF NOT EXISTS floor_deliveries (\
    delivery_id TEXT PRIMARY KEY, event TEXT NOT NULL, body BYTEA NOT NULL, \
    received_at BIGINT NOT NULL)";
const INSERT: &str = "INSERT INTO floor_deliveries (delivery_id, event, body, received_at) \
    VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";

#[derive(Clone)]
enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// `POST /webhooks/github`, recording into the database at `url` (`sqlite://…`, created
/// if missing, or `postgres://…`).
pub async fn router(url: &str) -> Result<Router, sqlx::Error> {
    let db = if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full);
        // One writer at a time is all SQLite allows; a pool of one queues the others.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        sqlx::query(CREATE_SQLITE).execute(&pool).await?;
        Db::Sqlite(pool)
    } else {
        // As many connections as the store's default.
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .connect(url)
            .await?;
        sqlx::query(CREATE_POSTGRES).execute(&pool).await?;
        Db::Postgres(pool)
    };
    Ok(Router::new()
        .route("/webhooks/github", post(acknowledge))
        .with_state(db))
}

/// Binds the delivery's columns to [`INSERT`] and runs it on `pool`, whichever
/// database's pool it is.
macro_rules! insert {
    ($pool:expr, $id:expr, $event:expr, $body:expr, $received_at:expr) => {
        sqlx::query(INSERT)
            .bind($id)
            .bind($event)
            .bind($body)
            .bind($received_at)
            .execute($pool)
            .await
            .map(drop)
    };
}

async fn acknowledge(State(db): State<Db>, request: Request) -> Response {
    let (parts, body) = match read(request).await {
        Ok(read) => read,
        Err(answer) => return answer,
    };
    let Some(hex_signature) = header(&parts, "x-hub-signature-256").strip_prefix("sha256=") else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !hmac_hex_matches(GITHUB_SECRET, &[&body], hex_signature) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let (id, event) = (
        header(&parts, "x-github-delivery"),
        header(&parts, "x-github-event"),
    );
    if id.is_empty() {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let received_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as i64);
    let inserted = match &db {
        Db::Sqlite(pool) => insert!(pool, id, event, body.as_ref(), received_at),
        Db::Postgres(pool) => insert!(pool, id, event, body.as_ref(), received_at),
    };
    match inserted {
        Ok(()) => (
            StatusCode::OK,
            [("content-type", "application/json")],
            r#"{"status":"queued"}"#,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
