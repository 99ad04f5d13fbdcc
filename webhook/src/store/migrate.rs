//! The store's migrations, compiled into the binary from `webhook/migrations/{sqlite,
//! postgres}/` and run by sqlx's migrator when a store opens (no files to ship, no
//! `DATABASE_URL` at build time).

use std::borrow::Cow;
use std::ops::Deref;

use futures_util::future::BoxFuture;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migrate, Migration, MigrationSource, MigrationType, Migrator};
use sqlx::Acquire;

use super::error::StoreError;

/// One migration: version, description, SQL.
pub(crate) type Step = (i64, &'static str, &'static str);

/// A fixed list of migrations, as a sqlx [`MigrationSource`].
#[derive(Debug)]
struct Embedded(&'static [Step]);

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(self) -> BoxFuture<'s, Result<Vec<Migration>, BoxDynError>> {
        let migrations = self
            .0
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    Cow::Borrowed(sql),
                    false,
                )
            })
            .collect();
        Box::pin(async move { Ok(migrations) })
    }
}

/// Runs those of `steps` not run yet on the database behind `conn` (a pool, or a
/// connection).
pub(crate) async fn migrate<'a, A>(steps: &'static [Step], conn: A) -> Result<(), StoreError>
where
    A: Acquire<'a>,
    <A::Connection as Deref>::Target: Migrate,
{
    let migrate_error = |source| StoreError::Migrate { source };
    Migrator::new(Embedded(steps))
        .await
        .map_err(migrate_error)?
        .run(conn)
        .await
        .map_err(migrate_error)
}
