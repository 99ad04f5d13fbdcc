//! What the SQLite and PostgreSQL backends do alike, written once: the SQL both run
//! word for word, and the code around it. Where the two backends' code differs only in
//! its pool, connection and database types and in how it reads the clock (`now_ms!`,
//! which each backend defines), it is a `macro_rules!` here, which each backend expands
//! with its own types where its `now_ms!` is in scope (sqlx's generic bounds for the
//! same code would outweigh it):
//!
//! - [`sql`]: the statements both run, and the pieces of SQL both spell;
//! - [`queue`]: `queue_operations!`, the workers' writes but claims and completions,
//!   replay, listing and pruning, expanded in each backend's `queue.rs`;
//! - [`record`]: `record_operations!`, binding a new row and settling a new arrival
//!   that collided with its delivery's row, expanded in each backend's `write.rs`;
//! - [`store`]: `impl_store!`, the [`Store`](super::Store) implementation, expanded in
//!   each backend's `mod.rs`.
//!
//! What each backend does its own way stays in its folder: claims, group commit (the
//! batches' transactions, bulk inserts and completions), SQLite's log sync, and
//! opening or connecting. What needs no SQL at all (batching, reading rows back,
//! filters) has a module of its own beside this one.

#[macro_use]
mod sql;
#[macro_use]
mod queue;
#[macro_use]
mod record;
#[macro_use]
mod store;
