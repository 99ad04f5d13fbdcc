#!/usr/bin/env python3
"""Compile-time comparison: an app with N handlers written with `#[webhook]`/`router!`
against the same app written by hand against the runtime API (what the macros expand
to, typed out), built in the same run, sharing one target dir so dependencies are built
once and only the app crates are measured.

Measures, for each variant, a clean build of the app crate and an incremental rebuild
after editing one handler body; repeats the pair ROUNDS times, alternating variants,
and prints the medians and the ratios macro/manual, which are what the targets judge
(<= 1.2x). The manual app is the expansion typed out (`WEBHOOK_MACROS_DEBUG=1` prints
it), so the ratio is the cost of the macros themselves.

Two more claims, measured the same way (clean builds of the app crate, alternating,
medians), on small apps written with the macros:

- catalogs: the same 20-handler Stripe/GitHub app against `webhook` with its default
  features and with `all-providers` (every other provider, its catalog and its code
  compiled in); the ratio should be ~1.00x.
- payload types: ten Stripe handlers taking `serde_json::Value`, then one of them
  taking a ready-made type (`stripe::Invoice`), then each its own of the ten; the
  extra seconds per type named are what a user pays, and only for types named.

The proc-macro crate is built as Cargo builds it for users (the dev profile,
unoptimized). Usage:

    python3 scripts/compile_time.py [--handlers 200] [--rounds 3]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "compile-time"


def catalog(name):
    path = ROOT / "webhook-catalog" / "catalogs" / name
    return [line for line in path.read_text().splitlines() if line]


def handlers(count):
    """(provider, event) pairs, alternating Stripe events and GitHub event.actions."""
    stripe = catalog("stripe-events.txt")
    github = [e for e in catalog("github-event-actions.txt") if "." in e]
    pairs = []
    for i in range(count):
        pairs.append(("stripe", stripe[i // 2 % len(stripe)]) if i % 2 == 0 else ("github", github[i // 2 % len(github)]))
    return pairs


def handler_body(i, marker=""):
    return f'    let _ = ({i}u32, event.delivery_id_or_id());{marker}\n'


def macro_app(pairs, marker):
    out = ["use webhook::{github, router, stripe, webhook};\n", "use helpers::IdOf;\n", HELPERS]
    for i, (provider, event) in enumerate(pairs):
        ty = "stripe::Event<serde_json::Value>" if provider == "stripe" else "github::Event<serde_json::Value>"
        out.append(f'#[webhook(provider = "{provider}", event = "{event}")]\n')
        out.append(f"async fn h{i}(event: {ty}) {{\n{handler_body(i, marker if i == 0 else '')}}}\n\n")
    names = ", ".join(f"h{i}" for i in range(len(pairs)))
    out.append(MAIN.replace("ROUTER", f"router![{names}]"))
    return "".join(out)


def manual_app(pairs, marker):
    out = ["use webhook::{github, stripe, Webhooks};\n", "use helpers::IdOf;\n", HELPERS]
    for i, (provider, event) in enumerate(pairs):
        ptype = "webhook::stripe::Stripe" if provider == "stripe" else "webhook::github::GitHub"
        ty = "stripe::Event<serde_json::Value>" if provider == "stripe" else "github::Event<serde_json::Value>"
        if provider == "github" and "." not in event:
            pattern = f'webhook::__private::Pattern::Prefix("{event}")'
        else:
            pattern = f'webhook::__private::Pattern::Exact("{event}")'
        out.append(f"async fn h{i}(event: {ty}) {{\n{handler_body(i, marker if i == 0 else '')}}}\n")
        # What `#[webhook]` generates for this handler, typed out.
        out.append(f"""#[allow(non_camel_case_types)]
struct H{i};
impl<S: Clone + Send + Sync + 'static> webhook::Handler<S> for H{i} {{
    type Provider = {ptype};
    const INFO: webhook::HandlerInfo = webhook::HandlerInfo {{
        name: "h{i}", module: module_path!(), event: "{event}", pattern: {pattern}, mode: None, endpoint: None,
    }};
    fn call(context: &webhook::DeliveryContext<'_, '_, {ptype}>, state: &S)
        -> Result<webhook::HandlerFuture, webhook::ArgError> {{
        let _ = (&context, &state);
        let event = <{ty} as webhook::HandlerArg<{ptype}>>::from_delivery(context)?;
        Ok(webhook::__private::box_handler(async move {{
            webhook::__private::into_outcome::<()>(h{i}(event).await)
        }}))
    }}
}}

""")
    chain = "".join(f".handler::<H{i}>()" for i in range(len(pairs)))
    out.append(MAIN.replace("ROUTER", f"Webhooks::new(){chain}"))
    return "".join(out)


HELPERS = """
mod helpers {
    pub trait IdOf { fn delivery_id_or_id(&self) -> usize; }
    impl IdOf for webhook::stripe::Event<serde_json::Value> { fn delivery_id_or_id(&self) -> usize { self.id.len() } }
    impl IdOf for webhook::github::Event<serde_json::Value> { fn delivery_id_or_id(&self) -> usize { self.event.len() } }
}

"""

MAIN = """fn main() {
    let app: axum::Router = ROUTER.secret("stripe", "s").secret("github", "g").into_router().unwrap();
    let _ = std::hint::black_box(app);
}
"""


# The ten ready-made Stripe payload types, each with an event that carries it.
STRIPE_TYPES = [
    ("Invoice", "invoice.paid"),
    ("Customer", "customer.created"),
    ("Subscription", "customer.subscription.created"),
    ("PaymentIntent", "payment_intent.succeeded"),
    ("Charge", "charge.succeeded"),
    ("CheckoutSession", "checkout.session.completed"),
    ("Price", "price.created"),
    ("Product", "product.created"),
    ("Refund", "refund.created"),
    ("Dispute", "charge.dispute.created"),
]


def payload_app(typed):
    """Ten Stripe handlers; the first `typed` take their ready-made type, the rest a Value."""
    out = ["use webhook::{router, stripe, webhook};\n\n"]
    for i, (type_name, event) in enumerate(STRIPE_TYPES):
        payload = f"stripe::{type_name}" if i < typed else "serde_json::Value"
        out.append(f'#[webhook(provider = "stripe", event = "{event}")]\n')
        out.append(f"async fn h{i}(event: stripe::Event<{payload}>) {{\n    let _ = event.id;\n}}\n\n")
    names = ", ".join(f"h{i}" for i in range(len(STRIPE_TYPES)))
    out.append(MAIN.replace("ROUTER", f"router![{names}]").replace('.secret("github", "g")', ""))
    return "".join(out)


def write_crate(name, source, features=""):
    crate = WORK / name
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(f"""[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
webhook = {{ path = "{ROOT / 'webhook'}"{features} }}
axum = {{ version = "0.8", default-features = false }}
serde_json = "1"

[workspace]
""")
    (crate / "src" / "main.rs").write_text(source)
    return crate


def build(crate, env):
    started = time.perf_counter()
    subprocess.run(["cargo", "build", "--quiet", "--manifest-path", str(crate / "Cargo.toml")],
                   check=True, env=env)
    return time.perf_counter() - started


def clean_app(crate, name, env):
    subprocess.run(["cargo", "clean", "--quiet", "-p", name, "--manifest-path", str(crate / "Cargo.toml")],
                   check=True, env=env)


def clean_builds(crates, rounds, env):
    """Medians of clean builds of each app crate, alternating crates within a round."""
    times = {name: [] for name in crates}
    for _ in range(rounds):
        for name, crate in crates.items():
            clean_app(crate, name, env)
            times[name].append(build(crate, env))
    return {name: statistics.median(values) for name, values in times.items()}


def measure_catalogs(rounds, env):
    source = macro_app(handlers(20), "")
    crates = {
        "webhook-app-catalogs-default": write_crate("webhook-app-catalogs-default", source),
        "webhook-app-catalogs-all": write_crate(
            "webhook-app-catalogs-all", source, ', features = ["all-providers"]'
        ),
    }
    for crate in crates.values():
        build(crate, env)  # warm: the runtime with every provider is built once
    medians = clean_builds(crates, rounds, env)
    default, every = medians["webhook-app-catalogs-default"], medians["webhook-app-catalogs-all"]
    print("catalogs: 20 Stripe/GitHub handlers, clean build of the app crate")
    print(f"{'':12}{'default':>10}{'all-prov':>10}{'ratio':>8}")
    print(f"{'clean':12}{default:10.2f}{every:10.2f}{every / default:8.2f}x")


def measure_payloads(rounds, env):
    variants = {0: "webhook-app-payloads-0", 1: "webhook-app-payloads-1", 10: "webhook-app-payloads-10"}
    crates = {name: write_crate(name, payload_app(typed)) for typed, name in variants.items()}
    for crate in crates.values():
        build(crate, env)
    medians = clean_builds(crates, rounds, env)
    base = medians[variants[0]]
    print("payload types: 10 Stripe handlers, clean build of the app crate")
    print(f"{'types named':12}{'seconds':>10}{'extra':>10}{'per type':>10}")
    for typed, name in variants.items():
        extra = medians[name] - base
        per_type = f"{extra / typed:10.2f}" if typed else f"{'':>10}"
        print(f"{typed:<12}{medians[name]:10.2f}{extra:+10.2f}{per_type}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handlers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pairs = handlers(args.handlers)
    if WORK.exists():
        shutil.rmtree(WORK / "macros", ignore_errors=True)
        shutil.rmtree(WORK / "manual", ignore_errors=True)
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "target"), CARGO_TERM_COLOR="never")
    variants = {
        "macros": (macro_app, "webhook-app-macros"),
        "manual": (manual_app, "webhook-app-manual"),
    }
    crates = {}
    for variant, (generate, name) in variants.items():
        crates[variant] = write_crate(name, generate(pairs, ""))
        build(crates[variant], env)  # warm: dependencies are built once, not measured
    results = {variant: {"clean": [], "incremental": []} for variant in variants}
    for round_number in range(args.rounds):
        for variant, (generate, name) in variants.items():
            crate = crates[variant]
            (crate / "src" / "main.rs").write_text(generate(pairs, ""))
            clean_app(crate, name, env)
            results[variant]["clean"].append(build(crate, env))
            (crate / "src" / "main.rs").write_text(generate(pairs, f" let _edit = {round_number + 1}u32;"))
            results[variant]["incremental"].append(build(crate, env))
        print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
    print(f"{args.handlers} handlers, {args.rounds} rounds, medians in seconds")
    print(f"{'':12}{'macros':>10}{'manual':>10}{'ratio':>8}")
    for kind in ("clean", "incremental"):
        macro = statistics.median(results["macros"][kind])
        manual = statistics.median(results["manual"][kind])
        print(f"{kind:12}{macro:10.2f}{manual:10.2f}{macro / manual:8.2f}x")
    sys.stdout.flush()
    measure_catalogs(args.rounds, env)
    measure_payloads(args.rounds, env)


if __name__ == "__main__":
    main()
