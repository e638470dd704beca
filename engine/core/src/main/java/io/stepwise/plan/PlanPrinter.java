package io.stepwise.plan;

import io.stepwise.text.Template;

import io.stepwise.model.Action;
import io.stepwise.model.FinalCheck;
import io.stepwise.model.Host;
import io.stepwise.model.Param;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.RoleSpec;
import io.stepwise.model.Step;
import io.stepwise.text.Durations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A plan as text for {@code stepwise plan}: every step on every host in execution order, commands and SQL
 * rendered with the run's values, secrets as {@code ****}, captures not yet known as {@code <name from step>}.
 */
public final class PlanPrinter {
    private PlanPrinter() {
    }

    public static String render(Plan plan) {
        StringBuilder sb = new StringBuilder();
        var p = plan.procedure();
        var inv = plan.inventory();
        sb.append("Procedure ").append(p.name()).append(": ").append(p.title()).append('\n');
        sb.append("Inventory ").append(inv.source()).append(": cluster ").append(inv.cluster()).append(", ")
                .append(inv.hosts().size()).append(inv.hosts().size() == 1 ? " host" : " hosts").append('\n');
        Function<String, String> top = orPlaceholder(Values.resolver(plan, null, Map.of(), "<run id>", true));
        if (!p.params().isEmpty()) {
            sb.append("Params:\n");
            for (Param param : p.params().values()) {
                String v = top.apply(param.name());
                String origin = param.secret() ? "secret, asked at run time or STEPWISE_SECRET_" + param.name().toUpperCase(java.util.Locale.ROOT)
                        : plan.params().containsKey(param.name()) ? "given" : inv.vars().containsKey(param.name()) ? "inventory" : "default";
                sb.append("  ").append(param.name()).append(" = ").append(v == null ? "(per host)" : v).append("  (").append(origin)
                        .append(")\n");
            }
        }
        for (RoleSpec role : p.roles().values()) {
            List<Host> hosts = inv.hostsWithRole(role.name());
            sb.append("Role ").append(role.name()).append(": ").append(String.join(", ", hosts.stream().map(PlanPrinter::host).toList()))
                    .append('\n');
            for (Step check : role.checks()) {
                sb.append("  check ").append(check.title()).append(": ")
                        .append(ActionText.describe(check.action(), top)).append(" expect ").append(ActionText.expect(check.expect()))
                        .append('\n');
            }
        }
        Map<String, String> pending = new HashMap<>();
        int n = 0;
        for (PlannedStep ps : plan.steps()) {
            Step s = ps.step();
            sb.append('\n').append(++n).append(". ").append(s.id());
            if (!s.title().equals(s.id())) {
                sb.append(" - ").append(s.title());
            }
            sb.append("  [on ").append(s.on()).append(flags(s)).append("]\n");
            if (!s.needs().isEmpty()) {
                sb.append("   after: ").append(String.join(", ", s.needs())).append('\n');
            }
            for (Host h : ps.hosts()) {
                Map<String, String> captures = new HashMap<>(pending);
                Function<String, String> values = orPlaceholder(Values.resolver(plan, h, captures, "<run id>", true));
                String prefix = "   " + h.name() + ": ";
                if (s.when() != null) {
                    sb.append(prefix).append("only when ").append(Template.text(s.when(), values)).append('\n');
                }
                String text = ActionText.describe(s.action(), values);
                if (s.action() instanceof Action.Manual) {
                    sb.append(prefix).append("manual step, a person confirms or rejects:\n");
                    text.substring("manual: ".length()).lines().forEach(l -> sb.append("      | ").append(l).append('\n'));
                } else {
                    sb.append(prefix).append(text).append('\n');
                }
                if (s.expect() != null) {
                    sb.append("      expect ").append(ActionText.expect(s.expect())).append('\n');
                }
                if (s.verify() != null) {
                    sb.append("      verify when in doubt: ").append(ActionText.describe(s.verify(), values)).append('\n');
                }
            }
            for (String c : s.capture().keySet()) {
                pending.put(c, "<" + c + " from " + s.id() + ">");
            }
            if (!s.capture().isEmpty()) {
                sb.append("   captures: ").append(String.join(", ", s.capture().keySet())).append('\n');
            }
        }
        finalChecks(sb, plan, pending);
        return sb.toString();
    }

    private static void finalChecks(StringBuilder sb, Plan plan, Map<String, String> pending) {
        for (FinalCheck.Kind kind : FinalCheck.Kind.values()) {
            List<FinalCheck> checks = plan.procedure().finalChecks(kind);
            if (checks.isEmpty()) {
                continue;
            }
            sb.append('\n').append(kind == FinalCheck.Kind.POSTCONDITION
                    ? "Postconditions (must hold once every step is done; a failed one fails the run):"
                    : "State (recorded at the end, compared by stepwise rehearse):").append('\n');
            for (FinalCheck c : checks) {
                sb.append("  ").append(c.id()).append(c.title().equals(c.id()) ? "" : " - " + c.title())
                        .append("  [on ").append(c.on()).append("]\n");
                for (Host h : plan.inventory().hostsWithRole(c.on())) {
                    Function<String, String> values = orPlaceholder(Values.resolver(plan, h, new HashMap<>(pending),
                            "<run id>", true));
                    sb.append("   ").append(h.name()).append(": ").append(ActionText.describe(c.probe(), values))
                            .append('\n');
                }
                if (c.expect() != null) {
                    sb.append("      expect ").append(ActionText.expect(c.expect())).append('\n');
                }
                if (!c.capture().isEmpty()) {
                    sb.append("   compares: ").append(String.join(", ", c.capture().keySet())).append('\n');
                }
            }
        }
    }

    private static Function<String, String> orPlaceholder(Function<String, String> values) {
        return name -> {
            String v = values.apply(name);
            return v != null ? v : "<" + name + ">";
        };
    }

    private static String flags(Step s) {
        List<String> f = new ArrayList<>();
        if (s.optional()) {
            f.add("optional");
        }
        if (s.timeout() != null) {
            f.add("timeout " + Durations.format(s.timeout()));
        }
        if (s.retries() > 0) {
            f.add(s.retries() + " retries");
        }
        if (s.parallel() > 1) {
            f.add(s.parallel() + " hosts at once");
        }
        if (s.safeToRerun()) {
            f.add(s.readOnly() ? "read-only" : "idempotent");
        }
        return f.isEmpty() ? "" : "; " + String.join(", ", f);
    }

    private static String host(Host h) {
        String conn = h.connection().name().toLowerCase(java.util.Locale.ROOT);
        return h.name() + " (" + (h.address() == null ? "" : h.address() + ", ") + conn + ")";
    }
}
