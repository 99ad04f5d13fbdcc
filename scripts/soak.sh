#!/usr/bin/env bash
# Soak (not in CI): sustained mixed load — valid signed deliveries, forged signatures,
# garbage bodies and unknown paths at once — against the framework server with a
# SQLite store, for several minutes. Checks that memory stays flat and that valid
# requests never get a 5xx.
#
# Usage: scripts/soak.sh [--minutes 5] [--store-mode inline|queued]
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=5
MODE=inline
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --store-mode) MODE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --quiet --release -p webhook-suite --bin webhook-bench-server
SERVER=target/release/webhook-bench-server
WORK=$(mktemp -d); chmod 755 "$WORK"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$SERVER" --write-requests "$WORK"

cat > "$WORK/valid.lua" <<'LUA'
local dir = os.getenv("REQ_DIR")
local function read(name) local f = assert(io.open(dir .. "/" .. name)); local s = f:read("*a"); f:close(); return s end
wrk.method, wrk.body = "POST", read("github.body")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Hub-Signature-256"] = read("github.signature")
wrk.headers["X-GitHub-Event"] = "pull_request"
local n, prefix = 0, tostring(math.random(1, 1e9))
request = function() n = n + 1; wrk.headers["X-GitHub-Delivery"] = prefix .. "-" .. n; return wrk.format() end
LUA
cat > "$WORK/invalid.lua" <<'LUA'
local dir = os.getenv("REQ_DIR")
local function read(name) local f = assert(io.open(dir .. "/" .. name)); local s = f:read("*a"); f:close(); return s end
local body = read("github.body")
local kinds, n = 4, 0
request = function()
  n = n + 1
  local k = n % kinds
  if k == 0 then -- forged signature
    return wrk.format("POST", "/webhooks/github", { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = "sha256=" .. string.rep("ab", 32), ["X-GitHub-Event"] = "push" }, body)
  elseif k == 1 then -- garbage body, no signature
    return wrk.format("POST", "/webhooks/stripe", { ["Content-Type"] = "application/json" }, string.rep("{[", 500 + n % 1000))
  elseif k == 2 then -- unknown path
    return wrk.format("POST", "/webhooks/nope", {}, "x")
  else -- wrong method and a huge header
    return wrk.format("GET", "/webhooks/stripe", { ["Stripe-Signature"] = string.rep("v1=00,", 1000) }, nil)
  end
end
response = function(status) if status >= 500 then io.stderr:write("5xx on invalid input: " .. status .. "\n") end end
LUA

args=(--store "sqlite://$WORK/soak.db")
[ "$MODE" = queued ] && args+=(--queued)
PORT=$((20000 + RANDOM % 20000))
"$SERVER" --port "$PORT" "${args[@]}" > "$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 50); do grep -q listening "$WORK/server.log" && break; sleep 0.1; done
seconds=$((MINUTES * 60))
echo "soak: ${MINUTES} min, valid (new GitHub deliveries) + invalid (forged, garbage, unknown path, wrong method) at once, store mode $MODE"
REQ_DIR=$WORK wrk -t1 -c8 -d"${seconds}s" -s "$WORK/valid.lua" "http://127.0.0.1:$PORT/webhooks/github" > "$WORK/valid.txt" &
VALID=$!
REQ_DIR=$WORK wrk -t1 -c8 -d"${seconds}s" -s "$WORK/invalid.lua" "http://127.0.0.1:$PORT" > "$WORK/invalid.txt" 2> "$WORK/invalid.err" &
INVALID=$!
samples=()
while kill -0 $VALID 2>/dev/null; do sleep 10; samples+=("$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")"); done
wait $VALID $INVALID || true
valid_total=$(awk '/requests in/ {print $1}' "$WORK/valid.txt")
valid_non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/valid.txt"); valid_non2xx=${valid_non2xx:-0}
invalid_total=$(awk '/requests in/ {print $1}' "$WORK/invalid.txt")
fivexx=$(grep -c "5xx" "$WORK/invalid.err" || true)
echo "valid:   $valid_total requests, non-2xx: $valid_non2xx"
echo "invalid: $invalid_total requests, 5xx: $fivexx"
echo "RSS KiB every 10 s: ${samples[*]}"
first=${samples[0]}; last=${samples[-1]}
peak=$(printf "%s\n" "${samples[@]}" | sort -n | tail -1)
echo "RSS first $first, last $last, peak $peak"
[ "$valid_non2xx" = 0 ] && [ "$fivexx" = 0 ] && echo "PASS" || { echo "FAIL"; exit 1; }
