#!/usr/bin/env python3
"""Compile-time comparison: an app with N handlers written with `#[webhook]`/`router!`
against the same app written by hand against the runtime API (what the macros expand
to, typed out), built in the same run, sharing one target dir so dependencies are built
once and only the app crates are measured.

Measures, for each variant, a clean build of the app crate and an incremental rebuild
after editing one handler body; repeats the pair ROUNDS times, alternating variants,
and prints the medians and the ratios macro/manual, which are what the targets judge
(<= 1.2x). Each row also gives the ratio of CPU time (user + sys of cargo and rustc),
steadier than wall time when other builds share the machine. The manual app is the
expansion typed out (`WEBHOOK_MACROS_DEBUG=1` prints
it), so the ratio is the cost of the macros themselves.

Two more claims, measured the same way (clean builds of the app crate, alternating,
medians), on small apps written with the macros:

- catalogs: the N-handler app against a copy of the workspace whose every event
  catalog holds ten times as many names (synthetic ones the app never handles), clean
  and incremental; and a 20-handler app against `webhook` with its default features
  and with `all-providers` (every other provider's code compiled in; the catalogs are
  in both, as the catalog crate has no features).
- payload types: ten Stripe handlers taking `serde_json::Value`; then one of them
  taking a ready-made type, `stripe::Customer` (which names no other ready-made type)
  or `stripe::Invoice` (whose expandable fields hold a `Charge`, `Customer`,
  `PaymentIntent` and `Subscription`, so it pulls their deserializers in too); then
  each its own of the ten. The extra seconds are what naming those types costs.

The proc-macro crate is built as Cargo builds it for users (the dev profile,
unoptimized). `--optimized-macros` measures the macro/manual ratios instead with
`[profile.dev.build-override] opt-level = 3` (a tip for users, not the target), in a
target directory of its own. Usage:

    python3 scripts/compile_time.py [--handlers 200] [--rounds 3] [--optimized-macros]
"""

import argparse
import os
import resource
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
        out.append(f"""const _: () = webhook::__private::{provider}::enabled();
#[allow(non_camel_case_types)]
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
        Ok(webhook::__private::box_handler(webhook::__private::into_outcome::<(), _>(h{i}(event))))
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
    """Ten Stripe handlers; those whose type is in `typed` take it, the rest a Value."""
    out = ["use webhook::{router, stripe, webhook};\n\n"]
    for i, (type_name, event) in enumerate(STRIPE_TYPES):
        payload = f"stripe::{type_name}" if type_name in typed else "serde_json::Value"
        out.append(f'#[webhook(provider = "stripe", event = "{event}")]\n')
        out.append(f"async fn h{i}(event: stripe::Event<{payload}>) {{\n    let _ = event.id;\n}}\n\n")
    names = ", ".join(f"h{i}" for i in range(len(STRIPE_TYPES)))
    out.append(MAIN.replace("ROUTER", f"router![{names}]").replace('.secret("github", "g")', ""))
    return "".join(out)


def padded_workspace():
    """A copy of the runtime, macro and catalog crates whose every event catalog holds
    ten times as many names: the real ones, then nine synthetic names for each. Files
    are rewritten only when they differ, so a second run rebuilds nothing."""
    dest = WORK / "padded-workspace"

    def skip(folder, names):
        catalogs = Path(folder).name == "catalogs"
        return [n for n in names if n == "target" or (catalogs and n.endswith(".txt"))]

    for folder in ("webhook", "webhook-macros", "webhook-catalog"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=skip, dirs_exist_ok=True)
    manifest = (ROOT / "Cargo.toml").read_text().split("\n# The root package")[0]
    manifest = manifest.replace(
        'members = ["webhook", "webhook-macros", "webhook-catalog", "webhook-cli", "suite"]',
        'members = ["webhook", "webhook-macros", "webhook-catalog"]',
    )
    files = {dest / "Cargo.toml": manifest, dest / "Cargo.lock": (ROOT / "Cargo.lock").read_text()}
    for path in (ROOT / "webhook-catalog" / "catalogs").glob("*.txt"):
        names = [line for line in path.read_text().splitlines() if line]
        padding = [f"zz_padding_{copy}_{name}" for copy in range(9) for name in names]
        files[dest / "webhook-catalog" / "catalogs" / path.name] = "\n".join(names + sorted(padding)) + "\n"
    for path, text in files.items():
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
    return dest


def write_crate(name, source, features="", runtime=None):
    crate = WORK / name
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(f"""[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
webhook = {{ path = "{(runtime or ROOT) / 'webhook'}"{features} }}
axum = {{ version = "0.8", default-features = false }}
serde_json = "1"

[workspace]
""")
    (crate / "src" / "main.rs").write_text(source)
    return crate


def build(crate, env):
    """Wall and CPU seconds (user + sys of cargo and the rustc it runs) of one build.
    CPU time is the steadier figure on a machine shared with other builds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(["cargo", "build", "--quiet", "--manifest-path", str(crate / "Cargo.toml")],
                   check=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def clean_app(crate, name, env):
    subprocess.run(["cargo", "clean", "--quiet", "-p", name, "--manifest-path", str(crate / "Cargo.toml")],
                   check=True, env=env)


def measure(crates, rounds, env, incremental=None):
    """Builds each app crate clean, then (with `incremental`, a fn from round number to
    the edited source) again after an edit; ROUNDS times, alternating crates within a
    round. Returns {kind: {crate name: (median wall, median cpu)}}."""
    for crate in crates.values():
        build(crate, env)  # warm: dependencies are built once, not measured
    kinds = ["clean"] + (["incremental"] if incremental else [])
    samples = {kind: {name: [] for name in crates} for kind in kinds}
    for round_number in range(rounds):
        for name, crate in crates.items():
            if incremental:
                (crate / "src" / "main.rs").write_text(incremental[name](None))
            clean_app(crate, name, env)
            samples["clean"][name].append(build(crate, env))
            if incremental:
                (crate / "src" / "main.rs").write_text(incremental[name](round_number + 1))
                samples["incremental"][name].append(build(crate, env))
    return {
        kind: {
            name: tuple(statistics.median(sample[i] for sample in values) for i in (0, 1))
            for name, values in by_crate.items()
        }
        for kind, by_crate in samples.items()
    }


def print_ratios(title, medians, first, second, labels):
    """One row per kind: both variants' wall medians, and the wall and CPU ratios."""
    print(title)
    print(f"{'':12}{labels[0]:>10}{labels[1]:>10}{'ratio':>8}{'cpu ratio':>11}")
    for kind, by_crate in medians.items():
        (wall_a, cpu_a), (wall_b, cpu_b) = by_crate[first], by_crate[second]
        print(f"{kind:12}{wall_a:10.2f}{wall_b:10.2f}{wall_b / wall_a:8.2f}x{cpu_b / cpu_a:10.2f}x")
    sys.stdout.flush()


def edited(generate, pairs):
    """The source with handler h0's body edited in round n (None: unedited)."""
    return lambda n: generate(pairs, "" if n is None else f" let _edit = {n}u32;")


def measure_macros(pairs, rounds, env):
    names = {"macros": "webhook-app-macros", "manual": "webhook-app-manual"}
    generators = {names["macros"]: macro_app, names["manual"]: manual_app}
    crates = {name: write_crate(name, generate(pairs, "")) for name, generate in generators.items()}
    sources = {name: edited(generate, pairs) for name, generate in generators.items()}
    medians = measure(crates, rounds, env, incremental=sources)
    title = f"{len(pairs)} handlers, {rounds} rounds, medians in seconds (ratio: macros / manual)"
    print_ratios(title, medians, names["manual"], names["macros"], ("manual", "macros"))


def measure_catalog_size(pairs, rounds, env):
    names = {"real": "webhook-app-catalogs-real", "padded": "webhook-app-catalogs-padded"}
    crates = {
        names["real"]: write_crate(names["real"], macro_app(pairs, "")),
        names["padded"]: write_crate(names["padded"], macro_app(pairs, ""), runtime=padded_workspace()),
    }
    sources = {name: edited(macro_app, pairs) for name in crates}
    medians = measure(crates, rounds, env, incremental=sources)
    title = f"catalogs: the {len(pairs)}-handler macro app, every catalog 1x and 10x its names"
    print_ratios(title, medians, names["real"], names["padded"], ("1x", "10x"))


def measure_providers(rounds, env):
    source = macro_app(handlers(20), "")
    names = {"default": "webhook-app-providers-default", "all": "webhook-app-providers-all"}
    crates = {
        names["default"]: write_crate(names["default"], source),
        names["all"]: write_crate(names["all"], source, ', features = ["all-providers"]'),
    }
    medians = measure(crates, rounds, env)
    title = "providers: 20 Stripe/GitHub handlers, webhook's default features and all-providers"
    print_ratios(title, medians, names["default"], names["all"], ("default", "all"))


def measure_payloads(rounds, env):
    variants = {
        "none": [],
        "Customer": ["Customer"],
        "Invoice": ["Invoice"],
        "all ten": [type_name for type_name, _ in STRIPE_TYPES],
    }
    names = {label: f"webhook-app-payloads-{i}" for i, label in enumerate(variants)}
    crates = {names[label]: write_crate(names[label], payload_app(typed)) for label, typed in variants.items()}
    medians = measure(crates, rounds, env)["clean"]
    base_wall, base_cpu = medians[names["none"]]
    print("payload types: 10 Stripe handlers, clean build; extra over naming none")
    print(f"{'types named':12}{'seconds':>10}{'extra':>10}{'cpu':>10}{'extra':>10}")
    for label in variants:
        wall, cpu = medians[names[label]]
        print(f"{label:12}{wall:10.2f}{wall - base_wall:+10.2f}{cpu:10.2f}{cpu - base_cpu:+10.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handlers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--optimized-macros", action="store_true",
                        help="build proc macros with opt-level 3; only the macro/manual ratios")
    args = parser.parse_args()
    pairs = handlers(args.handlers)
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "target"), CARGO_TERM_COLOR="never")
    if args.optimized_macros:
        env.update(CARGO_TARGET_DIR=str(WORK / "target-optimized-macros"),
                   CARGO_PROFILE_DEV_BUILD_OVERRIDE_OPT_LEVEL="3")
        print("proc macros built with [profile.dev.build-override] opt-level = 3")
        measure_macros(pairs, args.rounds, env)
        return
    measure_macros(pairs, args.rounds, env)
    measure_catalog_size(pairs, args.rounds, env)
    measure_providers(args.rounds, env)
    measure_payloads(args.rounds, env)

if __name__ == "__main__":
    main()
