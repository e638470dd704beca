package io.stepwise.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.load.InventoryLoader;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Inventory;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.Procedure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints survive an upgrade: copies of the shipped procedures on a fixed inventory give exactly the fingerprints
 * recorded in {@code fingerprints/*.txt}, so a run started before an upgrade still matches its unchanged
 * procedure after it. Set {@code -Dstepwise.fingerprints.write=v0|v1} to (re)write a fixture file.
 */
class FingerprintFixtureTest {
    /** Copies of the shipped procedures as they were when the fixtures were written (the shipped ones change). */
    static final List<String> FILES = List.of("connectivity-check.yaml", "ha-install.yaml", "ha-status.yaml",
            "secondary-resync.yaml", "software-update.yaml", "quickstart.yaml");
    static final Map<String, String> HA_INSTALL = Map.ofEntries(Map.entry("new_master_hostname", "xop-a"),
            Map.entry("new_master_ip", "10.1.0.11"), Map.entry("new_master_netmask", "255.255.255.0"),
            Map.entry("new_master_gateway", "10.1.0.1"), Map.entry("new_secondary_hostname", "xop-b"),
            Map.entry("new_secondary_ip", "10.1.0.12"), Map.entry("new_secondary_netmask", "255.255.255.0"),
            Map.entry("new_secondary_gateway", "10.1.0.1"), Map.entry("new_dns1", "10.1.0.2"),
            Map.entry("old_master_ip", "10.1.0.21"), Map.entry("old_secondary_ip", "10.1.0.22"));

    static Map<String, Plan> plans() {
        Path inventoryFile = Path.of("src/test/resources/fingerprints/inventory.yaml");
        Inventory inventory = InventoryLoader.load(inventoryFile);
        Map<String, Plan> out = new LinkedHashMap<>();
        for (String f : FILES) {
            Procedure p = ProcedureLoader.read(Path.of("src/test/resources/fingerprints/procedures", f), inventory)
                    .orThrow();
            out.put(f, Planner.plan(p, inventory, f.endsWith("ha-install.yaml") ? HA_INSTALL : Map.of()));
        }
        return out;
    }

    static String table(Map<String, Plan> plans, java.util.function.BiFunction<Plan, PlannedStep, String> fp) {
        StringBuilder sb = new StringBuilder();
        plans.forEach((file, plan) -> plan.steps().forEach(s -> sb.append(file).append(' ').append(s.id()).append(' ')
                .append(fp.apply(plan, s)).append('\n')));
        return sb.toString();
    }

    static String check(String version, String actual) throws Exception {
        Path fixture = Path.of("src/test/resources/fingerprints/" + version + ".txt");
        if (version.equals(System.getProperty("stepwise.fingerprints.write"))) {
            Files.writeString(fixture, actual);
        }
        return Files.readString(fixture);
    }

    @Test
    void runsRecordedBeforeVersionsStillMatchTheirUnchangedProcedure() throws Exception {
        String actual = table(plans(), (plan, s) -> s.legacyFingerprint());
        assertThat(actual).as("the fingerprints Stepwise recorded before versions (v0.txt)")
                .isEqualTo(check("v0", actual));
        plans().values().forEach(plan -> plan.steps().forEach(s -> assertThat(s.matches(s.legacyFingerprint()))
                .as(s.id()).isTrue()));
    }

    @Test
    void versionOneFingerprintsAreStable() throws Exception {
        String actual = table(plans(), (plan, s) -> s.fingerprint());
        assertThat(actual).as("version 1 fingerprints (v1.txt): a change here would mark every recorded run changed;"
                + " give a new record field a null/false/0/empty default instead").isEqualTo(check("v1", actual));
    }

    @Test
    void aFieldWithItsDefaultLeavesTheCanonicalTextAsItWas() {
        Plan plan = plans().get("quickstart.yaml");
        PlannedStep s = plan.steps().get(0);
        assertThat(s.canonical()).startsWith("fingerprint=1\n").contains("step.id=" + s.id())
                .doesNotContain("title=").doesNotContain("=false").doesNotContain("=null").doesNotContain("mark");
    }
}
