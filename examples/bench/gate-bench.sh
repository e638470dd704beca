#!/usr/bin/env bash
# How soon a manual step is released by a decision taken in another shell.
#   live:     one engine waits at each of N manual steps (run --no-input --wait); this shell confirms each
#             step; the figure is the time from the decision being recorded to the engine going on, as the
#             engine's own events show it (printed by stepwise confirm: "went on X later").
#   baseline: the way without a waiting engine, measured in the same run: confirm, then stepwise resume,
#             from the decision to the next step waiting (a JVM start, the store opened, role checks).
# Usage: examples/bench/gate-bench.sh [N]   (default 10; needs ./mvnw -q -DskipTests package first)
set -euo pipefail
n=${1:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)
sw=$root/stepwise
work=$(mktemp -d)
engine=
cleanup() { if [ -n "$engine" ]; then kill "$engine" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
export STEPWISE_STORE=$work/runs.db
{
  printf 'procedure: gate-bench\ntitle: Gate bench\nroles:\n  box: this machine\nsteps:\n'
  for i in $(seq 1 "$n"); do printf '  - {id: g%d, on: box, manual: Step %d}\n' "$i" "$i"; done
} > "$work/p.yaml"
printf 'cluster: bench\nhosts:\n  - {name: here, roles: [box], connection: local}\n' > "$work/i.yaml"
now_ms() { date +%s%3N; }
to_ms() { # 412ms, 1.2s, 1m3s -> ms
  python3 -c 'import re,sys; s=sys.argv[1]; t=0
for v,u in re.findall(r"([0-9.]+)(ms|h|m|s)", s): t+=float(v)*{"ms":1,"s":1000,"m":60000,"h":3600000}[u]
print(int(t))' "$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

"$sw" run "$work/p.yaml" -i "$work/i.yaml" --run-id live --no-input --wait > "$work/engine.out" 2>&1 &
engine=$!
: > "$work/live.ms"
for i in $(seq 1 "$n"); do
  until grep -q "stepwise confirm live g$i " "$work/engine.out"; do sleep 0.05; done
  out=$("$sw" confirm live "g$i" --note bench)
  took=$(sed -n 's/.*went on \([^ ]*\) later.*/\1/p' <<< "$out")
  [ -n "$took" ] || { echo "no verdict for g$i: $out" >&2; exit 1; }
  to_ms "$took" >> "$work/live.ms"
done
wait "$engine"; engine=

: > "$work/base.ms"
"$sw" run "$work/p.yaml" -i "$work/i.yaml" --run-id base --no-input > /dev/null 2>&1 || true
for i in $(seq 1 "$n"); do
  "$sw" confirm base "g$i" --note bench > /dev/null
  t0=$(now_ms)
  "$sw" resume base --no-input > /dev/null 2>&1 || true
  echo $(( $(now_ms) - t0 )) >> "$work/base.ms"
done

printf '%-44s %10s %10s\n' "decision in another shell -> engine goes on" "median ms" "max ms"
printf '%-44s %10s %10s\n' "live: engine waiting (--wait), polls 0.5 s" "$(median < "$work/live.ms")" "$(sort -n "$work/live.ms" | tail -1)"
printf '%-44s %10s %10s\n' "baseline: confirm, then stepwise resume" "$(median < "$work/base.ms")" "$(sort -n "$work/base.ms" | tail -1)"
