#!/usr/bin/env bash
# Benchmark: a file copied between two inventory hosts by a `copy:` step vs. OpenSSH doing the same,
# all against one private sshd on 127.0.0.1 in the same run, one contender after the other.
#
#   examples/bench/copy-bench.sh [MB] [ROUNDS]      (default 1024 MB of random bytes, 1 round)
#
# Contenders (the baselines first in every round):
#   ssh pipe         ssh src 'cat F' | ssh dst 'cat > G'        (the issue's baseline for via: engine)
#   scp on source    ssh src 'scp F dst:G'                      (the guide's command; baseline for via: direct)
#   scp gcm          ssh src 'scp -c aes128-gcm@openssh.com F dst:G'   (reference: the cipher a direct copy offers first
#                    on a CPU with AES instructions; scp's default is chacha20-poly1305)
#   stepwise engine  ./stepwise run: copy {from: src:F, to: dst:G}                  (SHA-256 on both ends)
#   stepwise direct  ./stepwise run: copy {from: src:F, to: dst:G, via: direct}     (SHA-256 on both ends)
# For Stepwise it prints the copy step's own time (from the run store) and the whole command's wall time
# (JVM start, store, SSH connect included), and the JVM's peak RSS. Ratios compare with the baseline of
# the same round. The load average is printed with the figures: on a shared machine, read them with it.
set -euo pipefail
MB="${1:-1024}"
ROUNDS="${2:-1}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_work stepwise-copybench
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
bench_jar

# --- a private sshd; its sessions find an ssh/scp config of the bench (the "hosts' own trust") -----------
bench_sshd "SHLVL=1 PATH=$work/bin:/usr/local/bin:/usr/bin:/bin" ed25519
mkdir -p "$work/bin" "$work/src" "$work/dst"
cat > "$work/ssh_config" <<CONF
Host *
  IdentityFile $work/client
  IdentitiesOnly yes
  UserKnownHostsFile $work/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
CONF
printf '#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' "$work/ssh_config" > "$work/bin/ssh"
chmod 755 "$work/bin/ssh"
S=(ssh -F "$work/ssh_config" -p "$port" "$user@127.0.0.1")

# --- the file, the procedure, the inventory --------------------------------------------------------------
head -c "$((MB * 1024 * 1024))" /dev/urandom > "$work/src/data.bin"
bytes="$(stat -c %s "$work/src/data.bin")"
for via in engine direct; do
  cat > "$work/copy-$via.yaml" <<YAML
procedure: copy-bench-$via
title: Copy benchmark ($via)
roles: {src: The host that has the file, dst: The host that receives it}
steps:
  - {id: copy, on: dst, copy: {from: "src:$work/src/data.bin", to: "dst:$work/dst/stepwise-$via.bin", via: $via}}
YAML
done
cat > "$work/inventory.yaml" <<INV
cluster: copy-bench
hosts:
  - {name: src, address: 127.0.0.1, roles: [src]}
  - {name: dst, address: 127.0.0.1, roles: [dst]}
ssh: {user: $user, port: $port, identity: $work/client, known_hosts: $work/known_hosts, use_config: false}
INV
export STEPWISE_STORE="$work/runs.db"
bench_warm src "$work/inventory.yaml"

drop() { rm -f "$work"/dst/*; sync; }
declare -A wall step rss
run_stepwise() { # via round
  local id="bench-$1-$2" t0 t1
  drop
  t0="$(now)"
  /usr/bin/time -v -o "$work/time.txt" "$repo/stepwise" run "$work/copy-$1.yaml" -i "$work/inventory.yaml" \
    --no-input --run-id "$id" > "$work/run.out" 2>&1 || { cat "$work/run.out" >&2; exit 1; }
  t1="$(now)"
  cmp -s "$work/src/data.bin" "$work/dst/stepwise-$1.bin" || { echo "bench: stepwise $1 copy differs" >&2; exit 1; }
  wall[$1]=$((t1 - t0))
  step[$1]="$("$repo/stepwise" status "$id" --format json | python3 "$repo/examples/bench/step-times.py" | head -1 | awk "{printf \"%.0f\", \$1}")"
  rss[$1]="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")"
}
timed() { # command...: prints ms
  local t0; drop; t0="$(now)"; "$@"; echo $(( $(now) - t0 ))
}
pipe_copy() { "${S[@]}" "cat -- $work/src/data.bin" | "${S[@]}" "cat > $work/dst/pipe.bin"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
mbs() { awk -v b="$bytes" -v ms="$1" 'BEGIN {printf "%.0f", b/1e6/(ms/1000)}'; }

printf '\nCopy benchmark: %s MB (%s bytes, random), one private sshd on 127.0.0.1, %s, %s cores\n' \
  "$MB" "$bytes" "$(ssh -V 2>&1)" "$(nproc)"
for ((r = 1; r <= ROUNDS; r++)); do
  load0="$(cut -d' ' -f1-3 /proc/loadavg)"
  pipe_ms="$(timed pipe_copy)"
  cmp -s "$work/src/data.bin" "$work/dst/pipe.bin" || { echo "bench: the ssh pipe's copy differs" >&2; exit 1; }
  scp_ms="$(timed "${S[@]}" "scp -q -F $work/ssh_config -P $port $work/src/data.bin $user@127.0.0.1:$work/dst/scp.bin")"
  cmp -s "$work/src/data.bin" "$work/dst/scp.bin" || { echo "bench: scp's copy differs" >&2; exit 1; }
  # scp with the cipher a direct copy offers first on a CPU with AES instructions (see DirectCopy.SSH): for reference
  gcm_ms="$(timed "${S[@]}" "scp -q -c aes128-gcm@openssh.com -F $work/ssh_config -P $port $work/src/data.bin $user@127.0.0.1:$work/dst/scp.bin")"
  run_stepwise engine "$r"
  run_stepwise direct "$r"
  load1="$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '\nround %s (load average before: %s, after: %s)\n' "$r" "$load0" "$load1"
  printf '%-38s %9s %8s %9s %14s %9s\n' "" "ms" "MB/s" "ratio" "whole cmd ms" "RSS MB"
  printf '%-38s %9s %8s %9s %14s %9s\n' "ssh src cat | ssh dst 'cat >'" "$pipe_ms" "$(mbs "$pipe_ms")" "1.00" "-" "-"
  printf '%-38s %9s %8s %9s %14s %9s\n' "scp run on the source" "$scp_ms" "$(mbs "$scp_ms")" "1.00" "-" "-"
  printf '%-38s %9s %8s %9s %14s %9s\n' "stepwise copy (via engine) / pipe" "${step[engine]}" \
    "$(mbs "${step[engine]}")" "$(ratio "${step[engine]}" "$pipe_ms")" "${wall[engine]}" "${rss[engine]}"
  printf '%-38s %9s %8s %9s %14s %9s\n' "stepwise copy (via direct) / scp" "${step[direct]}" \
    "$(mbs "${step[direct]}")" "$(ratio "${step[direct]}" "$scp_ms")" "${wall[direct]}" "${rss[direct]}"
  printf '%-38s %9s %8s %9s %14s %9s\n' "scp -c aes128-gcm (reference)" "$gcm_ms" "$(mbs "$gcm_ms")" \
    "$(ratio "$gcm_ms" "$scp_ms")" "-" "-"
  printf '%-38s %9s %8s %9s %14s %9s\n' "stepwise copy (via direct) / scp gcm" "${step[direct]}" \
    "$(mbs "${step[direct]}")" "$(ratio "${step[direct]}" "$gcm_ms")" "-" "-"
done
