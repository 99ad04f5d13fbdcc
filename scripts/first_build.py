#!/usr/bin/env python3
"""First-build time: what a new user waits for before the first request, against the
receivers they would otherwise write.

Builds each project below from an empty target directory (dependencies downloaded
before the clock starts: `cargo fetch` first, then `--offline`), debug and release, and
prints wall time, CPU time (user + sys of cargo and every rustc, cc and build script it
ran) and peak memory (the largest process), with the ratios the targets judge:

- quickstart: `cargo build --example quickstart` in this repository (the README's
  first command, minus running it);
- webhook-stripe: `webhook` with only its `stripe` feature, one handler on axum;
- webhook-github: the same with only `github`;
- async-stripe: a minimal Stripe receiver on axum + async-stripe's webhook crate;
- octocrab: a minimal GitHub receiver on axum + octocrab's webhook payloads + an HMAC.

Targets: quickstart <= 0.5x of async-stripe, webhook-stripe <= 0.3x. CPU time moves
less than wall time when other work shares the machine; both are printed.

    python3 scripts/first_build.py [--profiles debug,release] [--only quickstart,async-stripe]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AXUM = 'axum = { version = "0.8", default-features = false, features = ["http1", "tokio"] }'
TOKIO = 'tokio = { version = "1", features = ["rt-multi-thread", "macros", "net"] }'

WEBHOOK_MAIN = """
use webhook::{router, webhook, %(provider)s};

#[webhook(provider = "%(provider)s", event = "%(event)s")]
async fn handle(event: %(provider)s::Event<%(payload)s>) {
    println!("{:?}", %(field)s);
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app: axum::Router = router![handle].secrets_from_env()?.into_router()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
"""

ASYNC_STRIPE_MAIN = """
use axum::{body::Bytes, http::{HeaderMap, StatusCode}, routing::post, Router};
use stripe_webhook::{EventObject, Webhook};

async fn handle(headers: HeaderMap, body: Bytes) -> StatusCode {
    let secret = std::env::var("STRIPE_WEBHOOK_SECRET").unwrap_or_default();
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Ok(payload) = std::str::from_utf8(&body) else { return StatusCode::BAD_REQUEST };
    match Webhook::construct_event(payload, signature, &secret) {
        Ok(event) => {
            if let EventObject::InvoicePaid(invoice) = event.data.object {
                println!("{:?}", invoice.id);
            }
            StatusCode::OK
        }
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = Router::new().route("/webhooks/stripe", post(handle));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
"""

OCTOCRAB_MAIN = """
use axum::{body::Bytes, http::{HeaderMap, StatusCode}, routing::post, Router};
use hmac::{Hmac, Mac};
use octocrab::models::webhook_events::{WebhookEvent, WebhookEventPayload};
use sha2::Sha256;

async fn handle(headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let secret = std::env::var("GITHUB_WEBHOOK_SECRET").unwrap_or_default();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(&body);
    let signature = header("x-hub-signature-256").trim_start_matches("sha256=");
    if hex::decode(signature).map_or(true, |expected| mac.verify_slice(&expected).is_err()) {
        return StatusCode::UNAUTHORIZED;
    }
    match WebhookEvent::try_from_header_and_body(header("x-github-event"), &body) {
        Ok(event) => {
            if let WebhookEventPayload::PullRequest(pull_request) = event.specific {
                println!("{}", pull_request.number);
            }
            StatusCode::OK
        }
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = Router::new().route("/webhooks/github", post(handle));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
"""


def project(dest: Path, name: str, deps: list[str], main: str) -> Path:
    (dest / name / "src").mkdir(parents=True)
    manifest = "\n".join(
        [f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n',
         "[workspace]\n", "[dependencies]", *deps, ""])
    (dest / name / "Cargo.toml").write_text(manifest)
    (dest / name / "src" / "main.rs").write_text(main)
    return dest / name


def projects(dest: Path) -> dict[str, tuple[Path, list[str]]]:
    webhook = lambda feature: f'webhook = {{ path = "{ROOT / "webhook"}", default-features = false, features = ["{feature}"] }}'
    stripe = WEBHOOK_MAIN % {"provider": "stripe", "event": "invoice.paid",
                             "payload": "stripe::Invoice", "field": "event.data.object.id"}
    github = WEBHOOK_MAIN % {"provider": "github", "event": "pull_request.opened",
                             "payload": "github::PullRequestEvent", "field": "event.payload.number"}
    return {
        "quickstart": (ROOT, ["--example", "quickstart"]),
        "webhook-stripe": (project(dest, "webhook-stripe", [webhook("stripe"), AXUM, TOKIO], stripe), []),
        "webhook-github": (project(dest, "webhook-github", [webhook("github"), AXUM, TOKIO], github), []),
        "async-stripe": (project(dest, "async-stripe", [
            'async-stripe-webhook = "=1.0.0-rc.10"', AXUM, TOKIO], ASYNC_STRIPE_MAIN), []),
        "octocrab": (project(dest, "octocrab", [
            'octocrab = { version = "0.49", default-features = false, features = ["jwt-rust-crypto"] }', 'hmac = "0.12"',
            'sha2 = "0.10"', 'hex = "0.4"', AXUM, TOKIO], OCTOCRAB_MAIN), []),
    }


def measure(crate: Path, extra: list[str], profile: str, target: Path) -> tuple[float, float, int]:
    """(wall s, CPU s, peak KiB) of one build from an empty target directory."""
    shutil.rmtree(target, ignore_errors=True)
    command = ["/usr/bin/time", "-f", "%e %U %S %M", "cargo", "build", "--quiet", "--offline",
               "--manifest-path", str(crate / "Cargo.toml"), *extra]
    if profile == "release":
        command.append("--release")
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_INCREMENTAL="0" if profile == "release" else "1")
    done = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"build of {crate} failed:\n{done.stderr}")
    wall, user, system, peak = done.stderr.strip().splitlines()[-1].split()
    # /usr/bin/time's user and sys include every waited-for descendant (rustc, cc).
    return float(wall), float(user) + float(system), int(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", default="debug,release")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="first-build-") as tmp:
        tmp = Path(tmp)
        all_projects = projects(tmp)
        chosen = [name for name in all_projects if not args.only or name in args.only.split(",")]
        for name in chosen:  # downloads happen here, before any clock starts
            crate, _ = all_projects[name]
            subprocess.run(["cargo", "fetch", "--quiet", "--manifest-path", str(crate / "Cargo.toml")], check=True)
        results = {}
        for profile in args.profiles.split(","):
            for name in chosen:
                crate, extra = all_projects[name]
                results[(name, profile)] = measure(crate, extra, profile, tmp / "target")
                wall, cpu, peak = results[(name, profile)]
                print(f"{profile:<8} {name:<15} wall {wall:7.1f} s  cpu {cpu:7.1f} s  peak {peak / 1024:7.0f} MiB", flush=True)
        print()
        for profile in args.profiles.split(","):
            base = results.get(("async-stripe", profile))
            if not base:
                continue
            for name in ("quickstart", "webhook-stripe"):
                if (name, profile) in results:
                    wall, cpu, _ = results[(name, profile)]
                    target = {"quickstart": 0.5, "webhook-stripe": 0.3}[name]
                    print(f"{profile:<8} {name:<15} / async-stripe: wall {wall / base[0]:.2f}x  cpu {cpu / base[1]:.2f}x  (target <= {target}x)")
            octo = results.get(("octocrab", profile))
            gh = results.get(("webhook-github", profile))
            if octo and gh:
                print(f"{profile:<8} webhook-github  / octocrab:     wall {gh[0] / octo[0]:.2f}x  cpu {gh[1] / octo[1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
