//! Durable delivery store.
