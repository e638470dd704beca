package io.stepwise.load;

import io.stepwise.model.Action;
import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.Procedure;
import io.stepwise.model.RoleSpec;
import io.stepwise.model.Step;
import java.util.List;

/** A procedure against an inventory: every role has the hosts it needs, and automated steps can reach them. */
final class InventoryChecks {
    private InventoryChecks() {
    }

    static void against(Source src, Procedure p, Inventory inv) {
        for (RoleSpec role : p.roles().values()) {
            List<Host> hosts = inv.hostsWithRole(role.name());
            String where = " in inventory " + inv.source() + " (cluster " + inv.cluster() + ")";
            if (hosts.isEmpty()) {
                src.error(role.mark(), "role '" + role.name() + "' has no host" + where + ": add roles: [" + role.name()
                        + "] to the host that plays it");
            } else if (role.count() == 1 && hosts.size() > 1) {
                src.error(role.mark(), "role '" + role.name() + "' needs exactly one host, but " + hosts.size() + " have it" + where
                        + " (" + String.join(", ", hosts.stream().map(Host::name).toList())
                        + "): keep one, or declare the role with count: any");
            }
        }
        for (Step s : p.steps()) {
            if (s.action() instanceof Action.Manual m) {
                evidenceHosts(src, inv, s, m);
                continue;
            }
            if (s.action() == null) {
                continue;
            }
            for (Host h : inv.hostsWithRole(s.on())) {
                if (h.connection() == Host.Connection.MANUAL) {
                    src.error(s.mark(), "step '" + s.id() + "' is automated but runs on role '" + s.on() + "', whose host '"
                            + h.name() + "' has connection: manual; make it a manual: step or give the host ssh/local");
                }
            }
        }
    }

    private static void evidenceHosts(Source src, Inventory inv, Step s, Action.Manual m) {
        for (var e : m.gate().evidence()) {
            String role = e.on() != null ? e.on() : s.on();
            for (Host h : inv.hostsWithRole(role)) {
                if (h.connection() == Host.Connection.MANUAL) {
                    src.error(s.mark(), "step '" + s.id() + "': evidence '" + e.title() + "' runs on role '" + role
                            + "', whose host '" + h.name() + "' has connection: manual, so no probe reaches it; give the"
                            + " evidence on: ROLE with a host Stepwise reaches");
                }
            }
        }
    }
}
