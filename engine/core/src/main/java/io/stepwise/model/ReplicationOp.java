package io.stepwise.model;

/** Replication operations a step may ask for; the dialect picks the statement per server version. */
public enum ReplicationOp {
    SOURCE_POSITION("source-position", true),
    STATUS("status", true),
    START("start", false),
    STOP("stop", false),
    RESET("reset", false),
    CHANGE_SOURCE("change-source", false);

    private final String yamlName;
    private final boolean readOnly;

    ReplicationOp(String yamlName, boolean readOnly) {
        this.yamlName = yamlName;
        this.readOnly = readOnly;
    }

    public String yamlName() {
        return yamlName;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public static ReplicationOp byName(String name) {
        for (ReplicationOp op : values()) {
            if (op.yamlName.equals(name)) {
                return op;
            }
        }
        return null;
    }
}
