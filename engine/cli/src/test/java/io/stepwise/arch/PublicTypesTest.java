package io.stepwise.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A type is public only when main code of another package (or module, or a web template) uses it: what a
 * stage keeps to itself is package-private, so its API is what its public types say. Tests do not count: a
 * test of a package's internals lives in that package.
 */
class PublicTypesTest {
    /**
     * Public only as the type of a lambda or method reference in another package: javac needs them public,
     * but ArchUnit does not see a lambda's interface as a dependency.
     */
    static final Set<String> LAMBDA_TARGETS = Set.of("io.stepwise.transport.ssh.KeyPassphrases");

    private static JavaClasses main;
    /** Top-level types that a class of another package depends on (directly or through a nested type). */
    private static final Set<String> USED_OUTSIDE = new HashSet<>();

    @BeforeAll
    static void importMainCode() {
        // core and web as jars or classes directories, and web's precompiled templates; no test code
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        main = new ClassFileImporter().withImportOption(mainOnly).importPackages("io.stepwise", "gg.jte.generated");
        for (JavaClass from : main) {
            for (Dependency d : from.getDirectDependenciesFromSelf()) {
                JavaClass to = topLevel(d.getTargetClass().getBaseComponentType());
                if (!to.getPackageName().equals(topLevel(from).getPackageName())) {
                    USED_OUTSIDE.add(to.getName());
                }
            }
        }
        assertThat(USED_OUTSIDE).as("the CLI uses the facade").contains("io.stepwise.Engine");
        for (String name : LAMBDA_TARGETS) {
            assertThat(main.get(name).getModifiers()).as(name + " is still a public type")
                    .contains(JavaModifier.PUBLIC);
            assertThat(USED_OUTSIDE).as(name + " needs no exception any more").doesNotContain(name);
        }
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) {
            t = t.getEnclosingClass().get();
        }
        return t;
    }

    @Test
    void everyPublicTypeIsUsedOutsideItsPackage() {
        ArchRuleDefinition.classes().that().arePublic().and().areTopLevelClasses()
                .and().resideInAPackage("io.stepwise..").and(DescribedPredicate.not(launchedByName()))
                .and(DescribedPredicate.describe("not a lambda target", c -> !LAMBDA_TARGETS.contains(c.getName())))
                .should(beUsedOutsideTheirPackage()).check(main);
    }

    /** A class the JVM launcher or the build starts by its name ({@code main}) is public for that alone. */
    private static DescribedPredicate<JavaClass> launchedByName() {
        return DescribedPredicate.describe("started by name", c -> c.getMethods().stream()
                .anyMatch(m -> m.getName().equals("main") && m.getModifiers().contains(JavaModifier.STATIC)));
    }

    private static ArchCondition<JavaClass> beUsedOutsideTheirPackage() {
        return new ArchCondition<>("be used by main code of another package") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (!USED_OUTSIDE.contains(c.getName())) {
                    events.add(SimpleConditionEvent.violated(c, c.getName()
                            + " is public, but no main class outside " + c.getPackageName()
                            + " uses it: make it package-private"));
                }
            }
        };
    }

    @Test
    void theDocsListExactlyEachPackagesPublicTypes() throws Exception {
        Path doc = Path.of(System.getProperty("stepwise.repo", "../.."), "docs", "architecture.md");
        Matcher table = Pattern.compile("(?s)<!-- packages: checked by PublicTypesTest -->\\s*\\n((?:\\|[^\\n]*\\n)+)")
                .matcher(Files.readString(doc));
        assertThat(table.find()).as(doc + " has the package table").isTrue();
        Map<String, Set<String>> listed = new TreeMap<>();
        Map<String, Set<String>> named = new TreeMap<>();
        for (String row : table.group(1).split("\n")) {
            String[] cells = row.split("\\|", -1);
            Matcher pkg = Pattern.compile("^\\s*`(io\\.stepwise[\\w.]*)`").matcher(cells[1]);
            if (cells.length < 6 || !pkg.find()) {
                continue; // the header and its rule
            }
            listed.put(pkg.group(1), typeNames(cells[3]));
            named.put(pkg.group(1), typeNames(cells[4]));
        }
        Map<String, Set<String>> publicTypes = new TreeMap<>();
        Map<String, Set<String>> otherTypes = new TreeMap<>();
        for (JavaClass c : main) {
            if (c.isTopLevelClass() && c.getPackageName().startsWith("io.stepwise")
                    && !c.getSimpleName().equals("package-info")) {
                boolean isPublic = c.getModifiers().contains(JavaModifier.PUBLIC);
                (isPublic ? publicTypes : otherTypes).computeIfAbsent(c.getPackageName(), k -> new TreeSet<>())
                        .add(c.getSimpleName());
            }
        }
        assertThat(listed).as("public types per package, as the table in " + doc + " lists them")
                .isEqualTo(publicTypes);
        named.forEach((pkg, names) -> assertThat(otherTypes.getOrDefault(pkg, Set.of()))
                .as("package-private types of " + pkg + " the table names").containsAll(names));
    }

    /** The type names in a table cell: each {@code `Name`} that starts with a capital. */
    private static Set<String> typeNames(String cell) {
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("`([A-Z]\\w*)`").matcher(cell);
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }
}
