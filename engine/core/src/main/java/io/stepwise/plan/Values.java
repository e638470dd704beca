package io.stepwise.plan;

import io.stepwise.text.Template;

import io.stepwise.model.Host;
import io.stepwise.model.Param;
import io.stepwise.model.Plan;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The value of {@code {{name}}} for a step on one host. Precedence for a plain name: captures, then values
 * given with {@code -p}, then the host's {@code vars:}, the inventory's {@code vars:}, then the param's default.
 * Dotted names are built-ins: {@code host.name|address|mysql_port|VAR}, {@code roles.ROLE.name|address|mysql_port|VAR};
 * plus {@code run_id} and {@code cluster}. Unknown names give null.
 */
public final class Values {
    private Values() {
    }

    /**
     * A resolver for {@link Template}.
     *
     * @param mask when true, secret params are shown as {@code ****}
     */
    public static Function<String, String> resolver(Plan plan, Host host, Map<String, String> captures, String runId,
                                                    boolean mask) {
        return name -> {
            if (captures.containsKey(name)) {
                return captures.get(name);
            }
            if (name.equals("run_id")) {
                return runId;
            }
            if (name.equals("cluster")) {
                return plan.inventory().cluster();
            }
            if (name.startsWith("host.")) {
                return host == null ? null : field(plan, host, name.substring(5));
            }
            if (name.startsWith("roles.")) {
                String[] parts = name.split("\\.", 3);
                if (parts.length < 3) {
                    return null;
                }
                List<Host> hosts = plan.inventory().hostsWithRole(parts[1]);
                return hosts.size() == 1 ? field(plan, hosts.get(0), parts[2]) : null;
            }
            Param p = plan.procedure().params().get(name);
            if (p != null && p.secret() && mask) {
                return Template.MASK;
            }
            if (plan.params().containsKey(name)) {
                return plan.params().get(name);
            }
            if (host != null && host.vars().containsKey(name)) {
                return host.vars().get(name);
            }
            if (plan.inventory().vars().containsKey(name)) {
                return plan.inventory().vars().get(name);
            }
            return p == null ? null : p.defaultValue();
        };
    }

    /** The secret values given for this plan (to mask them in output that was not rendered by us). */
    public static Map<String, String> secrets(Plan plan) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        plan.procedure().params().values().stream().filter(Param::secret)
                .filter(p -> plan.params().get(p.name()) != null).forEach(p -> out.put(p.name(), plan.params().get(p.name())));
        return out;
    }

    static String field(Plan plan, Host h, String field) {
        return switch (field) {
            case "name" -> h.name();
            case "address" -> h.address();
            case "mysql_port" -> String.valueOf(mysqlPort(h));
            default -> h.vars().get(field);
        };
    }

    /** The host's database port: inventory {@code mysql.port}, default 3306. */
    public static int mysqlPort(Host h) {
        return h.mysql() != null && h.mysql().port() != null ? h.mysql().port() : 3306;
    }
}
