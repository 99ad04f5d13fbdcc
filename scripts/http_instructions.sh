#!/usr/bin/env bash
# Instructions per request over HTTP, the generated router against the hand-written
# handler, counted by valgrind's callgrind in the bench server (hyper, axum and all):
# unlike req/s, the count does not move when other work shares the machine. Each route
# gets N and 3N keep-alive requests from one client in a fresh server; the difference
# / 2N is the cost of one request without the start-up.
#
# --cache runs cachegrind's cache and branch simulation instead (its model of this
# machine's 32 KiB L1 caches): instructions, L1 instruction and data misses and
# mispredicted branches per request, each with its ratio. Instructions alone leave
# out what the clock also pays for a larger footprint.
#
# Usage: scripts/http_instructions.sh [--cache] [N] [providers…]   (default 100; stripe github slack)
# Needs: valgrind (apt-get install valgrind), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=0
if [ "${1:-}" = --cache ]; then CACHE=1; shift; fi
N=${1:-100}
shift || true
PROVIDERS=${*:-stripe github slack}
command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind" >&2; exit 1; }
cargo build --quiet --release -p webhook-suite --bin webhook-bench-server --features webhook/postgres
SERVER=target/release/webhook-bench-server
WORK=$(mktemp -d)
trap 'pkill -9 -f "valgrind.*$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The client: COUNT keep-alive POSTs of the signed sample, each answered 200.
cat > "$WORK/client.py" <<'PY'
import http.client, sys
port, path, count, provider, work = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
body = open(f"{work}/{provider}.body", "rb").read()
headers = dict(line.rstrip("\n").split(": ", 1) for line in open(f"{work}/{provider}.headers"))
connection = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(count):
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
PY

# Starts the server under valgrind (its options first), sends it the requests, and
# leaves the server running: sets VG_PID. Args: valgrind options… -- path provider requests
load_under_valgrind() {
  local options=()
  while [ "$1" != -- ]; do options+=("$1"); shift; done
  shift
  local port=$((20000 + RANDOM % 20000))
  valgrind "${options[@]}" "$SERVER" --port "$port" > "$WORK/server.log" 2>&1 &
  VG_PID=$!
  for _ in $(seq 300); do grep -q listening "$WORK/server.log" && break; sleep 0.1; done
  python3 "$WORK/client.py" "$port" "$1" "$3" "$2" "$WORK"
}

count() { # path provider requests → instructions of the whole server run
  local out="$WORK/cg.$RANDOM"
  load_under_valgrind --tool=callgrind --callgrind-out-file="$out" -- "$@"
  # The server runs until killed: dump the counts first (callgrind writes "$out.1").
  callgrind_control -d "$VG_PID" >/dev/null 2>&1
  kill -9 "$VG_PID"; wait "$VG_PID" 2>/dev/null || true
  awk '/^summary:/ {print $2}' "$out.1"
}

# path provider requests → "Ir I1mr D1mr D1mw Bcm Bim" of the whole server run
cache_count() {
  local out="$WORK/cache.$RANDOM"
  load_under_valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes \
    --cachegrind-out-file="$out" -- "$@"
  # Cachegrind writes its counts when the server dies of SIGTERM.
  kill -TERM "$VG_PID"; wait "$VG_PID" 2>/dev/null || true
  awk '/^events:/ {for (i = 2; i <= NF; i++) name[i] = $i}
       /^summary:/ {for (i = 2; i <= NF; i++) v[name[i]] = $i
                    print v["Ir"], v["I1mr"], v["D1mr"], v["D1mw"], v["Bcm"], v["Bim"]}' "$out"
}

if [ "$CACHE" = 1 ]; then
  echo "per request over HTTP (cachegrind, 32 KiB L1 caches, ($((3 * N)) - $N requests) / $((2 * N))): framework | hand-written | ratio"
  for provider in $PROVIDERS; do
    "$SERVER" --write-requests "$WORK"
    declare -A per
    for route in webhooks manual; do
      low=$(cache_count "/$route/$provider" "$provider" "$N")
      high=$(cache_count "/$route/$provider" "$provider" $((3 * N)))
      per[$route]=$(awk -v l="$low" -v h="$high" -v n=$((2 * N)) 'BEGIN {
        split(l, a, " "); split(h, b, " "); for (i = 1; i <= 6; i++) printf "%s ", (b[i] - a[i]) / n }')
    done
    awk -v p="$provider" -v f="${per[webhooks]}" -v m="${per[manual]}" 'BEGIN {
      split(f, a, " "); split(m, b, " ")
      printf "  %-8s instructions %8.0f | %8.0f | %.3fx\n", p, a[1], b[1], a[1] / b[1]
      printf "  %-8s L1i misses   %8.0f | %8.0f | %.3fx\n", "", a[2], b[2], a[2] / b[2]
      printf "  %-8s L1d misses   %8.0f | %8.0f | %.3fx\n", "", a[3] + a[4], b[3] + b[4], (a[3] + a[4]) / (b[3] + b[4])
      printf "  %-8s mispredicted %8.0f | %8.0f | %.3fx\n", "", a[5] + a[6], b[5] + b[6], (a[5] + a[6]) / (b[5] + b[6]) }'
  done
  exit 0
fi

echo "instructions per request over HTTP (callgrind, ($((3 * N)) - $N requests) / $((2 * N)))"
for provider in $PROVIDERS; do
  "$SERVER" --write-requests "$WORK"   # Stripe and Slack sign a timestamp: keep it fresh
  declare -A per
  for route in webhooks manual; do
    low=$(count "/$route/$provider" "$provider" "$N")
    high=$(count "/$route/$provider" "$provider" $((3 * N)))
    per[$route]=$(( (high - low) / (2 * N) ))
  done
  awk -v p="$provider" -v f="${per[webhooks]}" -v m="${per[manual]}" 'BEGIN {
    printf "  %-8s framework %9d | hand-written %9d | ratio %.3fx\n", p, f, m, f / m }'
done
