#!/usr/bin/env bash
# HTTP benchmarks, all in one run on this machine (figures are ratios against a
# baseline measured in the same run, since the machine is shared and noisy):
#
#   1. the generated router against a hand-written axum handler doing the same
#      verification, parse and dispatch, same payloads, keep-alive connections (wrk);
#      With each round, the server's CPU time per request (user and system, from
#      /proc/PID/stat), which unlike req/s leaves out wrk's share of the two cores;
#   1b. (after 2) the same two routes side by side: each in a server of its own, both
#      loaded at the same time, so a change of the machine's speed falls on both;
#   2. RSS of the framework's server across a million requests;
#   3. (--ingest) queued-mode ingest on SQLite and PostgreSQL against inline mode
#      without a store, at several concurrency levels, each request a new delivery,
#      each durable run divided by an inline run made just before it, with the c=1
#      floor measured in the same run (an fsync loop on this disk, and one record at a
#      time on each store) and the c=1 ceiling (the request without its typed parse
#      plus each database's own commit of the row, scripts/engine_floor.py, against an
#      inline request); with workers, the deliveries they finished per second
#      during each run, and the rows not finished when the load stopped (a backlog
#      means the workers do not keep up).
#
# Usage: [BENCH_SERVER=path] scripts/http_bench.sh [--duration 10] [--rounds 7] [--requests 1000000]
#        [--ingest | --only-ingest]
#        INGEST_VARIANTS="sqlite-ack postgres-ack" runs only those ingest rows (default: all
#        six: sqlite-hand sqlite-ack sqlite postgres-hand postgres-ack postgres, where "-hand"
#        is the hand-written durable floor, benches/support/durable_floor.rs, always this
#        tree's build); INGEST_LEVELS="1 8" only those
#        connection counts (default: 1 8 32 64); INGEST_SERVER_ARGS="--batch-wait-ms 0" adds
#        arguments to the durable servers' command lines.
# Needs: wrk (apt-get install wrk); for --ingest, PostgreSQL's server binaries, sqlite3,
# python3, and pgbench (optional: without it the ceiling line leaves PostgreSQL out).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=10
ROUNDS=7
REQUESTS=1000000
INGEST=0
ONLY_INGEST=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    --ingest) INGEST=1; shift ;;
    --only-ingest) INGEST=1; ONLY_INGEST=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cargo build --quiet --release -p webhook-suite --bin webhook-bench-server --features durable-floor
# BENCH_SERVER=path loads another build (e.g. an older commit's) with the same script;
# the floors are always measured by this tree's build.
FLOOR_SERVER=target/release/webhook-bench-server
SERVER=${BENCH_SERVER:-$FLOOR_SERVER}
WORK=$(mktemp -d)
chmod 755 "$WORK"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$SERVER" --write-requests "$WORK"

# wrk script: POST the signed sample with its headers (`name: value` lines); a fresh
# X-GitHub-Delivery per request when UNIQUE=1 (GitHub does not sign it, so every
# request is a new delivery).
cat > "$WORK/post.lua" <<'LUA'
local dir, provider, unique = os.getenv("REQ_DIR"), os.getenv("PROVIDER"), os.getenv("UNIQUE") == "1"
local function read(name) local f = assert(io.open(dir .. "/" .. name)); local s = f:read("*a"); f:close(); return s end
wrk.method = "POST"
wrk.body = read(provider .. ".body")
for name, value in read(provider .. ".headers"):gmatch("([^:\n]+): ([^\n]*)\n") do
  wrk.headers[name] = value
end
-- PREFIX is new for every wrk run (LuaJIT's math.random is seeded the same each time,
-- so a random prefix would repeat every earlier run's ids: duplicates, not deliveries).
local counter, prefix = 0, os.getenv("PREFIX")
request = function()
  if unique then
    counter = counter + 1
    wrk.headers["x-github-delivery"] = prefix .. "-" .. counter
  end
  return wrk.format()
end
LUA

start_server() { # args…; sets PID and PORT
  PORT=$((20000 + RANDOM % 20000))
  "$SERVER" --port "$PORT" "$@" > "$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 50); do grep -q listening "$WORK/server.log" && return; sleep 0.1; done
  echo "server did not start: $(cat "$WORK/server.log")" >&2; exit 1
}

# wrk → "requests_per_second p99_ms non_2xx"
load() { # provider path connections duration unique
  local out
  out=$(REQ_DIR=$WORK PROVIDER=$1 UNIQUE=$5 PREFIX="$(date +%s%N)-$RANDOM" wrk -t1 -c"$3" -d"$4"s --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT$2")
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$rps ${p99:-0} ${errors:-0}"
}

# A server's CPU time so far, in clock ticks: "user system" (default: the server $PID).
cpu_ticks() { awk '{print $14, $15}' "/proc/${1:-$PID}/stat"; }
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))

# Rounds on stdin, one a line: "framework_rps framework_p99 hand_rps hand_p99
# framework_user_ticks framework_system_ticks hand_user_ticks hand_system_ticks";
# prints the medians and the median of the per-round ratios.
summarize() { # provider
  awk -v p="$1" -v d="$DURATION" -v tick="$TICK_US" '
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { n++; f[n] = $1; fp[n] = $2; m[n] = $3; mp[n] = $4; tr[n] = $1 / $3; pr[n] = $2 / $4
      lo = (n == 1 || tr[n] < lo) ? tr[n] : lo; hi = (n == 1 || tr[n] > hi) ? tr[n] : hi
      # CPU µs per request (requests = rate × duration), all and user only
      fc[n] = ($5 + $6) * tick / ($1 * d); fu[n] = $5 * tick / ($1 * d)
      mc[n] = ($7 + $8) * tick / ($3 * d); mu[n] = $7 * tick / ($3 * d)
      cr[n] = fc[n] / mc[n]; ur[n] = fu[n] / mu[n] }
    END { printf "   %-7s framework %8.0f req/s p99 %6.2f ms | hand-written %8.0f req/s p99 %6.2f ms | throughput %.3fx (rounds %.3f-%.3f), p99 %.3fx\n",
                 p, median(f, n), median(fp, n), median(m, n), median(mp, n), median(tr, n), lo, hi, median(pr, n)
          printf "   %-7s server CPU per request: framework %5.1f us (user %5.1f) | hand-written %5.1f us (user %5.1f) | %.3fx (user %.3fx)\n",
                 "", median(fc, n), median(fu, n), median(mc, n), median(mu, n), median(cr, n), median(ur, n) }'
}

if [ "$ONLY_INGEST" = 0 ]; then
echo "== 1. generated router vs hand-written handler (wrk -t1 -c32, $ROUNDS alternated rounds of ${DURATION}s, keep-alive; median of the per-round ratios)"
start_server
for provider in stripe github slack; do
  "$SERVER" --write-requests "$WORK"   # Stripe and Slack sign a timestamp: keep it fresh
  load "$provider" "/webhooks/$provider" 32 2 0 >/dev/null   # warm-up
  load "$provider" "/manual/$provider" 32 2 0 >/dev/null
  rounds=()
  for _ in $(seq "$ROUNDS"); do
    read -r u0 s0 <<<"$(cpu_ticks)"
    read -r f fp fe <<<"$(load "$provider" "/webhooks/$provider" 32 "$DURATION" 0)"
    read -r u1 s1 <<<"$(cpu_ticks)"
    read -r m mp me <<<"$(load "$provider" "/manual/$provider" 32 "$DURATION" 0)"
    read -r u2 s2 <<<"$(cpu_ticks)"
    [ "$fe$me" = "00" ] || echo "   non-2xx answers: framework $fe, hand-written $me"
    rounds+=("$f $fp $m $mp $((u1 - u0)) $((s1 - s0)) $((u2 - u1)) $((s2 - s1))")
  done
  printf "%s\n" "${rounds[@]}" | summarize "$provider"
  [ "$provider" = stripe ] && STRIPE_RPS=$(printf "%s\n" "${rounds[@]}" | awk '{s += $1} END {print s / NR}')
done

"$SERVER" --write-requests "$WORK"
echo "== 2. memory: RSS of the framework server across about $REQUESTS requests"
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
seconds=$(awk -v n="$REQUESTS" -v r="$STRIPE_RPS" 'BEGIN {printf "%d", n / r + 1}')
before=$(rss)
REQ_DIR=$WORK PROVIDER=stripe UNIQUE=0 wrk -t1 -c32 -d"${seconds}s" -s "$WORK/post.lua" \
  "http://127.0.0.1:$PORT/webhooks/stripe" > "$WORK/mem.txt" &
WRK=$!
samples=()
while kill -0 $WRK 2>/dev/null; do sleep 2; samples+=("$(rss)"); done
wait $WRK || true
total=$(awk '/requests in/ {print $1}' "$WORK/mem.txt")
peak=$(printf "%s\n" "$before" "${samples[@]}" | sort -n | tail -1)
half=$(( ${#samples[@]} / 2 ))
echo "   $total requests in ${seconds}s; RSS KiB: before $before, at half-time ${samples[$half]:-?}, peak $peak, at the end ${samples[-1]:-?}"

# Side by side: the two routes in two servers at once, one wrk each. In section 1 the
# routes take turns, and two rounds seconds apart can find the machine at different
# speeds; here a change of speed falls on both alike. Each server gets its share of
# the two cores from the scheduler; what it makes of it, in requests and in CPU time
# per request, is the comparison.
echo "== 1b. side by side: the framework route in one server, the hand-written one in another, loaded at the same time (wrk -t1 -c16 each, $ROUNDS rounds of ${DURATION}s)"
A_PID=$PID; A_PORT=$PORT
start_server
B_PID=$PID; B_PORT=$PORT
for provider in stripe github slack; do
  "$SERVER" --write-requests "$WORK"
  PORT=$A_PORT load "$provider" "/webhooks/$provider" 16 1 0 >/dev/null   # warm-up
  PORT=$B_PORT load "$provider" "/manual/$provider" 16 1 0 >/dev/null
  rounds=()
  for _ in $(seq "$ROUNDS"); do
    read -r au0 as0 <<<"$(cpu_ticks $A_PID)"; read -r bu0 bs0 <<<"$(cpu_ticks $B_PID)"
    PORT=$A_PORT load "$provider" "/webhooks/$provider" 16 "$DURATION" 0 > "$WORK/side.a" &
    LOAD=$!
    PORT=$B_PORT load "$provider" "/manual/$provider" 16 "$DURATION" 0 > "$WORK/side.b"
    wait $LOAD
    read -r au1 as1 <<<"$(cpu_ticks $A_PID)"; read -r bu1 bs1 <<<"$(cpu_ticks $B_PID)"
    read -r f fp fe < "$WORK/side.a"; read -r m mp me < "$WORK/side.b"
    [ "$fe$me" = "00" ] || echo "   non-2xx answers: framework $fe, hand-written $me"
    rounds+=("$f $fp $m $mp $((au1 - au0)) $((as1 - as0)) $((bu1 - bu0)) $((bs1 - bs0))")
  done
  printf "%s\n" "${rounds[@]}" | summarize "$provider"
done
kill $A_PID $B_PID; wait $A_PID $B_PID 2>/dev/null || true
fi

if [ "$INGEST" = 1 ]; then
  echo "== 3. ingest: queued mode on SQLite and PostgreSQL vs inline without a store (github, new delivery each request)"
  PGDIR="$WORK/pg"; PGPORT=$((40000 + RANDOM % 10000))
  PGBIN=$(dirname "$(readlink -f "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")")
  mkdir -p "$PGDIR"; chown postgres "$PGDIR" 2>/dev/null || true
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=200" -w start >/dev/null
  trap 'as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
  SQLITE_URL="sqlite://$WORK/ingest.db"; PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
  # One durable record at a time: what a lone client can get at best (one commit per
  # request); c clients at most c times that (every commit carrying all of them).
  echo "   c=1 floor: sqlite: $("$FLOOR_SERVER" --fsync-floor "$WORK" --store "sqlite://$WORK/floor.db")"
  psql -qtA "$PG_URL" -c "CREATE DATABASE floor" >/dev/null
  echo "   c=1 floor: postgres: $("$FLOOR_SERVER" --fsync-floor "$WORK" --store "postgres://postgres@127.0.0.1:$PGPORT/floor")"
  # The inline server runs throughout, and each durable figure is divided by an inline
  # run made just before it at the same level: the machine's speed drifts over the
  # minutes this section takes, and one inline row measured first swung ±20 % between
  # runs. The inline row shows the mean of those runs.
  start_server
  INLINE_PORT=$PORT; INLINE_PID=$PID
  # The best one connection can reach here, by any implementation: a durable answer
  # costs at least the request without its typed parse (queued mode answers before
  # parsing; `--unparsed` serves the same route with a handler that takes the bytes)
  # plus one commit of the row by the database itself, with no driver in between
  # (scripts/engine_floor.py: SQLite in-process, PostgreSQL through pgbench).
  read -r _ engine_sqlite engine_unsynced _ engine_pg <<<"$(python3 scripts/engine_floor.py \
    --sqlite "$WORK/floor.db" --postgres "postgres://postgres@127.0.0.1:$PGPORT/floor")"
  SERVER=$FLOOR_SERVER start_server --unparsed
  read -r unparsed _ _ <<<"$(load github /webhooks/github 1 "$DURATION" 1)"
  kill $PID; wait $PID 2>/dev/null || true
  read -r inline1 _ _ <<<"$(PORT=$INLINE_PORT load github /webhooks/github 1 "$DURATION" 1)"
  awk -v i="$inline1" -v u="$unparsed" -v s="${engine_sqlite:-}" -v o="${engine_unsynced:-}" -v p="${engine_pg:--}" 'BEGIN {
    if (s == "") { print "   c=1 ceiling: not measured (scripts/engine_floor.py failed, above)"; exit }
    ti = 1000 / i; tu = 1000 / u
    printf "   c=1 ceiling: an inline request %.3f ms, unparsed %.3f ms; the engine'"'"'s own commit of the row: sqlite %.3f ms (%.3f unsynced), postgres %s ms\n", ti, tu, s, o, p
    printf "   c=1 ceiling: at best sqlite %.2fx", ti / (tu + s)
    if (p != "-") printf ", postgres %.2fx", ti / (tu + p)
    printf " of inline\n" }'
  printf "   %-13s" "connections"; for c in ${INGEST_LEVELS:-1 8 32 64}; do printf "%15s" "$c"; done; echo
  declare -A inline_sum
  # "…-ack": no workers, the acknowledgement alone (rows stay queued for later); the
  # plain rows run the default 4 workers beside the load, on the same 2 cores. "…-hand":
  # a hand-written handler on sqlx that answers once its own insert committed, with no
  # framework and no group commit (benches/support/durable_floor.rs): what the same
  # crates give used directly.
  rows=()
  # Deliveries the workers have finished so far (none without workers).
  succeeded() {
    case $1 in
      sqlite) sqlite3 "$WORK/ingest.db" "SELECT count(*) FROM deliveries WHERE status = 'succeeded'" ;;
      postgres) psql -qtA "$PG_URL" -c "SELECT count(*) FROM webhook.deliveries WHERE status = 'succeeded'" ;;
      *) echo 0 ;;
    esac
  }
  variants=(${INGEST_VARIANTS:-sqlite-hand sqlite-ack sqlite postgres-hand postgres-ack postgres})
  for variant in "${variants[@]}"; do
    server=$SERVER
    case $variant in
      sqlite-hand) rm -f "$WORK"/hand.db*; args=(--hand-durable "sqlite://$WORK/hand.db"); server=$FLOOR_SERVER ;;
      postgres-hand) psql -qtA "$PG_URL" -c "SET client_min_messages = warning; DROP TABLE IF EXISTS floor_deliveries" >/dev/null; args=(--hand-durable "$PG_URL"); server=$FLOOR_SERVER ;;
      sqlite-ack) rm -f "$WORK"/ingest.db*; args=(--store "$SQLITE_URL" --queued --workers 0) ;;
      sqlite) rm -f "$WORK"/ingest.db*; args=(--store "$SQLITE_URL" --queued) ;;
      postgres-ack) args=(--store "$PG_URL" --queued --workers 0) ;;
      postgres) psql -qtA "$PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS webhook CASCADE" >/dev/null; args=(--store "$PG_URL" --queued) ;;
    esac
    # shellcheck disable=SC2086 # INGEST_SERVER_ARGS: extra words for the durable servers
    SERVER=$server start_server "${args[@]}" ${INGEST_SERVER_ARGS:-}
    row=$(printf "   %-13s" "$variant")
    handled_row=$(printf "   %-13s" "  handled/s")
    for c in ${INGEST_LEVELS:-1 8 32 64}; do
      read -r base _ _ <<<"$(PORT=$INLINE_PORT load github /webhooks/github "$c" "$DURATION" 1)"
      inline_sum[$c]=$(awk -v a="${inline_sum[$c]:-0}" -v b="$base" 'BEGIN {print a + b}')
      done_before=$(succeeded "$variant")
      read -r rps _ errors <<<"$(load github /webhooks/github "$c" "$DURATION" 1)"
      done_after=$(succeeded "$variant")
      row+=$(printf "%15s" "$(awk -v r="$rps" -v b="$base" 'BEGIN {printf "%.0f (%.2fx)", r, r/b}')")
      [ "${errors:-0}" = 0 ] || row+="[$errors non-2xx]"
      handled_row+=$(printf "%15s" "$(( (done_after - done_before) / DURATION ))")
    done
    rows+=("$row")
    # With workers: how many deliveries they finished per second during the same run
    # (below the row above, the backlog grows), and what was left at the end.
    case $variant in
      sqlite) rows+=("$handled_row" "   unfinished at the end: $(sqlite3 "$WORK/ingest.db" "SELECT count(*) FROM deliveries WHERE status IN ('queued','processing')") of $(sqlite3 "$WORK/ingest.db" "SELECT count(*) FROM deliveries")") ;;
      postgres) rows+=("$handled_row" "   unfinished at the end: $(psql -qtA "$PG_URL" -c "SELECT count(*) FILTER (WHERE status IN ('queued','processing')) || ' of ' || count(*) FROM webhook.deliveries")") ;;
    esac
    kill $PID; wait $PID 2>/dev/null || true
  done
  kill $INLINE_PID; wait $INLINE_PID 2>/dev/null || true
  printf "   %-13s" "inline (mean)"
  for c in ${INGEST_LEVELS:-1 8 32 64}; do printf "%15s" "$(awk -v s="${inline_sum[$c]}" -v n="${#variants[@]}" 'BEGIN {printf "%.0f", s / n}')"; done; echo
  printf "%s\n" "${rows[@]}"
fi
