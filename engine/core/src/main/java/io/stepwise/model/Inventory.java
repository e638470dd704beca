package io.stepwise.model;

import java.util.List;
import java.util.Map;

/**
 * The real hosts of one cluster and how to reach them.
 *
 * @param vars      cluster-wide variables, available to templates as {@code {{name}}}
 * @param rehearsal {@code rehearsal: true}: a cluster that exists to be broken and reset (the lab), the only
 *                  kind {@code stepwise rehearse} runs on
 */
public record Inventory(String cluster, List<Host> hosts, SshSettings ssh, MysqlSettings mysql,
                        Map<String, String> vars, String source, String text, boolean rehearsal) {
    /** An inventory of a real cluster (not marked for rehearsal). */
    public Inventory(String cluster, List<Host> hosts, SshSettings ssh, MysqlSettings mysql,
                     Map<String, String> vars, String source, String text) {
        this(cluster, hosts, ssh, mysql, vars, source, text, false);
    }

    public List<Host> hostsWithRole(String role) {
        return hosts.stream().filter(h -> h.roles().contains(role)).toList();
    }

    /** The database a host's SQL uses when a step names none: the host's {@code mysql.database}, else the inventory's. */
    public String defaultDatabase(Host host) {
        if (host.mysql() != null && host.mysql().database() != null) {
            return host.mysql().database();
        }
        return mysql == null ? null : mysql.database();
    }

    /** The hosts with a role that Stepwise reaches itself (ssh or local): a {@code connection: manual} host is left out. */
    public List<Host> reachedHostsWithRole(String role) {
        return hostsWithRole(role).stream().filter(h -> h.connection() != Host.Connection.MANUAL).toList();
    }
}
