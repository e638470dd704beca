package io.stepwise.model;

/**
 * How to reach a host's database. By default through a local port forward on the host's SSH
 * session to {@code 127.0.0.1:port} on the host; {@code direct} connects to {@code host:port} itself.
 *
 * @param password a secret reference, never a literal in the store
 * @param database default database for SQL steps (the guide's writes replicate only with it set)
 */
public record MysqlSettings(String user, SecretRef password, String host, Integer port, String database,
                            Boolean direct) {
    public static final MysqlSettings EMPTY = new MysqlSettings(null, null, null, null, null, null);

    public MysqlSettings orElse(MysqlSettings fallback) {
        return new MysqlSettings(user != null ? user : fallback.user, password != null ? password : fallback.password,
                host != null ? host : fallback.host, port != null ? port : fallback.port,
                database != null ? database : fallback.database, direct != null ? direct : fallback.direct);
    }
}
