#!/usr/bin/env bash
# Instructions per delivery, framework against the hand-written floor, counted by
# valgrind's callgrind: unlike time, the count does not move when other work shares
# the machine. Each variant runs N and 3N deliveries; the difference / 2N is the cost
# of one delivery without the set-up.
#
# Usage: scripts/instructions.sh [N]   (default 100)
# Needs: valgrind (apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind" >&2; exit 1; }
cargo bench --quiet -p webhook-suite --bench ratio --no-run 2>/dev/null
BIN=$(ls -t target/release/deps/ratio-* | grep -v '\.d$' | head -1)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
count() { # variant endpoint n → instructions
  valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$BIN" --only "$1" "$2" "$3" 2>&1 \
    | awk '/Collected/ {print $NF}'
}
echo "instructions per delivery (callgrind, ($((3 * N)) - $N deliveries) / $((2 * N)))"
# The three judged payloads, and Slack's with its keys sorted (the peek's worst order).
for endpoint in stripe github slack slack_app_mention_sorted_keys; do
  declare -A per
  for variant in framework floor; do
    low=$(count "$variant" "$endpoint" "$N")
    high=$(count "$variant" "$endpoint" $((3 * N)))
    per[$variant]=$(( (high - low) / (2 * N) ))
  done
  awk -v e="$endpoint" -v f="${per[framework]}" -v m="${per[floor]}" 'BEGIN {
    printf "  %-29s framework %9d | floor %9d | ratio %.3fx\n", e, f, m, f / m }'
done
