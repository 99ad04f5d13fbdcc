//! Every example runs as the README says, with nothing set: each binary of `examples/`
//! is started on a free loopback port (`PORT=0`; the example prints the address it
//! bound), in a temporary working directory, with an empty environment, and sent one
//! properly signed request; then it is killed. So an example can never rot unnoticed.
//!
//! `cargo test` builds the examples next to the tests (`target/<profile>/examples/`)
//! unless targets are selected; with `--test examples` alone, build them first
//! (`cargo build --examples --features all-providers`).
#![cfg(feature = "all-providers")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long an example may take to print its address.
const STARTUP: Duration = Duration::from_secs(30);

/// The built binary of example `name`.
fn example(name: &str) -> PathBuf {
    // The test binary is `target/<profile>/deps/examples-<hash>`.
    let test_binary = std::env::current_exe().expect("the test binary's path");
    let profile_dir = test_binary
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lives in target/<profile>/deps");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is not built: run `cargo test` without target filters, or \
         `cargo build --examples --features all-providers` first",
        path.display()
    );
    path
}

/// A temporary working directory, removed on drop.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("webhook-example-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary directory");
        WorkDir(path)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Example `name` in `dir` with an empty environment but for `env`.
fn command(name: &str, dir: &WorkDir, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(example(name));
    command
        .current_dir(&dir.0)
        .env_clear()
        .envs(env.iter().copied());
    command
}

/// A running example server, killed on drop.
struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    base: String,
    /// Its output up to the `listening on` line.
    startup: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a server example on a free port and waits for its `listening on` line.
fn serve(name: &str, dir: &WorkDir, env: &[(&str, &str)]) -> Server {
    let mut env = env.to_vec();
    env.push(("PORT", "0"));
    let mut child = command(name, dir, &env)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| panic!("{name} does not start: {error}"));
    let stdout = child.stdout.take().expect("piped stdout");
    let (lines, received) = mpsc::channel();
    // Keeps draining the pipe after startup, so the example never blocks on it.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                // Nobody listens any more; keep reading so the pipe stays open.
                continue;
            }
        }
    });
    let mut server = Server {
        child,
        base: String::new(),
        startup: Vec::new(),
    };
    loop {
        let line = received.recv_timeout(STARTUP).unwrap_or_else(|_| {
            let status = server.child.try_wait().ok().flatten();
            panic!(
                "{name} printed no `listening on` line (exit status {status:?}); it printed:\n{}",
                server.startup.join("\n")
            )
        });
        if let Some(rest) = line.split("listening on http://").nth(1) {
            let address: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            assert!(address.starts_with("127.0.0.1:"), "{line}");
            server.base = format!("http://{address}");
            server.startup.push(line);
            return server;
        }
        server.startup.push(line);
    }
}

/// Runs an example to completion and returns its output.
fn run(name: &str, dir: &WorkDir, env: &[(&str, &str)], args: &[&str]) -> Output {
    command(name, dir, env)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("{name} does not run: {error}"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn quickstart_answers_send_sample_with_nothing_set() {
    let dir = WorkDir::new("quickstart");
    let server = serve("quickstart", &dir, &[]);
    let port = server.base.rsplit(':').next().unwrap().to_owned();
    assert!(
        server
            .startup
            .iter()
            .any(|line| line.contains("STRIPE_WEBHOOK_SECRET is unset")),
        "{:?}",
        server.startup
    );

    for sample in ["stripe", "github", "push"] {
        let sent = run("send_sample", &dir, &[("PORT", &port)], &[sample]);
        assert!(sent.status.success(), "{sample}: {}", text(&sent));
        assert!(text(&sent).contains("200 OK"), "{sample}: {}", text(&sent));
    }
    // The README's wrong-secret try.
    let wrong = run(
        "send_sample",
        &dir,
        &[("PORT", &port), ("STRIPE_WEBHOOK_SECRET", "whsec_wrong")],
        &["stripe"],
    );
    assert!(text(&wrong).contains("401"), "{}", text(&wrong));
    // The delivery log is in the working directory, as the README says.
    assert!(dir.0.join("webhooks.db").is_file());
}

#[tokio::test]
async fn providers_starts_with_nothing_set_and_refuses_what_it_cannot_verify() {
    let dir = WorkDir::new("providers-unset");
    let server = serve("providers", &dir, &[]);
    for variable in ["DISCORD_PUBLIC_KEY", "SENDGRID_WEBHOOK_SECRET"] {
        assert!(
            server
                .startup
                .iter()
                .any(|line| line.starts_with(&format!("{variable} is unset"))),
            "{:?}",
            server.startup
        );
    }
    // Signed with a key of our own: the placeholder key is nobody's, so 401.
    let seed = webhook::testing::discord::TEST_SEED;
    let body = r#"{"id":"1","application_id":"42","type":2,"token":"t","data":{"name":"x"}}"#;
    let timestamp = webhook::testing::now().to_string();
    let response = reqwest::Client::new()
        .post(format!("{}/webhooks/discord", server.base))
        .header("content-type", "application/json")
        .header(
            "x-signature-ed25519",
            webhook::testing::discord::signature(&seed, &timestamp, body.as_bytes()),
        )
        .header("x-signature-timestamp", timestamp)
        .body(body)
        .send()
        .await
        .expect("the example answers");
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn providers_dispatches_a_signed_delivery() {
    let dir = WorkDir::new("providers-stripe");
    let secret = "whsec_examples_test";
    let server = serve("providers", &dir, &[("STRIPE_WEBHOOK_SECRET", secret)]);
    let body = r#"{"id":"evt_examples","object":"event","type":"invoice.paid","created":1,"livemode":false,"data":{"object":{}}}"#;
    let signature =
        webhook::testing::stripe_signature(&[secret], webhook::testing::now(), body.as_bytes());
    let response = reqwest::Client::new()
        .post(format!("{}/webhooks/stripe", server.base))
        .header("content-type", "application/json")
        .header("stripe-signature", signature)
        .body(body)
        .send()
        .await
        .expect("the example answers");
    assert_eq!(response.status(), 200);
}

#[test]
fn custom_provider_verifies_its_own_deliveries() {
    let dir = WorkDir::new("custom_provider");
    let output = run("custom_provider", &dir, &[], &[]);
    assert!(output.status.success(), "{}", text(&output));
    let printed = text(&output);
    assert!(printed.contains("signed:   200"), "{printed}");
    assert!(printed.contains("tampered: 401"), "{printed}");
}
