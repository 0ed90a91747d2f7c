#!/usr/bin/env bash
# Compare liucheng's layout with Graphviz dot (and layout-rs) on the same generated graphs.
#
#   scripts/bench-vs-dot.sh [--skip-3000]
#
# Installs Graphviz with apt when `dot` is missing, writes the graphs with the
# `bench_graphs` example (target/bench-graphs/), runs `dot -Tplain` on each (plain, and with
# one `subgraph cluster_` per lane for the swimlane comparison), and prints one table:
# time, edge crossings, edges through nodes and drawing area, all counted by the same code
# (liucheng::layout::metrics). dot's time is wall-clock of the whole process.
set -euo pipefail
cd "$(dirname "$0")/.."

skip3000=0
[[ "${1:-}" == "--skip-3000" ]] && skip3000=1

if ! command -v dot >/dev/null 2>&1; then
    echo "installing graphviz…" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null
fi

cargo build -q --release --example bench_graphs
bin=target/release/examples/bench_graphs
dir=target/bench-graphs
mkdir -p "$dir"
"$bin" gen "$dir" >&2

echo "| graph | nodes | tool | layout | time ms | crossings | edges through nodes | area px² |"
echo "|---|---|---|---|---|---|---|---|"
"$bin" liucheng
for name in n50 n200 office150 n1000 n3000; do
    if [[ $name == n3000 && $skip3000 == 1 ]]; then continue; fi
    for mode in plain lanes; do
        out="$dir/$name.$mode.txt"
        start=$(date +%s%N)
        if timeout 900 dot -Tplain "$dir/$name.$mode.dot" >"$out" 2>/dev/null; then
            end=$(date +%s%N)
            ms=$(( (end - start) / 1000000 ))
            label=plain
            [[ $mode == lanes ]] && label=swimlane
            "$bin" dot "$out" "$name" "$label" "$ms"
        else
            echo "| $name | | dot | $mode | timeout/failed | | | |"
        fi
    done
done
