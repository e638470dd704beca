package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, report and log only read: they never create a store, its directories, or a file named after a URL. */
class ReadOnlyCommandsCliTest {
    @TempDir
    Path dir;

    @Test
    void readingCommandsCreateNothing() throws Exception {
        Cli cli = new Cli(dir);
        Path missing = dir.resolve("state/stepwise/runs.db");
        cli.env.put("STEPWISE_STORE", missing.toString());
        Cli.Result list = cli.run("status");
        assertThat(list.exit()).as(list.all()).isZero();
        assertThat(list.out()).contains("no runs yet", missing.toString());
        assertThat(dir.resolve("state")).doesNotExist();
        for (String[] args : new String[][] {{"status", "r1"}, {"report", "r1"}, {"log", "r1", "a"}}) {
            Cli.Result r = cli.run(args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.all()).isEqualTo(2);
            assertThat(r.err()).contains(missing.toString(), "no such file", "--store");
            assertThat(dir.resolve("state")).as(String.join(" ", args)).doesNotExist();
        }
        Cli.Result pg = cli.run("status", "--store", "jdbc:postgresql://db.example/runs");
        assertThat(pg.exit()).as(pg.all()).isEqualTo(2);
        assertThat(pg.err()).contains("'jdbc:postgresql:' is not a store");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("jdbc"));
        }
    }
}
