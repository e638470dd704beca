package io.stepwise.model;

import java.util.List;
import java.util.Map;

/**
 * One host of the inventory. {@code ssh} and {@code mysql} are already merged with the
 * inventory-wide settings (host values win).
 *
 * @param vars host variables, available to templates as {@code {{name}}} on this host's steps
 *             and as {@code {{host.ROLE.name}}}-style built-ins elsewhere
 */
public record Host(String name, String address, List<String> roles, Connection connection, SshSettings ssh,
                   MysqlSettings mysql, Map<String, String> vars, Mark mark) {

    /** How the engine reaches a host. */
    public enum Connection { SSH, LOCAL, MANUAL }
}
