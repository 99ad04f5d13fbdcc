#!/usr/bin/env bash
# Instructions per delivery of every variant on every payload, counted by valgrind's
# callgrind (the count does not move when other work shares the machine). Each variant
# runs N and 3N deliveries in fresh processes; (3N - N) / 2N is one delivery's cost.
# Usage: benches/peers/instructions.sh [N]   (default 100). Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-100}
command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind" >&2; exit 1; }
cargo build --quiet --release
BIN=target/release/webhook-peers
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
count() { # variant case n → instructions
  valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$BIN" --only "$1" "$2" "$3" 2>&1 \
    | awk '/Collected/ {print $NF}'
}
per_delivery() { # variant case → instructions per delivery
  local low high
  low=$(count "$1" "$2" "$N")
  high=$(count "$1" "$2" $((3 * N)))
  echo $(( (high - low) / (2 * N) ))
}
echo "instructions per delivery (callgrind, ($((3 * N)) - $N deliveries) / $((2 * N))), ÷ the floor"
while read -r case variants; do
  echo "$case"
  floor=$(per_delivery floor "$case")
  printf '  %-17s %9d\n' floor "$floor"
  for variant in $variants; do
    n=$(per_delivery "$variant" "$case")
    awk -v v="$variant" -v n="$n" -v f="$floor" 'BEGIN { printf "  %-17s %9d  %.3fx\n", v, n, n / f }'
  done
done <<'CASES'
stripe_invoice_paid framework async-stripe
stripe_checkout_session_completed framework async-stripe
github_pull_request_opened framework octocrab
standard_webhooks framework svix standardwebhooks
CASES
