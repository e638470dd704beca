package io.stepwise.model;

import java.util.List;
import java.util.Map;

/**
 * The real hosts of one cluster and how to reach them.
 *
 * @param vars cluster-wide variables, available to templates as {@code {{name}}}
 */
public record Inventory(String cluster, List<Host> hosts, SshSettings ssh, MysqlSettings mysql,
                        Map<String, String> vars, String source, String text) {
    public List<Host> hostsWithRole(String role) {
        return hosts.stream().filter(h -> h.roles().contains(role)).toList();
    }
}
