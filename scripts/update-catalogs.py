#!/usr/bin/env python3
"""Regenerate webhook-catalog/catalogs/ from the providers' published npm packages.

Each generated catalog is one name per line, byte-sorted, unique, with a trailing
newline (TSVs: tab-separated columns, same rules). Package versions are pinned in
CATALOGS below and must match webhook-catalog/catalogs/SOURCES.md.

    python3 scripts/update-catalogs.py                 # rewrite the catalog files
    python3 scripts/update-catalogs.py --check         # write nothing, exit 1 on any difference
    python3 scripts/update-catalogs.py --only stripe,github

Needs Python 3.11+ (standard library only) and `npm` on PATH (for `npm pack`).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

CATALOG_DIR = Path(__file__).resolve().parent.parent / "webhook-catalog" / "catalogs"


class CatalogError(Exception):
    """An extraction found nothing, or two sources that must agree disagree."""


# --------------------------------------------------------------------------- npm packages


class Packages:
    """Downloads (`npm pack`) and unpacks each name@version once, into a temp dir."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.roots: dict[str, Path] = {}

    def get(self, name: str, version: str) -> Path:
        spec = f"{name}@{version}"
        if spec not in self.roots:
            self.roots[spec] = self._fetch(spec)
        return self.roots[spec]

    def _fetch(self, spec: str) -> Path:
        proc = subprocess.run(
            ["npm", "pack", spec, "--pack-destination", str(self.workdir), "--json"],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise CatalogError(f"npm pack {spec} failed:\n{proc.stderr.strip()}")
        tarball = self.workdir / json.loads(proc.stdout)[0]["filename"]
        dest = self.workdir / tarball.name.removesuffix(".tgz")
        with tarfile.open(tarball) as tar:
            tar.extractall(dest, filter="data")
        # npm tarballs hold a single top folder, almost always `package/`.
        (top,) = [p for p in dest.iterdir() if p.is_dir()]
        return top


# --------------------------------------------------------------------------- small parsing helpers


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def one(pattern: str, text: str, what: str, flags: int = re.M | re.S) -> re.Match:
    match = re.search(pattern, text, flags)
    if match is None:
        raise CatalogError(f"could not find {what}")
    return match


def literals(union: str, quote: str = "'") -> list[str]:
    """String literals of a TypeScript union such as `'a' | 'b'`."""
    return re.findall(f"{quote}([^{quote}]*){quote}", union)


def ts_declarations(text: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Top-level `export interface X { ... }` bodies and `export type X = A | B;` members."""
    interfaces = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^export interface (\w+)(?:<[^>]*>)?(?: extends [^{]+)? \{\n(.*?)^\}", text, re.M | re.S)
    }
    aliases = {
        m.group(1): [part.strip() for part in m.group(2).split("|")]
        for m in re.finditer(r"^export type (\w+) = ([\w.\s|]+);", text, re.M)
    }
    return interfaces, aliases


def field_literals(body: str, field: str) -> list[str]:
    """Literals of a top-level (4-space indented) field `field: 'x';` in an interface body."""
    return [lit for m in re.finditer(rf"^    {field}\??: ([^;\n]+);", body, re.M) for lit in literals(m.group(1))]


def union_field(name: str, field: str, interfaces: dict, aliases: dict, required: bool) -> set[str]:
    """`field` literals of every interface reachable from `name` through type-alias unions.

    With `required`, every interface reached must have such a literal.
    """
    if name in aliases:
        return {lit for member in aliases[name] for lit in union_field(member, field, interfaces, aliases, required)}
    if name not in interfaces:
        raise CatalogError(f"type {name} not found")
    found = set(field_literals(interfaces[name], field))
    if required and not found:
        raise CatalogError(f"{name} has no `{field}` literal")
    return found


def camel_words(name: str) -> list[str]:
    return re.findall(r"[A-Z][a-z0-9]*", name)


def expect_equal(ours: set[str], theirs: set[str], what: str) -> None:
    if ours != theirs:
        raise CatalogError(
            f"cross-check failed against {what}: only ours {sorted(ours - theirs)}, only theirs {sorted(theirs - ours)}"
        )


# --------------------------------------------------------------------------- stripe


def stripe_events(root: Path, pkgs: Packages) -> list[str]:
    resources = root / "cjs" / "resources"
    namespace = one(r"^export declare namespace Event \{\n(.*?)^\}", read(resources / "Events.d.ts"), "namespace Event")
    events = literals(one(r"^    type Type = ([^;]+);", namespace.group(1), "Event.Type union").group(1))
    # Cross-check: every WebhookEndpoint*Params.EnabledEvent union is the same list plus '*'.
    enabled = re.findall(r"type EnabledEvent = ([^;]+);", read(resources / "WebhookEndpoints.d.ts"))
    if not enabled:
        raise CatalogError("no EnabledEvent union in WebhookEndpoints.d.ts")
    for union in enabled:
        expect_equal(set(events), set(literals(union)) - {"*"}, "WebhookEndpoints.d.ts EnabledEvent")
    return events


def stripe_object_types(resources: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Dotted type name ('Invoice', 'Issuing.Card') -> `object` literals, and dotted alias -> members.

    The namespace is the folder: resources/Issuing/Cards.d.ts declares `Issuing.Card`.
    """
    objects: dict[str, list[str]] = {}
    aliases: dict[str, list[str]] = {}
    for path in sorted(resources.rglob("*.d.ts")):
        prefix = "".join(f"{part}." for part in path.parent.relative_to(resources).parts)
        interfaces, file_aliases = ts_declarations(read(path))
        for name, body in interfaces.items():
            if lits := field_literals(body, "object"):
                objects.setdefault(prefix + name, lits)
        for name, members in file_aliases.items():
            aliases.setdefault(prefix + name, members)
    return objects, aliases


def stripe_event_objects(root: Path, pkgs: Packages) -> list[str]:
    resources = root / "cjs" / "resources"
    objects, aliases = stripe_object_types(resources)

    def object_literals(type_name: str) -> set[str]:
        if type_name in objects:
            return set(objects[type_name])
        if type_name in aliases:
            return {lit for member in aliases[type_name] for lit in object_literals(member)}
        raise CatalogError(f"Stripe type {type_name} has no `object` literal")

    per_event = re.compile(
        r"^export interface (\w+Event) extends EventBase \{\n    type: '([^']+)';\n.*?"
        r"^export declare namespace \1 \{\n    interface Data extends Event\.Data \{\n        object: ([\w.]+);",
        re.M | re.S,
    )
    rows = [f"{event}\t{'|'.join(sorted(object_literals(obj)))}" for _, event, obj in per_event.findall(read(resources / "Events.d.ts"))]
    if not rows:
        raise CatalogError("no per-event interfaces in Events.d.ts")
    expect_equal({row.split("\t")[0] for row in rows}, set(stripe_events(root, pkgs)), "Event.Type")
    return rows


def stripe_event_notification_types(root: Path, pkgs: Packages) -> list[str]:
    return re.findall(r"\btype: '([^']+)';", read(root / "cjs" / "resources" / "V2" / "Core" / "Events.d.ts"))


# --------------------------------------------------------------------------- github


def github_event_actions_of(spec: dict) -> dict[str, set[str]]:
    """Event name (x-github.subcategory, '-' -> '_') -> actions from the request-body schemas."""

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            target = spec
            for key in node["$ref"].removeprefix("#/").split("/"):
                target = target[key]
            node = target
        return node

    def actions(schema: dict) -> set[str]:
        schema = resolve(schema)
        found: set[str] = set()
        if "action" in schema.get("properties", {}):
            action = resolve(schema["properties"]["action"])
            found.update(action.get("enum", []))
            if "const" in action:
                found.add(action["const"])
        for combinator in ("oneOf", "anyOf", "allOf"):
            for sub in schema.get(combinator, []):
                found |= actions(sub)
        return found

    events: dict[str, set[str]] = {}
    for webhook in spec["webhooks"].values():
        post = webhook["post"]
        name = post["x-github"]["subcategory"].replace("-", "_")
        body = post["requestBody"]["content"]["application/json"]["schema"]
        events.setdefault(name, set()).update(actions(body))
    return events


def event_action_lines(events: dict[str, set[str]]) -> list[str]:
    return [*events, *(f"{event}.{action}" for event, acts in events.items() for action in acts)]


@functools.cache
def github_spec(root: Path, name: str) -> dict[str, set[str]]:
    return github_event_actions_of(json.loads(read(root / "generated" / name)))


# Cross-check source for the GitHub lists (octokit's event-name list, built from the same spec).
OCTOKIT_WEBHOOKS = ("@octokit/webhooks", "14.2.0")


@functools.cache
def octokit_emitter_names(pkgs: Packages) -> set[str]:
    root = pkgs.get(*OCTOKIT_WEBHOOKS)
    text = read(root / "dist-src" / "generated" / "webhook-names.js")
    names = set(literals(one(r"emitterEventNames = \[(.*?)\]", text, "emitterEventNames").group(1), '"'))
    # The OpenAPI spec leaves repository_dispatch actions free-form; octokit lists one example.
    return names - {"repository_dispatch.sample.collected"}


def github_events(root: Path, pkgs: Packages) -> list[str]:
    events = list(github_spec(root, "api.github.com.json"))
    expect_equal(set(events), {n for n in octokit_emitter_names(pkgs) if "." not in n}, "@octokit/webhooks emitterEventNames")
    return events


def github_event_actions(root: Path, pkgs: Packages) -> list[str]:
    lines = event_action_lines(github_spec(root, "api.github.com.json"))
    expect_equal(set(lines), octokit_emitter_names(pkgs), "@octokit/webhooks emitterEventNames")
    return lines


def github_ghec_only_event_actions(root: Path, pkgs: Packages) -> list[str]:
    dotcom = github_spec(root, "api.github.com.json")
    ghec = github_spec(root, "ghec.json")
    return event_action_lines({event: acts for event, acts in ghec.items() if event not in dotcom})


# --------------------------------------------------------------------------- other providers


def slack_declarations(root: Path) -> tuple[dict, dict]:
    interfaces: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for path in sorted((root / "dist" / "events").glob("*.d.ts")):
        file_interfaces, file_aliases = ts_declarations(read(path))
        interfaces.update(file_interfaces)
        aliases.update(file_aliases)
    return interfaces, aliases


def slack_event_types(root: Path, pkgs: Packages) -> list[str]:
    return list(union_field("SlackEvent", "type", *slack_declarations(root), required=True))


def slack_message_subtypes(root: Path, pkgs: Packages) -> list[str]:
    return list(union_field("AllMessageEvents", "subtype", *slack_declarations(root), required=False))


def shopify_compliance_topics(root: Path, pkgs: Packages) -> list[str]:
    text = read(root / "dist" / "cjs" / "lib" / "types.js")
    names = literals(one(r"const privacyTopics = \[(.*?)\];", text, "privacyTopics").group(1))
    # CUSTOMERS_DATA_REQUEST -> customers/data_request
    return [name.lower().replace("_", "/", 1) for name in names]


def square_rows(root: Path) -> list[tuple[str, str, str]]:
    """(event type, SDK type name, 'literal' | 'derived') for each webhook event type in the SDK.

    Webhook event types are the `*Event` interfaces with a `type?: string | null` field; the
    value is quoted in that field's doc comment, whose wording varies ("The type of this event.
    The value is `"x.y"`.", "... For this event, the value is `x.y`."). Where it quotes no
    value (9 types in square@46.0.0), the event type is derived from the type name.
    """
    rows = []
    for path in sorted((root / "api" / "types").glob("*Event.d.ts")):
        name = path.name.removesuffix(".d.ts")
        field = re.search(r"^    /\*\* ([^\n]*)\*/\n    type\?: string \| null;", read(path), re.M)
        if name == "Event" or field is None:  # generic envelope, or not a webhook event (e.g. LoyaltyEvent)
            continue
        if quoted := re.search(r'`"?([\w.]+)"?', field.group(1)):
            rows.append((quoted.group(1), name, "literal"))
        else:  # e.g. DisputeStateChangedEvent -> dispute.state.changed
            rows.append((".".join(camel_words(name.removesuffix("Event"))).lower(), name, "derived"))
    return rows


def square_event_types(root: Path, pkgs: Packages) -> list[str]:
    return [event for event, _, _ in square_rows(root)]


def square_event_types_tsv(root: Path, pkgs: Packages) -> list[str]:
    return ["\t".join(row) for row in square_rows(root)]


def paddle_event_types(root: Path, pkgs: Packages) -> list[str]:
    text = read(root / "dist" / "cjs" / "notifications" / "helpers" / "types.js")
    return re.findall(r'EventName\["\w+"\] = "([^"]+)"', text)


def linear_webhook_types(root: Path, pkgs: Packages) -> list[str]:
    # The chunk name (index-<hash>.d.mts) changes between releases, so search them all.
    text = "\n".join(read(path) for path in sorted((root / "dist").glob("*.d.mts")))
    return literals(one(r"^type LinearWebhookEventType = ([^;]+);", text, "LinearWebhookEventType").group(1), '"')


def discord_webhook_event_types(root: Path, pkgs: Packages) -> list[str]:
    return re.findall(r'WebhookEventType\["\w+"\] = "([^"]+)"', read(root / "dist" / "webhooks.js"))


def discord_interaction_types(root: Path, pkgs: Packages) -> list[str]:
    pairs = re.findall(r'InteractionType\[InteractionType\["(\w+)"\] = (\d+)\]', read(root / "dist" / "index.js"))
    return [f"{number}\t{name}" for name, number in pairs]


ZOOM_PRODUCTS = ("accounts", "chatbot", "commerce", "marketplace", "meetings", "phone", "teamchat", "users", "videosdk")


def zoom_event_types(root: Path, pkgs: Packages) -> list[str]:
    found = []
    for product in ZOOM_PRODUCTS:
        for path in sorted((root / product).glob("*.d.ts")):
            found += re.findall(r'\bEvent<"([^"]+)">', read(path))
    return found


def mailgun_webhook_ids(root: Path, pkgs: Packages) -> list[str]:
    text = read(root / "Types" / "Enums" / "index.d.ts")
    return literals(one(r"enum WebhooksIds \{(.*?)\}", text, "enum WebhooksIds").group(1), '"')


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Catalog:
    file: str
    provider: str
    package: str
    version: str
    source: str  # path(s) inside the package, for the summary line
    extract: Callable[[Path, Packages], list[str]]


CATALOGS = [
    Catalog("stripe-events.txt", "stripe", "stripe", "23.1.0", "cjs/resources/Events.d.ts", stripe_events),
    Catalog("stripe-event-objects.tsv", "stripe", "stripe", "23.1.0", "cjs/resources/**/*.d.ts", stripe_event_objects),
    Catalog("stripe-event-notification-types.txt", "stripe", "stripe", "23.1.0", "cjs/resources/V2/Core/Events.d.ts", stripe_event_notification_types),
    Catalog("github-events.txt", "github", "@octokit/openapi-webhooks", "12.1.0", "generated/api.github.com.json", github_events),
    Catalog("github-event-actions.txt", "github", "@octokit/openapi-webhooks", "12.1.0", "generated/api.github.com.json", github_event_actions),
    Catalog("github-ghec-only-event-actions.txt", "github", "@octokit/openapi-webhooks", "12.1.0", "generated/ghec.json", github_ghec_only_event_actions),
    Catalog("slack-event-types.txt", "slack", "@slack/types", "3.2.0", "dist/events/*.d.ts", slack_event_types),
    Catalog("slack-message-subtypes.txt", "slack", "@slack/types", "3.2.0", "dist/events/message.d.ts", slack_message_subtypes),
    Catalog("shopify-compliance-topics.txt", "shopify", "@shopify/shopify-api", "15.0.0", "dist/cjs/lib/types.js", shopify_compliance_topics),
    Catalog("square-event-types.txt", "square", "square", "46.0.0", "api/types/*Event.d.ts", square_event_types),
    Catalog("square-event-types.tsv", "square", "square", "46.0.0", "api/types/*Event.d.ts", square_event_types_tsv),
    Catalog("paddle-event-types.txt", "paddle", "@paddle/paddle-node-sdk", "3.10.0", "dist/cjs/notifications/helpers/types.js", paddle_event_types),
    Catalog("linear-webhook-types.txt", "linear", "@linear/sdk", "98.0.0", "dist/index-*.d.mts", linear_webhook_types),
    Catalog("discord-webhook-event-types.txt", "discord", "discord-interactions", "4.4.0", "dist/webhooks.js", discord_webhook_event_types),
    Catalog("discord-interaction-types.tsv", "discord", "discord-interactions", "4.4.0", "dist/index.js", discord_interaction_types),
    Catalog("zoom-event-types.txt", "zoom", "@zoom/rivet", "0.4.0", "{" + ",".join(ZOOM_PRODUCTS) + "}/*.d.ts", zoom_event_types),
    Catalog("mailgun-webhook-ids.txt", "mailgun", "mailgun.js", "14.0.1", "Types/Enums/index.d.ts", mailgun_webhook_ids),
]

# Files whose source is not an npm package: edited by hand, never touched by this script.
HAND_KEPT = {
    "shopify-webhook-topics.txt": ("shopify", "copied from a third-party generated Java SDK; no official npm package ships the list"),
    "gitlab-event-headers.txt": ("gitlab", "from GitLab's docs and xanzy/go-gitlab (not an npm package)"),
    "gitlab-event-headers-legacy.tsv": ("gitlab", "from xanzy/go-gitlab event_parsing.go (not an npm package)"),
    "gitlab-event-object-kinds.tsv": ("gitlab", "from GitLab's docs (not an npm package)"),
    "twitch-eventsub-types.txt": ("twitch", "from the twitchdev/twitch-cli GitHub repo (not an npm package)"),
    "google-forms-watch-event-types.txt": ("google", "from the Forms API push-notifications guide (not an npm package)"),
    "slack-interaction-types.txt": ("slack", "interaction payload types and the framework's `slash_command` name (see SOURCES.md)"),
    "discord-interaction-names.txt": ("discord", "the names of discord-interaction-types.tsv without PING, which is never dispatched"),
    "sentry-hook-resources.txt": ("sentry", "from Sentry's integration-platform webhooks docs (not an npm package)"),
    "coinbase-commerce-event-types.txt": ("coinbase_commerce", "from Coinbase Commerce's webhooks docs (not an npm package)"),
    "segment-call-types.txt": ("segment", "the six calls of the Segment Spec (docs, not an npm package)"),
    "circleci-event-types.txt": ("circleci", "from CircleCI's webhooks docs (not an npm package)"),
}


# --------------------------------------------------------------------------- main


def render(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in sorted(set(lines)))


def diff_lines(old: str, new: str) -> list[str]:
    before, after = set(old.splitlines()), set(new.splitlines())
    lines = [f"    + {line}" for line in sorted(after - before)] + [f"    - {line}" for line in sorted(before - after)]
    return lines or ["    (same names; order, duplicates or line endings differ)"]


def main() -> int:
    providers = sorted({c.provider for c in CATALOGS} | {p for p, _ in HAND_KEPT.values()})
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any regenerated file differs")
    parser.add_argument("--only", metavar="LIST", help=f"comma-separated providers ({','.join(providers)})")
    args = parser.parse_args()

    only = set(args.only.split(",")) if args.only else set(providers)
    if unknown := only - set(providers):
        parser.error(f"unknown provider(s): {', '.join(sorted(unknown))}")

    sources_md = read(CATALOG_DIR / "SOURCES.md")
    for name, version in sorted({(c.package, c.version) for c in CATALOGS} | {OCTOKIT_WEBHOOKS}):
        if f"{name}@{version}" not in sources_md:
            print(f"warning: {name}@{version} is not named in SOURCES.md; update it", file=sys.stderr)
    started = time.monotonic()
    differing: list[str] = []
    with tempfile.TemporaryDirectory(prefix="catalogs-") as tmp:
        pkgs = Packages(Path(tmp))
        for catalog in (c for c in CATALOGS if c.provider in only):
            spec = f"{catalog.package}@{catalog.version}"
            try:
                new = render(catalog.extract(pkgs.get(catalog.package, catalog.version), pkgs))
            except CatalogError as err:
                print(f"error: {catalog.file}: {err}", file=sys.stderr)
                return 2
            if not new:
                print(f"error: {catalog.file}: extraction produced nothing", file=sys.stderr)
                return 2
            target = CATALOG_DIR / catalog.file
            old = read(target) if target.exists() else ""
            status = "same" if new == old else "DIFFERS" if args.check else "updated"
            if new != old:
                differing.append(catalog.file)
                if not args.check:
                    target.write_text(new, encoding="utf-8")
            print(f"{catalog.file:40} {new.count(chr(10)):4}  {status:7}  npm {spec} : {catalog.source}")
            if new != old:
                print("\n".join(diff_lines(old, new)))

    for file, (provider, why) in HAND_KEPT.items():
        if provider in only:
            count = read(CATALOG_DIR / file).count("\n")
            print(f"{file:40} {count:4}  hand-kept: {why}")
    known = {c.file for c in CATALOGS} | set(HAND_KEPT) | {"SOURCES.md"}
    for path in sorted(CATALOG_DIR.iterdir()):
        if path.name not in known:
            print(f"warning: {path.name} is neither generated nor listed as hand-kept", file=sys.stderr)

    print(f"{len(differing)} file(s) differ; {time.monotonic() - started:.1f}s")
    if differing and not args.check:
        print("Files were rewritten: review them and update the counts in SOURCES.md.")
    return 1 if differing and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
