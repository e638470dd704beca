#!/usr/bin/env bash
# Benchmark: the web console (stepwise serve) on a large run store, next to the floors measured in the same run.
#
#   examples/bench/console-bench.sh [RUNS] [EVENTS_PER_RUN] [REQUESTS]   (default 1000 runs x 200 events, 50 requests)
#
# It creates a SQLite run store through stepwise (so its schema is the current one), fills it in one
# transaction with RUNS runs of a 66-step procedure (RUNS x EVENTS_PER_RUN events: started, each step
# running -> succeeded -> a captured value, and a line of output per step), starts ./stepwise serve on a free
# loopback port, signs in with curl, and times REQUESTS requests of each of:
#   static css       GET /static/console.css: the HTTP floor of the same server (no store, no template)
#   sqlite3 runs     sqlite3 reading the runs list as the runs page does (the store floor, process start included)
#   sqlite3 events   sqlite3 reading one run's events (the store floor of a run page)
#   runs page        GET /runs: every run, filtered and sorted, rendered
#   run page         GET /runs/ID: events, step rows, output tails, SVG graph, rendered
#   live fragment    GET /runs/ID/live: what a run page polls every second
# (each after 20 untimed requests of the same path), and the serve process's resident memory (VmRSS) idle
# after start and idle after the requests.
# STEPWISE_BENCH_KEEP=1 keeps the work directory.
set -euo pipefail
RUNS="${1:-1000}"
PER_RUN="${2:-200}"
REQUESTS="${3:-50}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_work stepwise-consolebench
for bin in sqlite3 curl python3; do
  command -v "$bin" >/dev/null || { echo "bench: $bin is missing (apt-get install $bin)" >&2; exit 2; }
done
bench_jar
export STEPWISE_STORE="$work/runs.db"
steps=$(( (PER_RUN - 2) / 3 ))

# --- a procedure and inventory the runs refer to (the run page plans them, as for a real run) -----------
{
  echo "procedure: bench"; echo "title: Console bench"; echo "roles:"; echo "  box: this machine"; echo "steps:"
  for ((i = 1; i <= steps; i++)); do
    echo "  - id: step-$i"; echo "    on: box"; echo "    run: echo value-$i"; echo "    capture: {v$i: \"(value-[0-9]+)\"}"
  done
} > "$work/bench.yaml"
printf 'cluster: %s\nhosts:\n  - {name: here, roles: [box], connection: local}\n' bench > "$work/local.yaml"

# --- the store: created and migrated by stepwise, filled by one SQL transaction -------------------------
token="$("$repo/stepwise" operator add bench | tail -1)"
t0=$(date +%s.%N)
python3 - "$work" "$RUNS" "$steps" <<'PY' | sqlite3 "$STEPWISE_STORE"
import sys, json
work, runs, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def q(s): return "'" + s.replace("'", "''") + "'"
print("BEGIN;")
fps = json.dumps({f"step-{i}": f"fp{i}" for i in range(1, steps + 1)})
for r in range(runs):
    rid = f"bench-{r:05d}"
    day, sec = divmod(r * 37, 86400)
    t = lambda s: f"2026-11-{1 + (day % 27):02d}T{(sec + s) // 3600 % 24:02d}:{(sec + s) // 60 % 60:02d}:{(sec + s) % 60:02d}.000000000Z"
    state = "PAUSED" if r % 50 == 0 else "FINISHED"
    cluster = f"cluster-{r % 20}"
    print(f"INSERT INTO runs (id, procedure_name, cluster, procedure_file, inventory_file, operator, started_at, params_json,"
          f" procedure_fp, inventory_fp, step_fps_json, state, current_step, updated_at) VALUES ({q(rid)}, 'bench', {q(cluster)},"
          f" {q(work + '/bench.yaml')}, {q(work + '/local.yaml')}, 'carol', {q(t(0))}, '{{}}', 'p', 'i', {q(fps)}, {q(state)},"
          f" {q('step-' + str(steps))}, {q(t(steps * 2))});")
    seq = 1
    rows = [f"({q(rid)}, 1, {q(t(0))}, 'RUN_STARTED', NULL, NULL, NULL, 0, 'carol', NULL, '{{}}')"]
    for i in range(1, steps + 1):
        for kind, st, data in (("STEP_STATE", "RUNNING", "{}"), ("STEP_STATE", "SUCCEEDED", '{"exit":"0"}'),
                               ("CAPTURED", None, json.dumps({f"v{i}": f"value-{i}"}))):
            seq += 1
            rows.append(f"({q(rid)}, {seq}, {q(t(i * 2))}, {q(kind)}, {q('step-' + str(i))}, 'here',"
                        f" {q(st) if st else 'NULL'}, 1, NULL, NULL, {q(data)})")
    seq += 1
    rows.append(f"({q(rid)}, {seq}, {q(t(steps * 2 + 1))}, 'RUN_STATE', NULL, NULL, NULL, 0, NULL, NULL, '{{}}')")
    print("INSERT INTO events (run_id, seq, at_time, type, step_id, host, state, attempt, actor, note, data_json) VALUES "
          + ", ".join(rows) + ";")
    print("INSERT INTO outputs (run_id, step_id, host, attempt, stream, content, bytes, truncated) VALUES "
          + ", ".join(f"({q(rid)}, {q('step-' + str(i))}, 'here', 1, 'stdout', 'value-{i}\n', 8, 0)" for i in range(1, steps + 1)) + ";")
print("COMMIT;")
PY
t1=$(date +%s.%N)
events=$(sqlite3 "$STEPWISE_STORE" "SELECT COUNT(*) FROM events")
nruns=$(sqlite3 "$STEPWISE_STORE" "SELECT COUNT(*) FROM runs")
size=$(du -m "$STEPWISE_STORE" | cut -f1)
printf 'store: %s runs, %s events, %s MB (filled in %.1f s)\n' "$nruns" "$events" "$size" "$(echo "$t1 - $t0" | bc)"

# --- serve, sign in --------------------------------------------------------------------------------------
port="$(free_port)"
"$repo/stepwise" serve --listen "127.0.0.1:$port" --procedures "$work" > "$work/serve.out" 2>&1 &
serve_pid=$!
bench_pids+=("$serve_pid")
for _ in $(seq 1 600); do grep -q "stepwise console on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
grep -q "stepwise console on" "$work/serve.out" || { cat "$work/serve.out" >&2; exit 1; }
base="http://127.0.0.1:$port"
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$serve_pid/status"; }
sleep 2
rss_start=$(rss)
jar="$work/cookies"
csrf=$(curl -s -c "$jar" -b "$jar" "$base/signin" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "token=$token" "$base/signin")
[[ "$code" == 303 ]] || { echo "bench: sign-in answered $code" >&2; exit 1; }
(( RUNS >= 1 )) || { echo "bench: RUNS must be at least 1" >&2; exit 2; }
run="$(printf 'bench-%05d' $(( RUNS / 2 )))"     # a run from the middle of the store (bench-00500 of 1,000)

median() { sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m}'; }
p90() { sort -n | awk '{a[NR]=$1} END {i = int(NR * 0.9); if (i < 1) i = 1; printf "%.1f", a[i]}'; }
time_http() {   # PATH -> one line of milliseconds per request
  for ((i = 0; i < 20; i++)); do curl -s -o /dev/null -b "$jar" "$base$1"; done
  for ((i = 0; i < REQUESTS; i++)); do
    curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "$base$1"
  done | awk '{printf "%.2f\n", $1 * 1000}'
}
time_sql() {    # SQL -> milliseconds per sqlite3 invocation
  for ((i = 0; i < REQUESTS; i++)); do
    s=$(date +%s%N); sqlite3 "$STEPWISE_STORE" "$1" > /dev/null; e=$(date +%s%N)
    echo "$(( (e - s) / 1000 ))" | awk '{printf "%.2f\n", $1 / 1000}'
  done
}
check() { curl -s -b "$jar" "$base$1" | grep -c "$2" || true; }
[[ "$(check /runs "$run")" -ge 1 ]] || { echo "bench: the runs page does not list $run" >&2; exit 1; }
[[ "$(check "/runs/$run" "step-$steps")" -ge 1 ]] || { echo "bench: the run page does not show step-$steps" >&2; exit 1; }
bytes_runs=$(curl -s -b "$jar" "$base/runs" | wc -c)
bytes_run=$(curl -s -b "$jar" "$base/runs/$run" | wc -c)

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $REQUESTS requests each after 20 untimed"
printf '%-16s %10s %10s  %s\n' "" "median ms" "p90 ms" "what"
row() { local name="$1" what="$2"; shift 2; local f="$work/t.$RANDOM"; "$@" > "$f"
  printf '%-16s %10s %10s  %s\n' "$name" "$(median < "$f")" "$(p90 < "$f")" "$what"; }
row "static css" "HTTP floor of the same server" time_http /static/console.css
row "sqlite3 runs" "store floor: the runs list" time_sql "SELECT * FROM runs ORDER BY started_at DESC"
row "sqlite3 events" "store floor: one run's events" time_sql "SELECT * FROM events WHERE run_id = '$run' ORDER BY seq"
row "runs page" "$nruns runs, $bytes_runs bytes" time_http /runs
row "run page" "$steps steps, $PER_RUN events, $bytes_run bytes" time_http "/runs/$run"
row "live fragment" "what the run page polls" time_http "/runs/$run/live"
sleep 5
echo "serve RSS: ${rss_start} MB idle after start, $(rss) MB idle after the requests (VmRSS of pid $serve_pid)"
