package io.stepwise.model;

import java.time.Duration;
import java.util.Map;

/** What a step does. Each kind is a record; the runner switches over them. */
public sealed interface Action {
    /** Read-only actions may be re-run when in doubt. */
    boolean readOnly();

    /** A shell command run on the host ({@code run:}). Values templated into it are shell-quoted. */
    record Shell(String command, boolean readOnly) implements Action {
    }

    /**
     * SQL on the host's database ({@code sql:}). Templated values become bound parameters.
     * A statement is read-only when it starts with SELECT/SHOW (or {@code read_only: true}).
     */
    record Sql(String sql, String database, boolean readOnly) implements Action {
    }

    /** Poll {@code probe} every {@code interval} until {@code until} holds or {@code timeout}. */
    record Wait(Action probe, Expect until, Duration interval, Duration timeout) implements Action {
        @Override
        public boolean readOnly() {
            return true;
        }
    }

    /**
     * A person does something and confirms or rejects it.
     *
     * @param gate who may confirm and what they are shown ({@link Gate#OPEN} when the step says nothing)
     */
    record Manual(String instructions, Duration timeout, OnTimeout onTimeout, Gate gate) implements Action {
        public Manual {
            gate = gate == null ? Gate.OPEN : gate;
        }

        public Manual(String instructions, Duration timeout, OnTimeout onTimeout) {
            this(instructions, timeout, onTimeout, Gate.OPEN);
        }

        @Override
        public boolean readOnly() {
            return false;
        }

        /**
         * Without a gate, the text of the record before gates existed: a step's fingerprint hashes it, so a
         * run started by an older Stepwise still matches its unchanged procedure.
         */
        @Override
        public String toString() {
            String base = "Manual[instructions=" + instructions + ", timeout=" + timeout + ", onTimeout=" + onTimeout;
            return gate.equals(Gate.OPEN) ? base + "]" : base + ", gate=" + gate + "]";
        }
    }

    /** What happens when a manual step's timeout passes without an answer. */
    enum OnTimeout { PAUSE, FAIL }

    /**
     * Copy a file between hosts, verified with SHA-256 on both ends. {@code fromRole}/{@code toRole} null means
     * the step's own role; {@code "local"} is the engine's machine. {@code via} says who moves the bytes;
     * {@code compress} compresses them on the wire (zstd, else gzip). {@code run} (null: none) is a command on the
     * source host whose output is the file: it is written to {@code fromPath} (kept there) and sent to the target
     * as it is written, so the transfer overlaps the command ({@code via: direct} only).
     */
    record Copy(String fromRole, String fromPath, String toRole, String toPath, String mode, Via via,
                boolean compress, String run) implements Action {
        /** A copy streamed through the engine, uncompressed. */
        public Copy(String fromRole, String fromPath, String toRole, String toPath, String mode) {
            this(fromRole, fromPath, toRole, toPath, mode, Via.ENGINE, false);
        }

        /** A copy of a file that exists (no {@code run}). */
        public Copy(String fromRole, String fromPath, String toRole, String toPath, String mode, Via via,
                    boolean compress) {
            this(fromRole, fromPath, toRole, toPath, mode, via, compress, null);
        }

        /** As records print, without {@code run} when there is none (the fingerprint of earlier versions). */
        @Override
        public String toString() {
            String base = "Copy[fromRole=" + fromRole + ", fromPath=" + fromPath + ", toRole=" + toRole + ", toPath="
                    + toPath + ", mode=" + mode + ", via=" + via + ", compress=" + compress;
            return run == null ? base + "]" : base + ", run=" + run + "]";
        }

        @Override
        public boolean readOnly() {
            return false;
        }
    }

    /** Who moves a copy's bytes. */
    enum Via {
        /** Streamed through the engine's two SSH connections. */
        ENGINE,
        /** The source host sends them to the target itself with its own {@code ssh}, as the guide's scp does. */
        DIRECT
    }

    /** Reboot the host, see SSH go away and come back within {@code timeout}. */
    record Reboot(Duration timeout) implements Action {
        @Override
        public boolean readOnly() {
            return false;
        }
    }

    /** A replication operation in the server's own statement spelling. */
    record Replication(ReplicationOp op, Map<String, String> args) implements Action {
        @Override
        public boolean readOnly() {
            return op.readOnly();
        }
    }
}
