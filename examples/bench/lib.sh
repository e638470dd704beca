# What the benchmark scripts in this folder share; sourced by them, not run:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# It sets repo (the checkout's root) and gives:
#   bench_work PREFIX     a fresh directory $work under /tmp, and at exit: the processes in bench_pids stopped,
#                         bench_on_exit run (when the script defines it), $work removed (kept and named on
#                         stderr with STEPWISE_BENCH_KEEP=1)
#   bench_jar             builds engine/cli/target/stepwise.jar when it is missing or older than a main source,
#                         resource or pom of the engine (a benchmark never times a stale build; tests do not count)
#   bench_sshd SETENV TYPE...  a private sshd on 127.0.0.1 for this user, host keys of TYPEs, SetEnv SETENV
#                         for its sessions; sets port, user; writes $work/client (the client key) and
#                         $work/known_hosts
#   bench_warm ROLE INVENTORY  one untimed run of a one-step procedure on ROLE: the launcher writes its
#                         start-up archive on the first run after a build
#   bench_archive         the start-up archive the launcher writes for the java it will pick: stepwise.aot (an AOT
#                         cache) on Java 25 and newer, else stepwise.jsa (a class-data-sharing archive)
#   free_port             a free TCP port on 127.0.0.1
#   now                   bash's own clock (no process started per reading), in ms
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench_pids=()

bench_work() {
  work="$(mktemp -d "/tmp/$1.XXXXXX")"
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if declare -F bench_on_exit > /dev/null; then bench_on_exit; fi
  if [[ -n "${STEPWISE_BENCH_KEEP:-}" ]]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi
}

bench_jar() { # builds the jar when it is missing or older than a main source, resource or pom of the engine
  local jar="$repo/engine/cli/target/stepwise.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$repo/pom.xml" "$repo/engine" -path '*/target' -prune -o -type f \
      \( -path '*/src/main/*' -o -name 'pom.xml' \) -newer "$jar" -print -quit)" ]]; then
    echo "bench: building the jar (missing or older than the sources)" >&2
    (cd "$repo" && ./mvnw -B -q -DskipTests package)
  fi
}

bench_sshd() { # SETENV TYPE...
  local setenv="$1" t
  shift
  [[ -x /usr/sbin/sshd ]] || { echo "bench: /usr/sbin/sshd is missing (apt-get install openssh-server)" >&2; exit 2; }
  port="$(free_port)"
  user="$(id -un)"
  for t in "$@"; do ssh-keygen -q -t "$t" -N '' -C '' -f "$work/host_$t"; done
  ssh-keygen -q -t ed25519 -N '' -C bench -f "$work/client"
  cp "$work/client.pub" "$work/authorized_keys"
  for t in "$@"; do echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/host_$t.pub")"; done > "$work/known_hosts"
  {
    echo "Port $port"
    echo "ListenAddress 127.0.0.1"
    echo "PidFile $work/sshd.pid"
    for t in "$@"; do echo "HostKey $work/host_$t"; done
    cat <<CONF
AuthorizedKeysFile $work/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org
MaxSessions 10
SetEnv $setenv
Subsystem sftp internal-sftp
CONF
  } > "$work/sshd_config"
  mkdir -p /run/sshd
  /usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$work/sshd.log" &
  bench_pids+=($!)
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
}

bench_archive() {
  local release feature
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    release="$JAVA_HOME/release"
  else
    release="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/release"
  fi
  feature="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2> /dev/null || true)"
  if [[ -n "$feature" ]] && ((feature >= 25)); then
    echo "$repo/engine/cli/target/stepwise.aot"
  else
    echo "$repo/engine/cli/target/stepwise.jsa"
  fi
}

bench_warm() { # ROLE INVENTORY
  printf 'procedure: warm\ntitle: Warm-up\nroles: {%s: h}\nsteps:\n  - {id: w, on: %s, run: "true"}\n' "$1" "$1" \
    > "$work/warm.yaml"
  "$repo/stepwise" run "$work/warm.yaml" -i "$2" --no-input > /dev/null 2> "$work/warm.err" \
    || { echo "bench: the warm-up run failed:" >&2; cat "$work/warm.err" >&2; exit 1; }
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

now() { local t="${EPOCHREALTIME/./}"; echo "$((t / 1000))"; }
