package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names that a shell would act on reach the copy's commands (cat, stat, the hash, rename, rm) as
 * plain words: each file arrives under its own name and nothing else runs.
 */
class CopyHostilePathsTest {
    @TempDir
    Path dir;

    static final List<String> NAMES = List.of(
            "space name", "quote'single", "quote\"double", "$(touch PWNED)", "`touch PWNED`", "semi;touch PWNED",
            "amp&&touch PWNED", "pipe|touch PWNED", "glob*?[a]", "-dash-first", "back\\slash", "new\nline",
            "dollar$HOME", "tab\tname", "unicode-é-✓", "brace{a,b}", "redir>PWNED", "hash#mark", "tilde~");

    @Test
    void hostileNamesArriveIntactAndNothingElseRuns() throws Exception {
        Fixture f = new Fixture();
        Files.createDirectories(dir.resolve("in"));
        Files.createDirectories(dir.resolve("out"));
        List<io.stepwise.model.Step> built = new java.util.ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            Files.writeString(dir.resolve("in").resolve(name), "content of " + name + "\n");
            built.add(StepBuilder.of("copy-" + i, new Action.Copy(null, dir.resolve("in").resolve(name).toString(),
                    null, dir.resolve("out").resolve(name).toString(), "0640")).build());
        }
        Plan plan = f.plan(built.toArray(new io.stepwise.model.Step[0]));
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        for (String name : NAMES) {
            assertThat(Files.readString(dir.resolve("out").resolve(name))).isEqualTo("content of " + name + "\n");
        }
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(NAMES);
        }
        try (var walk = Files.walk(dir)) {
            assertThat(walk.map(p -> p.getFileName().toString())).noneMatch(n -> n.equals("PWNED"));
        }
        assertThat(Path.of("PWNED")).doesNotExist();
    }
}
