#!/usr/bin/env bash
# Time and memory (max RSS, from /usr/bin/time) of the large inputs of issue 9, on a
# release build:
#
#   scripts/scale.sh [--quick]
#
# render of nested 并行 1,000 / 2,000 / 5,000 deep, of chains of 10,000 / 100,000 /
# 1,000,000 steps, of 10,000 steps where every 10th may send the work back to the start;
# fmt of 10 MB and 50 MB files; export of a 1,000,000-step chain written on one line.
# --quick skips the 1M-step and 50 MB cases. Prints a Markdown table. Timings depend on the
# machine's load; max RSS does not.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1

cargo build -q --release --bin liucheng --example synth
bin=$PWD/target/release/liucheng
gen=$PWD/target/release/examples/synth
dir=$PWD/target/scale
mkdir -p "$dir"
cd "$dir"

run() { # name, command…
    local name=$1
    shift
    local rc=0
    LANG=en /usr/bin/time -f "%e %M" -o time.txt timeout 600 "$@" >/dev/null 2>err.txt || rc=$?
    read -r secs kb < <(tail -1 time.txt) || true
    local note=""
    grep -q "T003" err.txt && note="refused (T003)"
    grep -q "more than the limit of" err.txt && note="PNG refused (pixel limit)"
    [[ $rc == 124 ]] && note="timeout 600 s"
    printf '| %s | %s | %s | %s |\n' "$name" "$secs" "$((kb / 1024))" "$note"
}

echo "| case | time s | max RSS MB | note |"
echo "|---|---|---|---|"
for d in 1000 2000 5000; do
    "$gen" nested "$d" >"nested$d.flow"
    run "render nested 并行 depth $d ($(du -h "nested$d.flow" | cut -f1))" \
        "$bin" render "nested$d.flow" -o out
done
steps="10000 100000"
[[ $quick == 0 ]] && steps="$steps 1000000"
for n in $steps; do
    "$gen" chain "$n" 3 >"chain$n.flow"
    run "render chain $n steps" "$bin" render "chain$n.flow" -o out
done
"$gen" chain 10000 3 10 >back.flow
run "render 10000 steps, every 10th 退回 to the start" "$bin" render back.flow -o out
run "render chain 100000 steps --format png" "$bin" render chain100000.flow -o out --format png
sizes="10:172000"
[[ $quick == 0 ]] && sizes="$sizes 50:860000"
for s in $sizes; do
    mb=${s%%:*}
    n=${s##*:}
    "$gen" chain "$n" 3 50 | sed 's/ → /→/' >"fmt$mb.flow" # one unformatted arrow a line
    run "fmt $mb MB ($(du -h "fmt$mb.flow" | cut -f1))" "$bin" fmt "fmt$mb.flow"
done
n=1000000
[[ $quick == 1 ]] && n=100000
"$gen" chain "$n" 0 0 oneline >line.flow
run "export chain of $n steps on one line" "$bin" export line.flow -o line.json
