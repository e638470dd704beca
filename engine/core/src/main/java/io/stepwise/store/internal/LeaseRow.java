package io.stepwise.store.internal;

import io.stepwise.store.Holder;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** One row of the {@code leases} table: a run's lease ({@code run:ID}) or a cluster's lock ({@code cluster:NAME}). */
record LeaseRow(String lockKey, String kind, String runId, String cluster, Holder holder, String token,
                Instant heartbeatAt, Instant expiresAt, long version) {

    static String runKey(String runId) {
        return "run:" + runId;
    }

    static String clusterKey(String cluster) {
        return "cluster:" + cluster;
    }

    static Optional<LeaseRow> find(Handle h, String lockKey) {
        return h.createQuery("SELECT * FROM leases WHERE lock_key = :k").bind("k", lockKey)
                .map((rs, ctx) -> new LeaseRow(rs.getString("lock_key"), rs.getString("kind"), rs.getString("run_id"),
                        rs.getString("cluster"),
                        new Holder(rs.getString("holder_user"), rs.getString("holder_host"), rs.getLong("holder_pid"),
                                Times.parse(rs.getString("holder_since"))),
                        rs.getString("token"), Times.parse(rs.getString("heartbeat_at")),
                        Times.parse(rs.getString("expires_at")), rs.getLong("version")))
                .findOne();
    }

    /** Whether {@code me} may take this lease over: its pid is gone on my host, or it expired elsewhere. */
    boolean takeableBy(Holder me, Instant now) {
        if (holder.host().equals(me.host())) {
            return ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true);
        }
        return !now.isBefore(expiresAt);
    }
}
