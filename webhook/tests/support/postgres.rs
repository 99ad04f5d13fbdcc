//! A throwaway PostgreSQL server for the tests, started from the system's binaries:
//! one per test binary, each test in a database of its own.
//!
//! The binaries are looked for in `$PG_BIN_DIR`, then on `PATH`, then in
//! `/usr/lib/postgresql/*/bin` (Debian's layout; `apt-get install postgresql`). When
//! none is found the tests are skipped with a message, except under `CI`, where that
//! is a failure. As root (which `initdb` refuses) the server runs as the `postgres`
//! user, or a `webhook-pg` system user created for it.
//!
//! The server lives in a static, which Rust never drops, so instead of a `Drop` a small
//! watcher process stops it and deletes its files once the test binary has exited
//! (also after a panic or an abort).

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use sqlx::Connection;

use super::temp::TempDir;

/// A running server.
#[derive(Debug)]
pub(crate) struct PgServer {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    run_as: Option<String>,
}

/// The server for this test binary, started on first use; `None` when PostgreSQL is not
/// installed (and `CI` is unset).
pub(crate) fn server() -> Option<&'static PgServer> {
    static SERVER: OnceLock<Option<PgServer>> = OnceLock::new();
    SERVER.get_or_init(start).as_ref()
}

impl PgServer {
    /// The URL of `database`.
    pub(crate) fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// A new, empty database; returns its URL.
    pub(crate) async fn fresh_database(&self) -> String {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let mut admin = sqlx::PgConnection::connect(&self.url("postgres"))
            .await
            .expect("connect to the test server");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create a test database");
        admin.close().await.ok();
        self.url(&name)
    }
}

fn start() -> Option<PgServer> {
    let Some(bin) = find_binaries() else {
        let message = "PostgreSQL server binaries (initdb, pg_ctl) not found in $PG_BIN_DIR, \
                       on PATH or in /usr/lib/postgresql/*/bin; install them with \
                       `apt-get install postgresql`";
        if std::env::var_os("CI").is_some() {
            panic!("{message} (CI is set, so the PostgreSQL store tests must run)");
        }
        // Straight to stderr: the test harness captures `eprintln!`, and a skip must show.
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPING the PostgreSQL store tests: {message} ***\n"
        );
        return None;
    };
    let run_as = server_user();
    // Outlives this process: the watcher deletes it.
    let dir = TempDir::new("store-pg").keep();
    if let Some(user) = &run_as {
        chown_to(&dir, user);
    }
    let data = dir.join("data");
    let initdb = command(&bin.join("initdb"), run_as.as_deref())
        .arg("-D")
        .arg(&data)
        .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
        .output()
        .expect("run initdb");
    assert!(
        initdb.status.success(),
        "initdb failed: {}",
        String::from_utf8_lossy(&initdb.stderr)
    );
    // A free port can be taken before the server binds it: then try another.
    for _ in 0..3 {
        let port = free_port();
        let started = command(&bin.join("pg_ctl"), run_as.as_deref())
            .arg("-D")
            .arg(&data)
            .arg("-o")
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
                 -c max_connections=300",
                dir.display()
            ))
            .arg("-l")
            .arg(dir.join("server.log"))
            .args(["-w", "-t", "30", "start"])
            .stdout(Stdio::null())
            .status()
            .expect("run pg_ctl");
        if started.success() {
            let server = PgServer {
                bin,
                dir,
                port,
                run_as,
            };
            watch(&server);
            return Some(server);
        }
    }
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    panic!("PostgreSQL did not start; its log:\n{log}");
}

/// A directory holding `initdb` and `pg_ctl`.
fn find_binaries() -> Option<PathBuf> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("PG_BIN_DIR").map(PathBuf::from) {
        return has_both(&dir).then_some(dir);
    }
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("initdb"))
        .find(|initdb| initdb.is_file())
        // Debian links /usr/bin tools to a wrapper; the real directory has `postgres` too.
        .and_then(|initdb| initdb.canonicalize().ok())
        .and_then(|initdb| initdb.parent().map(Path::to_path_buf))
        .filter(|dir| has_both(dir));
    if on_path.is_some() {
        return on_path;
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
        .filter(|dir| has_both(dir))
        .collect();
    versions.sort_by_key(|dir| {
        dir.parent()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str()?.parse::<u32>().ok())
    });
    versions.pop()
}

/// `None` when not root; else the user the server runs as, created when missing.
fn server_user() -> Option<String> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return None;
    }
    for user in ["postgres", "webhook-pg"] {
        if Command::new("id")
            .arg(user)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            return Some(user.to_owned());
        }
    }
    let created = Command::new("useradd")
        .args([
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            "webhook-pg",
        ])
        .status()
        .is_ok_and(|status| status.success());
    assert!(
        created,
        "running as root: initdb needs another user, and `useradd webhook-pg` failed"
    );
    Some("webhook-pg".to_owned())
}

fn chown_to(dir: &Path, user: &str) {
    let status = Command::new("chown")
        .arg(format!("{user}:"))
        .arg(dir)
        .status()
        .expect("run chown");
    assert!(status.success(), "chown {user} {} failed", dir.display());
}

/// `program`, run as `user` when one is given.
fn command(program: &Path, user: Option<&str>) -> Command {
    match user {
        Some(user) => {
            let mut command = Command::new("runuser");
            command.args(["-u", user, "--"]).arg(program);
            command
        }
        None => Command::new(program),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("find a free port")
}

/// Starts a process that waits for this test binary to exit, then stops the server and
/// removes its directory.
fn watch(server: &PgServer) {
    let mut stop = command(&server.bin.join("pg_ctl"), server.run_as.as_deref());
    stop.arg("-D")
        .arg(server.dir.join("data"))
        .args(["-m", "immediate", "stop"]);
    let stop: Vec<String> = std::iter::once(stop.get_program())
        .chain(stop.get_args())
        .map(|part| shell_quote(&part.to_string_lossy()))
        .collect();
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.2; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        stop = stop.join(" "),
        dir = shell_quote(&server.dir.to_string_lossy()),
    );
    // The outer shell exits at once, leaving the watcher to init: nothing to wait for.
    let started = Command::new("sh")
        .args(["-c", &format!("({script}) </dev/null >/dev/null 2>&1 &")])
        .status()
        .expect("start the PostgreSQL watcher");
    assert!(started.success(), "could not start the PostgreSQL watcher");
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
