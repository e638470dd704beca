#!/usr/bin/env bash
# Benchmark: N trivial steps over SSH through Stepwise vs. the OpenSSH floor (one multiplexed
# connection, ControlMaster/ControlPersist), both against the same private sshd on 127.0.0.1.
#
#   examples/bench/ssh-bench.sh [N]          (default N=200)
#
# Prints wall time, per-step median and start-up cost for both sides, the ratio, and the JVM's peak
# RSS. The private sshd sets SHLVL=1 for every command so that bash skips root's ~/.bashrc on both
# sides, and offers curve25519-sha256 so neither side pays for OpenSSH 9.2's default key exchange.
# Set STEPWISE_BENCH_MODE=transport to measure the SSH transport alone (a small Java main) instead of
# `./stepwise run` (used automatically when `stepwise run` is not built). When ansible-playbook is installed
# (apt-get install -y ansible-core), the same N commands as an Ansible play are a third contender.
set -euo pipefail
N="${1:-200}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
jar="$repo/engine/cli/target/stepwise.jar"
bench_work stepwise-bench
bench_on_exit() { ssh -F /dev/null -o ControlPath="$work/cm" -O exit x 2>/dev/null || true; }
bench_jar

# --- a private sshd -------------------------------------------------------------------------
bench_sshd SHLVL=1 ed25519 ecdsa rsa

# bash's own clock (no process started per reading): microseconds as milliseconds
now_ms() { local t="${EPOCHREALTIME/./}"; echo "$((t / 1000)).$(printf '%03d' $((t % 1000)))"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) printf "%.2f", a[(NR+1)/2]; else printf "%.2f", (a[NR/2]+a[NR/2+1])/2}'; }

# --- the floor: OpenSSH, one multiplexed connection -----------------------------------------
sshopts=(-F /dev/null -p "$port" -i "$work/client" -o IdentitiesOnly=yes -o BatchMode=yes
  -o UserKnownHostsFile="$work/known_hosts" -o StrictHostKeyChecking=yes
  -o ControlMaster=auto -o ControlPath="$work/cm" -o ControlPersist=60)
f0="$(now_ms)"
ssh "${sshopts[@]}" "$user@127.0.0.1" true
f1="$(now_ms)"
starts=(); ends=()
for ((i = 1; i <= N; i++)); do
  starts+=("${EPOCHREALTIME/./}")
  ssh "${sshopts[@]}" "$user@127.0.0.1" "echo step-$i" > "$work/floor.out"
  ends+=("${EPOCHREALTIME/./}")
  [[ "$(< "$work/floor.out")" == "step-$i" ]] || { echo "bench: floor step $i printed '$(< "$work/floor.out")'" >&2; exit 1; }
done
f2="$(now_ms)"
for ((i = 0; i < N; i++)); do echo "$(( ends[i] - starts[i] ))"; done | awk '{printf "%.3f\n", $1/1000}' > "$work/floor.steps"
floor_wall="$(awk -v a="$f0" -v b="$f2" 'BEGIN {printf "%.0f", b-a}')"
floor_start="$(awk -v a="$f0" -v b="$f1" 'BEGIN {printf "%.0f", b-a}')"
floor_median="$(median < "$work/floor.steps")"

# --- Stepwise ---------------------------------------------------------------------------------
mode="${STEPWISE_BENCH_MODE:-run}"
if [[ "$mode" == run ]] && "$repo/stepwise" run --help 2>&1 | grep -q 'not built yet'; then
  echo "bench: 'stepwise run' is not built in this checkout; measuring the SSH transport alone" >&2
  mode=transport
fi
jvm_opts="${STEPWISE_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto}"
if [[ "$mode" == run ]]; then
  {
    echo "procedure: ssh-bench"
    echo "title: SSH benchmark"
    echo "roles: {bench: The host under test}"
    echo "steps:"
    for i in $(seq "$N"); do echo "  - {id: step-$i, on: bench, run: echo step-$i}"; done
  } > "$work/bench.yaml"
  cat > "$work/inventory.yaml" <<INV
cluster: bench
hosts:
  - {name: bench, address: 127.0.0.1, roles: [bench]}
ssh: {user: $user, port: $port, identity: $work/client, known_hosts: $work/known_hosts, use_config: false}
INV
  export STEPWISE_STORE="${STEPWISE_BENCH_STORE:-$work/runs.db}"
  # The launcher writes its start-up archive (CDS, or an AOT cache on Java 25+) on the first run after a
  # build (a one-time cost); measure the steady state an operator sees from the second run on, and show that cost.
  first_run=""
  if [[ ! "$(bench_archive)" -nt "$jar" ]]; then
    printf 'procedure: warm\ntitle: Warm-up\nroles: {bench: h}\nsteps:\n  - {id: w, on: bench, run: "true"}\n' > "$work/warm.yaml"
    w0="$(now_ms)"
    STEPWISE_STORE="$work/warm.db" "$repo/stepwise" run "$work/warm.yaml" -i "$work/inventory.yaml" --no-input \
      > /dev/null 2> "$work/warm.err" || { cat "$work/warm.err" >&2; exit 1; }
    first_run="$(awk -v a="$w0" -v b="$(now_ms)" 'BEGIN {printf "%.0f", b-a}')"
  fi
  s0="$(now_ms)"
  /usr/bin/time -v -o "$work/time.txt" "$repo/stepwise" run "$work/bench.yaml" -i "$work/inventory.yaml" --no-input --run-id bench-1 \
    > "$work/run.out" 2> "$work/run.err" || { cat "$work/run.err" >&2; exit 1; }
  s1="$(now_ms)"
  # per-step durations (started -> ended) as the run store recorded them
  "$repo/stepwise" status bench-1 --format json > "$work/status.json"
  python3 "$repo/examples/bench/step-times.py" < "$work/status.json" > "$work/sw.steps" || : > "$work/sw.steps"
  [[ -s "$work/sw.steps" ]] || echo "bench: no per-step times in 'stepwise status --format json'" >&2
  run_started="$(python3 "$repo/examples/bench/step-times.py" --started < "$work/status.json")"
else
  mkdir -p "$work/classes"
  javac -cp "$jar" -d "$work/classes" "$repo/examples/bench/SshBench.java"
  s0="$(now_ms)"
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$work/time.txt" java $jvm_opts -cp "$jar:$work/classes" SshBench \
    "$port" "$user" "$work/client" "$work/known_hosts" "$N" > "$work/transport.out"
  s1="$(now_ms)"
  awk '/^step /{print $2}' "$work/transport.out" > "$work/sw.steps"
fi
sw_wall="$(awk -v a="$s0" -v b="$s1" 'BEGIN {printf "%.0f", b-a}')"
sw_between="n/a"
if [[ -s "$work/sw.steps" ]]; then
  sw_median="$(median < "$work/sw.steps")"
  sw_sum="$(awk '{s+=$1} END {printf "%.0f", s}' "$work/sw.steps")"
  if [[ -n "${run_started:-}" ]]; then
    # start-up: launch until the run was created (JVM, loading, store); step 1 then includes the SSH connect
    sw_start="$(awk -v a="$s0" -v b="$run_started" 'BEGIN {printf "%.0f", b-a}')"
    sw_between="$(awk -v w="$sw_wall" -v s="$sw_start" -v t="$sw_sum" -v n="$N" 'BEGIN {printf "%.2f", (w-s-t)/n}')"
  else
    sw_start="$((sw_wall - sw_sum))"
  fi
else
  sw_median="n/a"; sw_start="n/a"
fi
# --- Ansible (a contender when ansible-playbook is installed; STEPWISE_BENCH_ANSIBLE=off skips it) ---------
# The same N commands as N tasks of one play, with what makes Ansible fastest over SSH: pipelining (no
# temp files per task), one multiplexed connection (ControlMaster/ControlPersist), no fact gathering.
ans_wall=""
if [[ "${STEPWISE_BENCH_ANSIBLE:-on}" != off ]] && command -v ansible-playbook >/dev/null 2>&1; then
  mkdir -p "$work/ansible"
  {
    echo "- hosts: bench"
    echo "  gather_facts: false"
    echo "  tasks:"
    for i in $(seq "$N"); do echo "    - {name: step-$i, ansible.builtin.command: echo step-$i}"; done
  } > "$work/ansible/play.yaml"
  echo "bench ansible_host=127.0.0.1 ansible_port=$port ansible_user=$user ansible_ssh_private_key_file=$work/client ansible_python_interpreter=$(command -v python3)" \
    > "$work/ansible/hosts"
  cat > "$work/ansible/ansible.cfg" <<CFG
[defaults]
inventory = $work/ansible/hosts
host_key_checking = True
forks = 1
stdout_callback = minimal
[ssh_connection]
pipelining = True
ssh_args = -F /dev/null -o IdentitiesOnly=yes -o UserKnownHostsFile=$work/known_hosts -o StrictHostKeyChecking=yes -o ControlMaster=auto -o ControlPersist=60s
control_path = $work/ansible-cm-%%h
CFG
  a0="$(now_ms)"
  if ANSIBLE_CONFIG="$work/ansible/ansible.cfg" ANSIBLE_LOCAL_TEMP="$work/ansible/tmp" ansible-playbook "$work/ansible/play.yaml" \
      > "$work/ansible.out" 2>&1; then
    ans_wall="$(awk -v a="$a0" -v b="$(now_ms)" 'BEGIN {printf "%.0f", b-a}')"
    [[ "$(grep -c 'CHANGED' "$work/ansible.out")" == "$N" ]] || { echo "bench: ansible ran $(grep -c CHANGED "$work/ansible.out") of $N tasks" >&2; ans_wall=""; }
  else
    echo "bench: ansible-playbook failed (skipping the contender):" >&2; tail -5 "$work/ansible.out" >&2
  fi
  ssh -F /dev/null -o ControlPath="$work/ansible-cm-127.0.0.1" -O exit x 2>/dev/null || true
fi

rss_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")"

printf '\nSSH benchmark: N=%s steps of `echo step-$i`, one private sshd on 127.0.0.1 (%s)\n' "$N" "$(ssh -V 2>&1)"
printf '%-34s %10s %14s %16s\n' "" "wall ms" "step median ms" "start-up ms"
printf '%-34s %10s %14s %16s\n' "OpenSSH floor (ControlMaster)" "$floor_wall" "$floor_median" "$floor_start"
printf '%-34s %10s %14s %16s\n' "Stepwise ($mode)" "$sw_wall" "$sw_median" "$sw_start"
printf 'ratio wall Stepwise/floor: %s   ratio step median: %s\n' \
  "$(awk -v a="$sw_wall" -v b="$floor_wall" 'BEGIN {printf "%.2f", a/b}')" \
  "$( [[ "$sw_median" == n/a ]] && echo n/a || awk -v a="$sw_median" -v b="$floor_median" 'BEGIN {printf "%.2f", a/b}')"
if [[ -n "$ans_wall" ]]; then
  printf '%-34s %10s   (pipelining, ControlPersist, no facts)\n' "Ansible $(ansible-playbook --version | sed -n '1s/.*core \([0-9.]*\).*/\1/p')" "$ans_wall"
  printf 'ratio wall Ansible/Stepwise: %s\n' "$(awk -v a="$ans_wall" -v b="$sw_wall" 'BEGIN {printf "%.1f", a/b}')"
fi
[[ "$sw_between" == n/a ]] || printf 'Stepwise bookkeeping between steps (run store): %s ms a step\n' "$sw_between"
[[ -z "${first_run:-}" ]] || printf 'first run after a build (1 step, writes %s, not timed above): %s ms\n' "$(basename "$(bench_archive)")" "$first_run"
printf 'JVM peak RSS: %s MB\n' "$(awk -v k="$rss_kb" 'BEGIN {printf "%.0f", k/1024}')"
