package io.stepwise.run;

import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.Plan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a step's templates see on one host (FORMAT.md "Variables"): inventory vars, the host's
 * vars, params, captured values, and the built-ins ({@code run_id}, {@code cluster}, {@code host.*},
 * {@code roles.<role>.*}), after param defaults. Later sources win in that order.
 */
public final class Bindings {
    private Bindings() {
    }

    public static Map<String, String> forHost(Plan plan, String runId, Host host, Map<String, String> captures) {
        Inventory inv = plan.inventory();
        Map<String, String> v = new HashMap<>();
        plan.procedure().params().values().forEach(p -> {
            if (p.defaultValue() != null) {
                v.put(p.name(), p.defaultValue());
            }
        });
        putAll(v, inv.vars());
        if (host != null) {
            putAll(v, host.vars());
        }
        putAll(v, plan.params());
        putAll(v, captures);
        v.put("run_id", runId);
        v.put("cluster", inv.cluster());
        if (host != null) {
            hostValues(v, "host.", host, inv);
        }
        for (String role : plan.procedure().roles().keySet()) {
            List<Host> hosts = inv.hostsWithRole(role);
            if (hosts.size() == 1) {
                hostValues(v, "roles." + role + ".", hosts.get(0), inv);
            }
        }
        return v;
    }

    private static void hostValues(Map<String, String> v, String prefix, Host host, Inventory inv) {
        if (host.vars() != null) {
            host.vars().forEach((k, val) -> v.put(prefix + k, val));
        }
        v.put(prefix + "name", host.name());
        v.put(prefix + "address", address(host));
        v.put(prefix + "mysql_port", String.valueOf(mysqlPort(host, inv)));
    }

    /** The host's address; local hosts default to 127.0.0.1. */
    public static String address(Host host) {
        if (host.address() != null) {
            return host.address();
        }
        return host.connection() == Host.Connection.SSH ? host.name() : "127.0.0.1";
    }

    /** The host's database port: its mysql.port, the inventory's, or 3306. */
    public static int mysqlPort(Host host, Inventory inv) {
        if (host.mysql() != null && host.mysql().port() != null) {
            return host.mysql().port();
        }
        if (inv.mysql() != null && inv.mysql().port() != null) {
            return inv.mysql().port();
        }
        return 3306;
    }

    private static void putAll(Map<String, String> target, Map<String, String> source) {
        if (source != null) {
            source.forEach((k, val) -> {
                if (val != null) {
                    target.put(k, val);
                }
            });
        }
    }
}
