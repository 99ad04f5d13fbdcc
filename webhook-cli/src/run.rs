//! Each command: open the store, act, print.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use webhook::store::{self, DeliveryId, Store};

use crate::args::{Cli, Command, FilterArgs};
use crate::error::CliError;
use crate::locate::Source;
use crate::{locate, log, output, trigger};

/// How many rows `list` shows without `--limit`.
const DEFAULT_LIST_LIMIT: u32 = 100;

/// Runs the command, printing to `out` (messages about the output go to stderr).
pub(crate) async fn run(cli: Cli, out: &mut impl Write) -> Result<(), CliError> {
    let Cli {
        store,
        log,
        config,
        command,
    } = cli;
    // Sending needs no store.
    let command = match command {
        Command::Send(args) => return crate::send::send(*args, out).await,
        command => command,
    };
    if let Command::Trigger {
        provider,
        event,
        to,
        secret,
    } = command
    {
        let trigger = trigger::Trigger {
            provider,
            event,
            to,
            secret,
        };
        return trigger::run(trigger, |name| std::env::var(name).ok(), out).await;
    }
    let source = locate::source(
        store.as_deref(),
        log.as_deref(),
        config.as_deref(),
        |name| std::env::var(name).ok(),
    )?;
    let url = match source {
        Source::Store(url) => url,
        Source::Log(path) => return run_on_log(&path, command, out).await,
    };
    locate::check_sqlite_exists(&url)?;
    // The outbox opens the store its own way (it needs the database's pool).
    if let Command::Outbox { command } = command {
        return crate::outbox::run(&url, command, out).await;
    }
    let store = store::open(&url).await.map_err(|error| match error {
        store::StoreError::BackendDisabled { .. } => CliError::PostgresDisabled,
        error => CliError::Store(error),
    })?;
    let outcome = match command {
        Command::List { filter, json } => list(&*store, &filter, json, out).await,
        Command::Show { id, body, json } => show(&*store, DeliveryId(id), body, json, out).await,
        Command::Replay { id, filter, all } => replay(&*store, id, &filter, all, out).await,
        // Returned above, before the store; kept correct for completeness.
        Command::Send(args) => crate::send::send(*args, out).await,
        // Run above, without this store.
        Command::Outbox { .. } => Ok(()),
        Command::Prune { older_than } => {
            let pruned = store.prune(older_than).await?;
            let age = humantime::format_duration(older_than);
            writeln!(
                out,
                "deleted {pruned} finished {} received more than {age} ago",
                plural(pruned)
            )
            .map_err(CliError::from)
        }
        Command::Trigger { .. } => Ok(()), // sent before the store is looked for
    };
    close(store).await;
    outcome
}

/// `list` and `show` on a file log; the other commands need a store.
async fn run_on_log(path: &Path, command: Command, out: &mut impl Write) -> Result<(), CliError> {
    match command {
        Command::List { filter, json } => {
            let limit = filter.limit.unwrap_or(DEFAULT_LIST_LIMIT);
            log::list(path, &filter, limit, json, out)
        }
        Command::Show { id, body, json } => log::show(path, id, body, json, out),
        Command::Replay { .. } => Err(CliError::LogIsReadOnly("replay")),
        Command::Prune { .. } => Err(CliError::LogIsReadOnly("prune")),
        Command::Outbox { .. } => Err(CliError::LogIsReadOnly("outbox")),
        // Returned before the log is located; kept correct for completeness.
        Command::Send(args) => crate::send::send(*args, out).await,
        Command::Trigger { .. } => Ok(()), // sent before the source is looked for
    }
}

async fn list(
    store: &dyn Store,
    filter: &FilterArgs,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let mut filter = filter.to_filter()?;
    let limit = *filter.limit.get_or_insert(DEFAULT_LIST_LIMIT);
    let rows = store.list(&filter).await?;
    if json {
        for row in &rows {
            writeln!(out, "{}", output::summary_json(row))?;
        }
        return Ok(());
    }
    if rows.is_empty() {
        eprintln!("no deliveries match");
        return Ok(());
    }
    write!(out, "{}", output::table(&rows))?;
    if rows.len() == limit as usize {
        eprintln!("(the newest {limit} shown; --limit N for more)");
    }
    Ok(())
}

async fn show(
    store: &dyn Store,
    id: DeliveryId,
    body: bool,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let delivery = store
        .get(id)
        .await?
        .ok_or(store::StoreError::NotFound { id })?;
    if json {
        writeln!(out, "{}", output::delivery_json(&delivery, body))?;
    } else {
        write!(out, "{}", output::delivery_text(&delivery, body))?;
    }
    Ok(())
}

async fn replay(
    store: &dyn Store,
    id: Option<i64>,
    filter: &FilterArgs,
    all: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let queued = match id {
        Some(id) => {
            store.replay(DeliveryId(id)).await?;
            1
        }
        None if filter.selects() || all => store.replay_matching(&filter.to_filter()?).await?,
        None => return Err(CliError::EmptyReplayFilter),
    };
    writeln!(
        out,
        "queued {queued} {} for replay; the receiver's workers will run {}",
        plural(queued),
        if queued == 1 { "it" } else { "them" }
    )?;
    Ok(())
}

fn plural(count: u64) -> &'static str {
    if count == 1 {
        "delivery"
    } else {
        "deliveries"
    }
}

/// Closes the store; a failure to close after the work is done is only reported.
async fn close(store: Arc<dyn Store>) {
    if let Err(error) = store.close().await {
        let _ = writeln!(io::stderr(), "warning: {error}");
    }
}
