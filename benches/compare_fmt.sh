#!/usr/bin/env bash
# Times `caddy fmt` on a generated ~2.17 MB Caddyfile, and `cfglint fmt` when its binary is
# given, side by side.
#
# usage: benches/compare_fmt.sh [CFGLINT_BIN]
#
#   CFGLINT_BIN  path to the cfglint binary; timed as `CFGLINT_BIN fmt - < FILE` (stdin to
#                stdout), and its output is compared with `caddy fmt`'s.
#   CADDY        caddy binary (default /usr/bin/caddy)
#   BYTES        size of the generated file (default 2170000)
#   RUNS         timed runs per command (default 20)
#   NO_HYPERFINE if set, time with the /usr/bin/time loop even when hyperfine is installed
#
# Two inputs come from `cfglint_benches::generate_caddyfile` (the `gen-caddyfile` bin):
# `big` is already formatted, `big-messy` is the same file re-indented at random (it formats
# back to `big`). Uses hyperfine when installed, else a loop of /usr/bin/time (median).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cfglint=${1:-}
caddy=${CADDY:-/usr/bin/caddy}
bytes=${BYTES:-2170000}
runs=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$caddy" ] || { echo "caddy not found at $caddy (set CADDY)" >&2; exit 2; }
if [ -n "$cfglint" ] && [ ! -x "$cfglint" ]; then
    echo "cfglint binary not found at $cfglint" >&2
    exit 2
fi

gen() { (cd "$root" && cargo run --quiet --release -p cfglint-benches --bin gen-caddyfile -- "$@"); }
gen "$bytes" > "$work/big.Caddyfile"
gen "$bytes" --messy 1 > "$work/big-messy.Caddyfile"

echo "caddy:  $("$caddy" version 2>/dev/null | head -n 1)"
for name in big big-messy; do
    file="$work/$name.Caddyfile"
    printf '%-10s %9d bytes %7d lines\n' "$name" "$(wc -c < "$file")" "$(wc -l < "$file")"
    if ! "$caddy" fmt "$file" | cmp -s - "$work/big.Caddyfile"; then
        echo "warning: caddy fmt $name does not give big back" >&2
    fi
    if [ -n "$cfglint" ]; then
        if "$cfglint" fmt - < "$file" | cmp -s - <("$caddy" fmt "$file"); then
            echo "           cfglint fmt output == caddy fmt output"
        else
            echo "           cfglint fmt output DIFFERS from caddy fmt output"
        fi
    fi
done

commands=()
for name in big big-messy; do
    commands+=("$caddy fmt $work/$name.Caddyfile > /dev/null")
    if [ -n "$cfglint" ]; then
        commands+=("$cfglint fmt - < $work/$name.Caddyfile > /dev/null")
    fi
done

if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine > /dev/null; then
    hyperfine --warmup 3 --runs "$runs" "${commands[@]}"
else
    for command in "${commands[@]}"; do
        times=()
        for _ in $(seq "$runs"); do
            times+=("$( { /usr/bin/time -f %e sh -c "$command" ; } 2>&1 >/dev/null | tail -n 1)")
        done
        median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
        echo "$command: median ${median}s over $runs runs"
    done
fi
