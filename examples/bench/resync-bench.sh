#!/usr/bin/env bash
# Benchmark: procedures/secondary-resync.yaml vs. the guide's own commands typed over ssh, on the lab
# pair (examples/lab/up), one after the other on the same data.
#
#   examples/bench/resync-bench.sh [MB] [ROUNDS]   (default 200 MB of rows loaded into xopdb on the primary; 1 round)
#
# It starts a lab, loads ~MB of rows into xopdb on the primary only (not binary-logged: the secondary is
# behind, as one that needs a resync is), then times:
#   guide by hand   the guide's section 3.2 as a person types it in open ssh sessions (one multiplexed
#                   connection per host, so no handshake per command): dump the secondary's system_parms,
#                   one consistent dump on the primary, scp to the secondary (run on the primary), stop and
#                   reset the replica, ll the dump (3.2.4), stop voxd and webd, load both files, CHANGE MASTER
#                   TO with the dump's coordinates, start, look at SHOW SLAVE STATUS until both threads run,
#                   start voxd and webd (3.2.7), and make a change on the primary and look for it on the
#                   secondary until it is there (3.2.8's check; the person's change is a row, taken back after).
#                   It also prints the part earlier versions of this benchmark timed (3.2.1-3.2.6 without
#                   the ll and the service stop) and the ratio against that;
#   stepwise        ./stepwise run procedures/secondary-resync.yaml on the lab inventory, until it stops at
#                   its last step (the manual look at the HA page, which the guide's person does as well);
#                   per-step times from the run store.
# Each round times both, one after the other (the guide first in odd rounds, the procedure first in even ones), and
# prints their ratio; more rounds show the spread.
# STEPWISE_BENCH_KEEP=1 keeps the lab (its directory is printed).
set -euo pipefail
MB="${1:-200}"
ROUNDS="${2:-1}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_work stepwise-resyncbench
lab_out="$work/lab.out"
LAB=""
bench_on_exit() {
  if [[ -n "$LAB" ]]; then
    for h in primary secondary; do ssh -F /dev/null -o ControlPath="$LAB/cm-$h" -O exit x 2>/dev/null || true; done
    if [[ -n "${STEPWISE_BENCH_KEEP:-}" ]]; then echo "bench: kept the lab in $LAB" >&2
    else "$repo/examples/lab/down" "$LAB" >/dev/null 2>&1 || true; fi
  fi
}
bench_jar

"$repo/examples/lab/up" > "$lab_out" 2>&1 || { cat "$lab_out" >&2; exit 1; }
LAB="$(sed -n 's/^Stepwise lab is up in //p' "$lab_out")"
[[ -d "$LAB" ]] || { cat "$lab_out" >&2; exit 1; }
prop() { sed -n "s/^$1=//p" "$LAB/lab.properties"; }
P_SSH="$(prop primary.ssh_port)"; S_SSH="$(prop secondary.ssh_port)"; P_DB="$(prop primary.db_port)"
user="$(id -un)"
ssh_to() { # host command
  local port; [[ $1 == primary ]] && port=$P_SSH || port=$S_SSH
  ssh -F /dev/null -p "$port" -i "$LAB/ssh/client_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o UserKnownHostsFile="$LAB/ssh/known_hosts" -o StrictHostKeyChecking=yes \
    -o ControlMaster=auto -o ControlPath="$LAB/cm-$1" -o ControlPersist=300 "$user@127.0.0.1" "$2"
}
PH="$LAB/primary/home"; SH="$LAB/secondary/home"

# --- ~MB of rows on the primary only ----------------------------------------------------------------
rows=$((MB * 1024))   # ~1 KiB a row
ssh_to primary "mysql xopdb" <<SQL
SET sql_log_bin = 0;
CREATE TABLE bench_rows (id INT PRIMARY KEY AUTO_INCREMENT, payload VARCHAR(1000)) ENGINE=InnoDB;
INSERT INTO bench_rows (payload) VALUES (CONCAT(MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND())));
SQL
while :; do
  n="$(ssh_to primary "mysql -N -B xopdb -e 'SELECT COUNT(*) FROM bench_rows'")"
  ((n >= rows)) && break
  ssh_to primary "mysql xopdb -e 'SET sql_log_bin = 0; INSERT INTO bench_rows (payload) SELECT CONCAT(MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND())) FROM bench_rows LIMIT $((rows - n))'"
done
ssh_to primary "mysqldump xopdb > /dev/null"   # the first dump warms the page cache for both contenders
dump_mb="$(ssh_to primary "mysqldump --single-transaction --master-data=2 xopdb | wc -c" | awk '{printf "%.0f", $1/1e6}')"
zstd_mb="$(ssh_to primary "mysqldump --single-transaction --master-data=2 xopdb | zstd -1 -q -c | wc -c" | awk '{printf "%.0f", $1/1e6}')"

export STEPWISE_STORE="$LAB/bench-runs.db"
export STEPWISE_SECRET_REPL_PASSWORD="$(cat "$LAB/secrets/repl")"
bench_warm secondary "$LAB/inventory.yaml"

printf '\nResync benchmark: %s MB of rows on the primary, a %s MB dump (%s MB with zstd -1); lab pair on 127.0.0.1 (MariaDB %s), %s cores, %s round(s)\n' \
  "$MB" "$dump_mb" "$zstd_mb" "$(ssh_to primary "mysql -N -B -e 'SELECT VERSION()'")" "$(nproc)" "$ROUNDS"

round() { # round number
  local r=$1 load0 load1 g0 g1 guide_ms narrow_ms s0 s1 sw_ms rc file pos p0 first phases=() extra=()
  phase() { local t; t="$(now)"; phases+=("$(printf '  %-34s %9s' "$1" $((t - p0)))"); p0="$t"; }
  load0="$(cut -d' ' -f1-3 /proc/loadavg)"

  # --- the guide by hand -------------------------------------------------------------------------------
  by_hand() {
    g0="$(now)"; p0="$g0"
    ssh_to secondary "mysqldump -udbadmin xopdb system_parms > $SH/system_parms.sql"; phase "dump system_parms"
    ssh_to primary "mysqldump -udbadmin --single-transaction --master-data=2 xopdb > $PH/master_db.sql"; phase "dump on the primary"
    ssh_to primary "scp -q -F $LAB/primary/ssh_config $PH/master_db.sql 127.0.0.1:$SH/"; phase "scp"
    ssh_to secondary "mysql -e 'stop slave; reset slave'"; phase "stop, reset slave"
    ssh_to secondary "ls -l $SH/master_db.sql" > /dev/null; phase "3.2.4 ll master_db.sql"; extra+=("${phases[-1]}")
    ssh_to secondary "service voxd stop; service webd stop" > /dev/null; phase "3.2.5 stop voxd, webd"; extra+=("${phases[-1]}")
    ssh_to secondary "mysql xopdb < $SH/master_db.sql && mysql xopdb < $SH/system_parms.sql"; phase "load both files"
    read -r file pos < <(ssh_to secondary "grep -m1 -o \"MASTER_LOG_FILE='[^']*', MASTER_LOG_POS=[0-9]*\" $SH/master_db.sql" \
      | sed -E "s/MASTER_LOG_FILE='([^']*)', MASTER_LOG_POS=([0-9]*)/\1 \2/")
    ssh_to secondary "mysql -e \"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$P_DB, MASTER_USER='repl', MASTER_PASSWORD='$(cat "$LAB/secrets/repl")', MASTER_LOG_FILE='$file', MASTER_LOG_POS=$pos; start slave\""
    until ssh_to secondary "mysql -e 'show slave status\\G'" | grep -q 'Slave_SQL_Running: Yes' \
      && ssh_to secondary "mysql -e 'show slave status\\G'" | grep -q 'Slave_IO_Running: Yes'; do :; done
    phase "change master, start, status"
    ssh_to secondary "service voxd start; service webd start" > /dev/null; phase "3.2.7 start voxd, webd"; extra+=("${phases[-1]}")
    # 3.2.8: a change on the primary, looked for on the secondary until it is there, then taken back
    ssh_to primary "mysql xopdb -e \"CREATE TABLE IF NOT EXISTS bench_marker (id VARCHAR(64) PRIMARY KEY); REPLACE INTO bench_marker VALUES ('round-$r')\""
    until [[ "$(ssh_to secondary "mysql -N -B xopdb -e \"SELECT COUNT(*) FROM bench_marker WHERE id = 'round-$r'\"" 2>/dev/null)" == 1 ]]; do :; done
    ssh_to primary "mysql xopdb -e \"DELETE FROM bench_marker WHERE id = 'round-$r'\""
    phase "3.2.8 a change arrives on the member"; extra+=("${phases[-1]}")
    g1="$(now)"
    guide_ms=$((g1 - g0))
    # the commands earlier rounds of this benchmark timed (3.2.1-3.2.6 without the ll and the service stop)
    narrow_ms=$guide_ms
    for x in "${extra[@]}"; do narrow_ms=$((narrow_ms - ${x##* })); done
  }

  # --- the procedure -----------------------------------------------------------------------------------
  procedure() {
    s0="$(now)"
    set +e
    "$repo/stepwise" run "$repo/procedures/secondary-resync.yaml" -i "$LAB/inventory.yaml" --no-input \
      --run-id "resync-bench-$r" > "$LAB/bench-run-$r.out" 2>&1
    rc=$?
    set -e
    s1="$(now)"
    [[ $rc == 3 ]] || { echo "bench: the procedure ended with exit $rc, not 3 (paused at its manual step):" >&2; tail -30 "$LAB/bench-run-$r.out" >&2; exit 1; }
    sw_ms=$((s1 - s0))
  }

  # Odd rounds time the guide first, even rounds the procedure: neither always runs right after the other's
  # 200 MB load (whose pages the secondary may still be writing out).
  if ((r % 2 == 1)); then first="the guide by hand"; by_hand; procedure
  else first="stepwise"; procedure; by_hand; fi
  load1="$(cut -d' ' -f1-3 /proc/loadavg)"

  printf '\n--- round %s, %s first (load average before: %s, after: %s)\n' "$r" "$first" "$load0" "$load1"
  printf '%-44s %10s\n' "" "wall ms"
  printf '%-52s %10s\n' "guide's commands by hand (ssh, multiplexed)" "$guide_ms"
  printf '%-52s %10s\n' "  of which 3.2.1-3.2.6 as timed before (no ll, no svc)" "$narrow_ms"
  printf '%-52s %10s\n' "stepwise run secondary-resync" "$sw_ms"
  ratios+=("$(awk -v a="$sw_ms" -v b="$guide_ms" 'BEGIN {printf "%.2f", a/b}')")
  guides+=("$guide_ms"); sws+=("$sw_ms")
  printf 'ratio stepwise/guide: %s   (stepwise/3.2.1-3.2.6 only: %s)\n' \
    "${ratios[-1]}" \
    "$(awk -v a="$sw_ms" -v b="$narrow_ms" 'BEGIN {printf "%.2f", a/b}')"
  printf '\nThe guide by hand, per command (ms):\n'
  printf '%s\n' "${phases[@]}"
  printf '\nStepwise per step (ms, from the run store), and the time outside the steps:\n'
  "$repo/stepwise" status "resync-bench-$r" --format json | python3 -c '
import json, sys
from datetime import datetime
launch, wall = int(sys.argv[1]), int(sys.argv[2])
doc = json.load(sys.stdin)
rows = doc if isinstance(doc, list) else doc.get("steps") or doc.get("rows") or []
total = 0.0
for r in rows:
    ms = r.get("durationMs", r.get("duration_ms"))
    name = r.get("step") or r.get("id") or r.get("stepId") or "?"
    if ms is not None and r.get("state") != "waiting_for_person":
        total += float(ms)
        print(f"  {name:<34} {float(ms):>9.0f}")
print("  %-34s %9.0f" % ("steps together", total))
print("  %-34s %9.0f   (JVM start, store, logins, role checks, between steps)" % ("outside the steps", wall - total))
started = doc.get("started") if isinstance(doc, dict) else None
if started:
    head, _, tail = started.replace("Z", "").partition(".")
    t = datetime.fromisoformat(head + "+00:00").timestamp() + float("0." + (tail or "0"))
    print("  %-34s %9.0f   (JVM start, loading, store open, plan)" % ("launch -> run created", t * 1000 - launch))
' "$s0" "$sw_ms"
  # the run pauses at its manual step and holds the cluster: give it up (after reading its times: abandoning
  # ends the waiting step) so that the next round can start
  "$repo/stepwise" abandon "resync-bench-$r" --note "resync-bench round $r done" > /dev/null 2>&1 || true
}

ratios=(); guides=(); sws=()
for ((r = 1; r <= ROUNDS; r++)); do round "$r"; done
# the rounds together: each ratio, the median and how many are within the target (1.1x)
printf '\nall rounds, stepwise/guide: %s\n' "${ratios[*]}"
printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR] = $1; if ($1 <= 1.10) k++}
  END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
       printf "median %.2f, within 1.1x in %d of %d rounds\n", m, k, NR}'
# How far the guide's own time moves from round to round on this machine (the same commands on the same data):
# a per-round ratio cannot be read closer than that. And what Stepwise adds, in ms (its time minus the guide's).
if ((ROUNDS > 1)); then
  spread() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%d-%d ms, median %d ms (%+.0f%% / %+.0f%% of the median)", v[1], v[NR], m, (v[1] / m - 1) * 100, (v[NR] / m - 1) * 100}'; }
  printf 'the guide by hand across the rounds: %s\n' "$(spread "${guides[@]}")"
  printf 'stepwise across the rounds:          %s\n' "$(spread "${sws[@]}")"
  diffs=(); for i in "${!sws[@]}"; do diffs+=($((sws[i] - guides[i]))); done
  printf 'stepwise minus the guide, per round: %s ms; median %s ms\n' "${diffs[*]}" \
    "$(printf '%s\n' "${diffs[@]}" | sort -n | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')"
fi
