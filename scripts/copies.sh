#!/usr/bin/env bash
# Bytes copied per delivery (memcpy and memmove calls into libc), framework against the
# hand-written floor: what callgrind's instruction count hides, since glibc copies a
# large block with one `rep movsb`. A counting shim is preloaded into the ratio bench's
# `--only` mode; each variant runs N and 2N deliveries, and the difference / N is one
# delivery's copies without the set-up. With --sites, the framework's copies of 512
# bytes or more by calling function (addr2line).
#
# Usage: scripts/copies.sh [N] [--sites]   (default 100)
# Needs: a C compiler (cc) and binutils' addr2line.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
SITES=0
[ "${2:-}" = "--sites" ] && SITES=1
cargo bench --quiet -p webhook-suite --bench ratio --no-run 2>/dev/null
BIN=$(ls -t target/release/deps/ratio-* | grep -v '\.d$' | head -1)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cat > "$OUT/count.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* Byte loops of our own: the shim must not call the functions it replaces. */
static unsigned long calls, bytes;
#define SITES 4096
static void *site[SITES];
static unsigned long site_bytes[SITES], site_calls[SITES];
static void count(size_t n, void *caller) {
  calls++;
  bytes += n;
  if (n < 512) return;
  for (int i = 0; i < SITES; i++)
    if (site[i] == caller || site[i] == 0) { site[i] = caller; site_bytes[i] += n; site_calls[i]++; return; }
}
static void *copy(void *d, const void *s, size_t n) {
  unsigned char *a = d;
  const unsigned char *b = s;
  if (a <= b || a >= b + n) { while (n--) *a++ = *b++; }
  else { a += n; b += n; while (n--) *--a = *--b; }
  return d;
}
void *memcpy(void *d, const void *s, size_t n) { count(n, __builtin_return_address(0)); return copy(d, s, n); }
void *memmove(void *d, const void *s, size_t n) { count(n, __builtin_return_address(0)); return copy(d, s, n); }
__attribute__((destructor)) static void report(void) {
  FILE *out = fopen(getenv("COPIES_OUT"), "w");
  if (!out) return;
  fprintf(out, "total %lu %lu\n", calls, bytes);
  for (int i = 0; i < SITES && site[i]; i++) {
    Dl_info info;
    if (dladdr(site[i], &info) && info.dli_fname && strstr(info.dli_fname, "ratio"))
      fprintf(out, "%lx %lu %lu\n", (unsigned long)((char *)site[i] - (char *)info.dli_fbase), site_calls[i], site_bytes[i]);
  }
  fclose(out);
}
C
cc -O1 -shared -fPIC -o "$OUT/count.so" "$OUT/count.c" -ldl
run() { # variant endpoint n
  COPIES_OUT="$OUT/$1.$2.$3" LD_PRELOAD="$OUT/count.so" "$BIN" --only "$1" "$2" "$3"
}
echo "bytes copied per delivery ((2N - N) / N, N = $N; memcpy + memmove)"
for endpoint in stripe github slack; do
  for variant in framework floor; do
    run "$variant" "$endpoint" "$N"
    run "$variant" "$endpoint" $((2 * N))
  done
  awk -v e="$endpoint" -v n="$N" '
    FNR == 1 { key = FILENAME; sub(/.*\//, "", key); calls[key] = $2; bytes[key] = $3 }
    END {
      split("framework floor", v, " ")
      for (i in v) {
        lo = v[i] "." e "." n; hi = v[i] "." e "." 2 * n
        c[v[i]] = (calls[hi] - calls[lo]) / n; b[v[i]] = (bytes[hi] - bytes[lo]) / n
      }
      printf "  %-8s framework %8.0f B in %5.1f calls | floor %8.0f B in %5.1f calls | extra %+8.0f B\n",
        e, b["framework"], c["framework"], b["floor"], c["floor"], b["framework"] - b["floor"]
    }' "$OUT/framework.$endpoint.$N" "$OUT/framework.$endpoint.$((2 * N))" \
       "$OUT/floor.$endpoint.$N" "$OUT/floor.$endpoint.$((2 * N))"
  if [ "$SITES" = 1 ]; then
    # Sites seen in both runs; per delivery, largest first, named by addr2line.
    join <(tail -n +2 "$OUT/framework.$endpoint.$N" | sort) <(tail -n +2 "$OUT/framework.$endpoint.$((2 * N))" | sort) \
      | awk -v n="$N" '{ b = ($5 - $3) / n; if (b > 0) printf "%s %.0f %.1f\n", $1, b, ($4 - $2) / n }' \
      | sort -k2,2nr | head -12 > "$OUT/sites"
    while read -r address per_bytes per_calls; do
      name=$(addr2line -f -C -e "$BIN" "0x$address" | head -1)
      printf "      %7s B %5s calls  %s\n" "$per_bytes" "$per_calls" "${name:0:110}"
    done < "$OUT/sites"
  fi
done
