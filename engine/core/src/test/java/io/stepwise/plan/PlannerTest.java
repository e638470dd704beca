package io.stepwise.plan;

import io.stepwise.text.Template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.load.InventoryLoader;
import io.stepwise.load.LoadException;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Inventory;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.Procedure;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
    static final String PROC = """
            procedure: p
            title: P
            roles: {a: first, b: second}
            params: {x: {description: needed}}
            steps:
              - {id: one, on: a, run: "echo {{x}}"}
              - {id: two, on: b, needs: [three], run: echo two}
              - {id: three, on: a, needs: [], run: echo three}
              - {id: four, on: b, run: echo four}
            """;
    static final String INV = """
            cluster: c
            hosts:
              - {name: h1, address: 10.0.0.1, roles: [a]}
              - {name: h2, address: 10.0.0.2, roles: [b]}
            """;

    @Test
    void ordersByNeedsWithFileOrderAsTieBreak() {
        Plan plan = Planner.plan(proc(PROC), inv(INV), Map.of("x", "1"));
        assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("one", "three", "two", "four");
        assertThat(plan.steps().get(0).hosts()).extracting(h -> h.name()).containsExactly("h1");
        assertThat(plan.steps().get(0).fingerprint()).startsWith(Fingerprints.VERSION + ":").hasSize(66);
    }

    @Test
    void fingerprintChangesWithTheDefinitionAndTheHostsButNotWithPosition() {
        Plan a = Planner.plan(proc(PROC), inv(INV), Map.of("x", "1"));
        Plan moved = Planner.plan(proc(PROC.replace("steps:\n", "steps:\n\n\n")), inv(INV), Map.of("x", "1"));
        Plan edited = Planner.plan(proc(PROC.replace("echo two", "echo 2")), inv(INV), Map.of("x", "1"));
        Plan rehosted = Planner.plan(proc(PROC), inv(INV.replace("10.0.0.2", "10.0.0.9")), Map.of("x", "1"));
        assertThat(moved.steps().get(2).fingerprint()).isEqualTo(a.steps().get(2).fingerprint());
        assertThat(edited.steps().get(2).fingerprint()).isNotEqualTo(a.steps().get(2).fingerprint());
        assertThat(edited.steps().get(0).fingerprint()).isEqualTo(a.steps().get(0).fingerprint());
        assertThat(rehosted.steps().get(2).fingerprint()).isNotEqualTo(a.steps().get(2).fingerprint());
    }

    @Test
    void fingerprintCoversVariableValuesAndHostSettingsButNotSecretsOrCaptures() {
        String proc = """
                procedure: p
                title: P
                roles: {a: first}
                params: {dir: /root, pw: {secret: true}}
                steps:
                  - {id: one, on: a, run: "echo {{dir}} {{host.nic}}", capture: {v: "(.)"}}
                  - {id: two, on: a, run: "echo {{v}} {{pw}}"}
                """;
        String inv = """
                cluster: c
                hosts:
                  - {name: h1, address: 10.0.0.1, roles: [a], vars: {nic: eth0}}
                """;
        Plan base = Planner.plan(proc(proc), inv(inv), Map.of("pw", "x"));
        Plan otherVar = Planner.plan(proc(proc), inv(inv.replace("eth0", "eth1")), Map.of("pw", "x"));
        Plan clusterVar = Planner.plan(proc(proc), inv(inv + "vars: {dir: /srv}\n"), Map.of("pw", "x"));
        Plan otherPort = Planner.plan(proc(proc), inv(inv + "ssh: {port: 2222}\n"), Map.of("pw", "x"));
        Plan otherSecret = Planner.plan(proc(proc), inv(inv), Map.of("pw", "y"));
        assertThat(otherVar.steps().get(0).fingerprint()).isNotEqualTo(base.steps().get(0).fingerprint());
        assertThat(clusterVar.steps().get(0).fingerprint()).isNotEqualTo(base.steps().get(0).fingerprint());
        assertThat(otherPort.steps().get(1).fingerprint()).isNotEqualTo(base.steps().get(1).fingerprint());
        assertThat(otherSecret.steps().get(1).fingerprint()).isEqualTo(base.steps().get(1).fingerprint());
        assertThat(otherVar.steps().get(1).fingerprint()).isEqualTo(base.steps().get(1).fingerprint());
    }

    @Test
    void missingRequiredParamIsAClearError() {
        assertThatThrownBy(() -> Planner.plan(proc(PROC), inv(INV), Map.of()))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("param 'x' has no value: give -p x=VALUE (needed)");
    }

    @Test
    void unknownParamIsAnError() {
        assertThatThrownBy(() -> Planner.plan(proc(PROC), inv(INV), Map.of("x", "1", "y", "2")))
                .isInstanceOf(LoadException.class).hasMessageContaining("has no param 'y'");
    }

    @Test
    void rendersValuesPerHost() {
        Plan plan = Planner.plan(proc(PROC), inv(INV), Map.of("x", "it's"));
        var values = Values.resolver(plan, plan.steps().get(0).hosts().get(0), Map.of(), "r1", true);
        assertThat(Template.shell("echo {{x}}", values)).isEqualTo("echo 'it'\\''s'");
    }

    static Procedure proc(String yaml) {
        return ProcedureLoader.parse("p.yaml", yaml, null).orThrow();
    }

    static Inventory inv(String yaml) {
        return InventoryLoader.parse("i.yaml", yaml).orThrow();
    }
}
