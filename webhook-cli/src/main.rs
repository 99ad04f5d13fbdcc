//! `webhook`: lists, shows, replays and prunes the deliveries a receiver logged in its
//! store (SQLite, or PostgreSQL with the `postgres` feature).
//!
//! ```text
//! webhook list [--provider P] [--endpoint PATH] [--event E|prefix*] [--status S]
//!              [--since WHEN] [--until WHEN] [--limit N] [--json]
//! webhook show <ID> [--body] [--json]
//! webhook replay <ID>
//! webhook replay [filter flags] | --all
//! webhook prune --older-than AGE
//! webhook send --to URL --secret whsec_… --type TYPE [--data JSON] [--allow CIDR]…
//! webhook trigger <PROVIDER> <EVENT> --to URL [--secret SECRET]
//! webhook outbox endpoints|add-endpoint|enable|disable|messages|attempts|resend|recover --tenant T …
//! ```
//!
//! The store is `--store URL`, else `WEBHOOK_STORE_URL`, else `[store] url` in the
//! configuration file (`--config PATH`, else `WEBHOOK_CONFIG`, else `./webhook.toml`).
//! A receiver without a store may keep a file log: `--log PATH`, or `[log] file` in the
//! configuration file when it has no store; `list` and `show` read it.

mod args;
mod error;
mod locate;
mod log;
mod outbox;
mod output;
mod run;
mod send;
mod trigger;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    let mut out = io::stdout().lock();
    match runtime.block_on(run::run(cli, &mut out)) {
        Ok(()) => ExitCode::SUCCESS,
        // `webhook list | head` closes the pipe early: not an error.
        Err(error::CliError::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

fn fail(error: &dyn std::error::Error) -> ExitCode {
    let _ = writeln!(io::stderr(), "error: {error}");
    ExitCode::FAILURE
}
