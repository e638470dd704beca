package io.stepwise.store.internal;

import io.stepwise.store.Holder;
import io.stepwise.store.Lease;
import io.stepwise.store.LockedException;
import io.stepwise.store.RunState;
import io.stepwise.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Run leases and cluster locks. Every change is a compare-and-set on the row's {@code version} (or an
 * insert that fails on the primary key), inside one transaction: of two racing engines exactly one
 * writes; the other retries, sees the winner and is refused.
 */
final class LeaseKeeper {
    private static final int ATTEMPTS = 20;

    /** The outcome of one attempt, decided inside a transaction. */
    private sealed interface Decision {
    }

    private record Won(Lease lease) implements Decision {
    }

    private record Refused(String message, Holder holder) implements Decision {
    }

    /** Someone changed a row between our read and our write: roll back and look again. */
    private static final class LostRace extends RuntimeException {
        LostRace() {
            super("lost a lease race", null, false, false);
        }
    }

    Lease acquire(JdbiRunStore store, String runId, String cluster, Holder holder, Duration ttl, boolean exclusive)
            throws LockedException, StoreException {
        for (int attempt = 1; ; attempt++) {
            Decision d;
            try {
                Instant now = store.now();
                d = store.inTransaction("take the lease of run " + runId,
                        h -> decide(h, runId, cluster, holder, ttl, exclusive, now));
            } catch (LostRace e) {
                if (attempt >= ATTEMPTS) {
                    throw new StoreException("could not take the lease of run " + runId + " after " + ATTEMPTS
                            + " attempts: other engines keep changing it; try again");
                }
                continue;
            } catch (StoreException e) {
                if (!StoreDialect.isConflict(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            if (d instanceof Won won) {
                return won.lease();
            }
            Refused refused = (Refused) d;
            throw new LockedException(refused.message(), refused.holder());
        }
    }

    private Decision decide(Handle h, String runId, String cluster, Holder me, Duration ttl, boolean exclusive,
                            Instant now) {
        Optional<LeaseRow> runRow = LeaseRow.find(h, LeaseRow.runKey(runId));
        if (runRow.isPresent() && !runRow.get().takeableBy(me, now)) {
            return new Refused(runHeld(runId, runRow.get(), me), runRow.get().holder());
        }
        if (!exclusive) {
            String token = UUID.randomUUID().toString();
            write(h, runRow, LeaseRow.runKey(runId), "run", runId, cluster, me, token, now, ttl);
            return new Won(new Lease(runId, cluster, me, token, ttl));
        }
        Optional<LeaseRow> clusterRow = LeaseRow.find(h, LeaseRow.clusterKey(cluster));
        if (clusterRow.isPresent() && !clusterRow.get().runId().equals(runId)) {
            Optional<Decision> refusal = otherRunOfCluster(h, clusterRow.get(), me, now);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        String token = UUID.randomUUID().toString();
        write(h, runRow, LeaseRow.runKey(runId), "run", runId, cluster, me, token, now, ttl);
        write(h, clusterRow, LeaseRow.clusterKey(cluster), "cluster", runId, cluster, me, token, now, ttl);
        return new Won(new Lease(runId, cluster, me, token, ttl));
    }

    /** A refusal when the run holding the cluster lock is still unfinished; empty when its lock is stale. */
    private static Optional<Decision> otherRunOfCluster(Handle h, LeaseRow lock, Holder me, Instant now) {
        Optional<String> state = h.createQuery("SELECT state FROM runs WHERE id = :id").bind("id", lock.runId())
                .mapTo(String.class).findOne();
        Optional<LeaseRow> driver = LeaseRow.find(h, LeaseRow.runKey(lock.runId()));
        boolean driven = driver.isPresent() && !driver.get().takeableBy(me, now);
        boolean active = state.map(s -> RunState.valueOf(s).active()).orElse(driven);
        if (!active) {
            return Optional.empty();
        }
        String other = lock.runId();
        String how = driven
                ? "driven now by " + driver.get().holder()
                : "state " + state.orElse("starting") + ", no engine drives it now; last driven by " + lock.holder();
        return Optional.of(new Refused("cluster " + lock.cluster() + " already has an unfinished run " + other
                + " (" + how + "): one active run per cluster; finish it with `stepwise resume " + other
                + "` (or abandon it) before starting another run on " + lock.cluster(), lock.holder()));
    }

    private static String runHeld(String runId, LeaseRow row, Holder me) {
        Holder them = row.holder();
        String what = them.host().equals(me.host())
                ? "its process " + them.pid() + describe(them.pid()) + " is still alive on this machine: wait for it"
                + " to finish, or, once you checked it is that stepwise, stop it (kill " + them.pid() + ") and try again"
                : "wait for it to finish, or stop it on " + them.host() + "; if it died there, this lease can be"
                + " taken over once it expires at " + row.expiresAt() + " (last heartbeat " + row.heartbeatAt() + ")";
        return "run " + runId + " is driven by " + them + ": " + what;
    }

    /** The command and start time of a local process, when the system tells; pids are reused. */
    private static String describe(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::info)
                .map(i -> i.command().map(c -> " (" + c + i.startInstant().map(t -> ", started " + t).orElse("") + ")")
                        .orElse(""))
                .orElse("");
    }

    private static void write(Handle h, Optional<LeaseRow> old, String key, String kind, String runId, String cluster,
                              Holder me, String token, Instant now, Duration ttl) {
        String sql = old.isEmpty()
                ? "INSERT INTO leases (lock_key, kind, run_id, cluster, holder_user, holder_host, holder_pid,"
                + " holder_since, token, heartbeat_at, expires_at, version) VALUES (:k, :kind, :run, :cluster, :user,"
                + " :host, :pid, :since, :token, :now, :expires, 1)"
                : "UPDATE leases SET kind = :kind, run_id = :run, cluster = :cluster, holder_user = :user,"
                + " holder_host = :host, holder_pid = :pid, holder_since = :since, token = :token,"
                + " heartbeat_at = :now, expires_at = :expires, version = version + 1"
                + " WHERE lock_key = :k AND version = :version";
        int n = h.createUpdate(sql).bind("k", key).bind("kind", kind).bind("run", runId).bind("cluster", cluster)
                .bind("user", me.user()).bind("host", me.host()).bind("pid", me.pid())
                .bind("since", Times.format(me.since() == null ? now : me.since())).bind("token", token)
                .bind("now", Times.format(now)).bind("expires", Times.format(now.plus(ttl)))
                .bind("version", old.map(LeaseRow::version).orElse(0L)).execute();
        if (n != 1) {
            throw new LostRace();
        }
    }

    void heartbeat(JdbiRunStore store, Lease lease) throws LockedException, StoreException {
        Instant now = store.now();
        Optional<Refused> lost = store.inTransaction("renew the lease of run " + lease.runId(), h -> {
            int n = h.createUpdate("UPDATE leases SET heartbeat_at = :now, expires_at = :expires,"
                            + " version = version + 1 WHERE lock_key = :k AND token = :token")
                    .bind("now", Times.format(now)).bind("expires", Times.format(now.plus(lease.ttl())))
                    .bind("k", LeaseRow.runKey(lease.runId())).bind("token", lease.token()).execute();
            if (n == 1) {
                return Optional.empty();
            }
            Optional<LeaseRow> current = LeaseRow.find(h, LeaseRow.runKey(lease.runId()));
            String who = current.map(r -> "was taken over by " + r.holder()).orElse("is no longer held by this engine");
            return Optional.of(new Refused("the lease of run " + lease.runId() + " " + who
                    + ": this engine stopped driving it; see `stepwise status " + lease.runId() + "`",
                    current.map(LeaseRow::holder).orElse(null)));
        });
        if (lost.isPresent()) {
            throw new LockedException(lost.get().message(), lost.get().holder());
        }
    }

    static void release(Handle h, Lease lease) {
        h.createUpdate("DELETE FROM leases WHERE lock_key = :k AND token = :token")
                .bind("k", LeaseRow.runKey(lease.runId())).bind("token", lease.token()).execute();
    }

    static void releaseCluster(Handle h, String runId) {
        h.createUpdate("DELETE FROM leases WHERE kind = 'cluster' AND run_id = :id").bind("id", runId).execute();
    }
}
