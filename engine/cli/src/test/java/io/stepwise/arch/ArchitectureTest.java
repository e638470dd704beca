package io.stepwise.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of the main code point one way, as {@link #ARROWS} says and docs/architecture.md draws:
 * a backwards arrow, a cycle, or a CLI import outside the facade fails the build.
 */
class ArchitectureTest {
    /** Each layer and the packages it holds. */
    static final Map<String, String[]> LAYERS = new LinkedHashMap<>();
    /** Each layer and the layers it may use (besides itself). */
    static final Map<String, List<String>> ARROWS = new LinkedHashMap<>();

    static {
        layer("cli", List.of("web", "facade"), "io.stepwise.cli..");
        // the web console (its own module); it should come to use the facade only
        layer("web", List.of("facade", "access", "view", "run", "plan", "load", "store", "model", "text"),
                "io.stepwise.web..");
        layer("facade", List.of("access", "notify", "rehearse", "view", "run", "plan", "load", "replication", "store", "transport",
                "transport_impl", "model", "text"), "io.stepwise");
        layer("access", List.of("store"), "io.stepwise.access..");
        layer("rehearse", List.of("view", "run", "plan", "load", "store", "model", "text"), "io.stepwise.rehearse..");
        layer("notify", List.of("run", "model", "text"), "io.stepwise.notify..");
        layer("view", List.of("store", "model", "text"), "io.stepwise.view..");
        layer("run", List.of("view", "plan", "replication", "store", "transport", "model", "text"), "io.stepwise.run..");
        layer("plan", List.of("load", "model", "text"), "io.stepwise.plan..");
        layer("load", List.of("model", "text"), "io.stepwise.load..");
        layer("replication", List.of("transport", "model"), "io.stepwise.replication..");
        layer("store", List.of("model"), "io.stepwise.store..");
        layer("transport_impl", List.of("transport", "model"), "io.stepwise.transport.local..",
                "io.stepwise.transport.ssh..", "io.stepwise.transport.sql..");
        layer("transport", List.of("model"), "io.stepwise.transport");
        layer("model", List.of(), "io.stepwise.model..");
        layer("text", List.of(), "io.stepwise.text..");
    }

    private static JavaClasses main;

    private static void layer(String name, List<String> uses, String... packages) {
        LAYERS.put(name, packages);
        ARROWS.put(name, uses);
    }

    @BeforeAll
    static void importMainCode() {
        // core comes as its jar or its classes directory; its test jar and every test-classes are left out
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        main = new ClassFileImporter().withImportOption(mainOnly).importPackages("io.stepwise");
        assertThat(main.stream().map(c -> c.getPackageName()).distinct().count())
                .as("classes of every package found").isGreaterThan(10);
    }

    @Test
    void everyArrowPointsDownTheTable() {
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (var e : LAYERS.entrySet()) {
            arch = arch.layer(e.getKey()).definedBy(e.getValue());
        }
        for (String target : LAYERS.keySet()) {
            List<String> users = new ArrayList<>();
            ARROWS.forEach((from, uses) -> {
                if (uses.contains(target)) {
                    users.add(from);
                }
            });
            arch = users.isEmpty() ? arch.whereLayer(target).mayNotBeAccessedByAnyLayer()
                    : arch.whereLayer(target).mayOnlyBeAccessedByLayers(users.toArray(String[]::new));
        }
        arch.check(main);
    }

    @Test
    void noPackageCycles() {
        // a stage with its internal package (store with store.internal, Jdbi style) is one slice
        slices().matching("io.stepwise.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void theCliImportsOnlyTheFacadeTheConsoleAndPicocli() {
        ArchRule rule = ArchRuleDefinition.classes().that().resideInAPackage("io.stepwise.cli..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.stepwise", "io.stepwise.cli..",
                        "io.stepwise.web", "picocli..", "java..");
        rule.check(main);
    }

    @Test
    void storeInternalsStayInTheStore() {
        ArchRuleDefinition.noClasses().that().resideOutsideOfPackage("io.stepwise.store..")
                .should().dependOnClassesThat().resideInAPackage("io.stepwise.store.internal..").check(main);
    }

    @Test
    void theDiagramInTheDocsIsTheTable() throws Exception {
        Path doc = Path.of(System.getProperty("stepwise.repo", "../.."), "docs", "architecture.md");
        Matcher block = Pattern.compile("(?s)<!-- arrows: checked by ArchitectureTest -->\\s*```mermaid\\n(.*?)```")
                .matcher(Files.readString(doc));
        assertThat(block.find()).as(doc + " has the arrows block").isTrue();
        TreeSet<String> drawn = new TreeSet<>();
        Matcher edge = Pattern.compile("(?m)^\\s*([\\w]+)\\s*-->\\s*([\\w]+)\\s*$").matcher(block.group(1));
        while (edge.find()) {
            drawn.add(edge.group(1) + " --> " + edge.group(2));
        }
        TreeSet<String> table = new TreeSet<>();
        ARROWS.forEach((from, uses) -> uses.forEach(to -> table.add(from + " --> " + to)));
        assertThat(drawn).as("arrows drawn in docs/architecture.md").isEqualTo(table);
    }
}
