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
import java.util.HashSet;
import java.util.Set;
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
            assertThat(main.get(name).getModifiers()).as(name + " is still a public type").contains(JavaModifier.PUBLIC);
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
                            + " is public, but no main class outside " + c.getPackageName() + " uses it: make it package-private"));
                }
            }
        };
    }
}
