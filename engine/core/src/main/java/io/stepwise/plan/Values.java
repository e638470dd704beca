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

    /** A param's value as a run starts with it, and where it came from ({@code -p}, inventory, default, ...). */
    public record Effective(String value, String source) {
    }

    /**
     * Every param of the plan's procedure, in the order declared, with its effective value and its source, as the
     * report lists them: {@code -p}, the inventory's {@code vars:}, hosts' {@code vars:} (one value per host), the
     * default, or none; a secret shows as {@code ****} with where it is read from.
     */
    public static Map<String, Effective> effective(Plan plan) {
        Map<String, Effective> out = new java.util.LinkedHashMap<>();
        for (Param p : plan.procedure().params().values()) {
            String name = p.name();
            if (p.secret()) {
                out.put(name, new Effective(Template.MASK, plan.params().containsKey(name)
                        ? "secret, from " + p.envName() + " or the prompt" : "secret, not given"));
            } else if (plan.params().containsKey(name)) {
                out.put(name, new Effective(plan.params().get(name), "given with -p"));
            } else if (plan.inventory().hosts().stream().anyMatch(h -> h.vars().containsKey(name))) {
                StringBuilder perHost = new StringBuilder();
                for (Host h : plan.inventory().hosts()) {
                    String v = h.vars().containsKey(name) ? h.vars().get(name)
                            : plan.inventory().vars().containsKey(name) ? plan.inventory().vars().get(name)
                            : p.defaultValue();
                    perHost.append(perHost.length() == 0 ? "" : ", ").append(h.name()).append(": ").append(v);
                }
                out.put(name, new Effective(perHost.toString(), "inventory, hosts' vars"));
            } else if (plan.inventory().vars().containsKey(name)) {
                out.put(name, new Effective(plan.inventory().vars().get(name), "inventory vars"));
            } else if (p.defaultValue() != null) {
                out.put(name, new Effective(p.defaultValue(), "default"));
            } else {
                out.put(name, new Effective("", "no value"));
            }
        }
        return out;
    }

    /** The secret values given for this plan (to mask them in output that was not rendered by us). */
    static Map<String, String> secrets(Plan plan) {
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
    static int mysqlPort(Host h) {
        return h.mysql() != null && h.mysql().port() != null ? h.mysql().port() : 3306;
    }
}
