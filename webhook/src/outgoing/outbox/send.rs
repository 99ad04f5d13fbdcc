//! [`Outbox::send`] and [`Outbox::send_in`]: a message and its first attempts, in one
//! transaction of the outbox's own or in the caller's.

use std::future::Future;
use std::pin::Pin;

use super::error::OutboxError;
use super::model::{OutgoingMessage, Sent};
use super::store::Db;
use super::Outbox;

impl Outbox {
    /// Stores `message` for `tenant` and queues it for each of the tenant's enabled
    /// endpoints whose filters take its event type, in one transaction. With an
    /// idempotency key already used by this tenant, nothing new is stored and the earlier
    /// message's id is returned (`duplicate: true`).
    pub async fn send(&self, tenant: &str, message: &OutgoingMessage) -> Result<Sent, OutboxError> {
        let message_id = new_message_id()?;
        let now = self.now_ms();
        let sql = &*self.sql;
        let sent = with_tx!(&self.db, |conn, ops| ops::send(
            conn, sql, tenant, message, message_id, now
        )
        .await)?;
        self.wake.notify_one();
        Ok(sent)
    }

    /// Like [`send`](Self::send), on `conn`: a connection inside the caller's own
    /// transaction (`&mut *tx`), on the outbox's database. The message is sent when that
    /// transaction commits, and never if it rolls back.
    ///
    /// ```no_run
    /// # async fn run(pool: sqlx::SqlitePool, outbox: webhook::outgoing::outbox::Outbox) -> Result<(), Box<dyn std::error::Error>> {
    /// use webhook::outgoing::outbox::OutgoingMessage;
    ///
    /// let mut tx = pool.begin().await?;
    /// sqlx::query("INSERT INTO orders (id) VALUES ('o_1')").execute(&mut *tx).await?;
    /// outbox
    ///     .send_in(&mut *tx, "acme", &OutgoingMessage::new("order.created", &serde_json::json!({ "id": "o_1" }))?)
    ///     .await?;
    /// tx.commit().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_in<C: OutboxConnection>(
        &self,
        conn: &mut C,
        tenant: &str,
        message: &OutgoingMessage,
    ) -> Result<Sent, OutboxError> {
        let message_id = new_message_id()?;
        let sent = conn
            .send(self, tenant, message, message_id, self.now_ms())
            .await?;
        // Seen by the workers once the caller commits; until then they find nothing.
        self.wake.notify_one();
        Ok(sent)
    }
}

/// A connection `send_in` can write through: SQLite's or PostgreSQL's (a transaction
/// derefs to one).
pub trait OutboxConnection: Send + sealed::Sealed {
    /// Sends on this connection.
    #[doc(hidden)]
    fn send<'a>(
        &'a mut self,
        outbox: &'a Outbox,
        tenant: &'a str,
        message: &'a OutgoingMessage,
        message_id: String,
        now: i64,
    ) -> Pin<Box<dyn Future<Output = Result<Sent, OutboxError>> + Send + 'a>>;
}

mod sealed {
    pub trait Sealed {}
    #[cfg(feature = "sqlite")]
    impl Sealed for sqlx::SqliteConnection {}
    #[cfg(feature = "postgres")]
    impl Sealed for sqlx::PgConnection {}
}

#[cfg(feature = "sqlite")]
impl OutboxConnection for sqlx::SqliteConnection {
    fn send<'a>(
        &'a mut self,
        outbox: &'a Outbox,
        tenant: &'a str,
        message: &'a OutgoingMessage,
        message_id: String,
        now: i64,
    ) -> Pin<Box<dyn Future<Output = Result<Sent, OutboxError>> + Send + 'a>> {
        Box::pin(async move {
            #[allow(irrefutable_let_patterns)]
            let Db::Sqlite(_) = &outbox.db
            else {
                return Err(OutboxError::WrongBackend {
                    outbox: outbox.db.name(),
                    given: "SQLite",
                });
            };
            super::store::sqlite::send(self, &outbox.sql, tenant, message, message_id, now).await
        })
    }
}

#[cfg(feature = "postgres")]
impl OutboxConnection for sqlx::PgConnection {
    fn send<'a>(
        &'a mut self,
        outbox: &'a Outbox,
        tenant: &'a str,
        message: &'a OutgoingMessage,
        message_id: String,
        now: i64,
    ) -> Pin<Box<dyn Future<Output = Result<Sent, OutboxError>> + Send + 'a>> {
        Box::pin(async move {
            #[allow(irrefutable_let_patterns)]
            let Db::Postgres(_) = &outbox.db
            else {
                return Err(OutboxError::WrongBackend {
                    outbox: outbox.db.name(),
                    given: "PostgreSQL",
                });
            };
            super::store::postgres::send(self, &outbox.sql, tenant, message, message_id, now).await
        })
    }
}

/// `msg_` and 128 random bits in hex: the message's `webhook-id`.
fn new_message_id() -> Result<String, OutboxError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(OutboxError::Random)?;
    Ok(format!("msg_{}", hex::encode(bytes)))
}
