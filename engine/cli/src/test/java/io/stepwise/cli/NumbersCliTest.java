package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One definition of a step's duration and one way to show times: the live {@code ok (..)} equals the table's
 * duration, a skipped step has none, times carry no nanoseconds, an abandoned run's open step gets a final state.
 */
class NumbersCliTest {
    @TempDir
    Path dir;

    @Test
    void theLiveDurationIsTheTablesAndTimesAreToTheSecond() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                params:
                  extra: {default: "no"}
                steps:
                  - id: first-step-with-a-rather-long-name-for-the-table
                    on: box
                    run: sleep 0.2
                  - id: skipped
                    on: box
                    when: "{{extra}} == 'yes'"
                    run: echo never
                  - id: second
                    on: box
                    run: sleep 0.1
                  - id: look
                    on: box
                    manual: Look.
                """);
        Cli.Result run = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id",
                "a-run-id-that-is-longer-than-the-column-was", "--no-input");
        assertThat(run.exit()).as(run.all()).isEqualTo(3);
        List<String> live = new ArrayList<>();
        Matcher ok = Pattern.compile("(?m)^  ok \\(([^)]+)\\)$").matcher(run.out());
        while (ok.find()) {
            live.add(ok.group(1));
        }
        Cli.Result status = cli.run("status", "a-run-id-that-is-longer-than-the-column-was");
        List<String> table = new ArrayList<>();
        String skippedDuration = null;
        for (String line : status.out().split("\n")) {
            String[] cells = line.trim().split("\\s{2,}");
            if (cells.length >= 3 && (cells[0].startsWith("first-step") || cells[0].equals("second"))) {
                table.add(cells[cells.length - 1]);
            }
            if (cells[0].equals("skipped")) {
                skippedDuration = cells.length > 3 ? cells[3] : "";
            }
        }
        assertThat(live).hasSize(2).isEqualTo(table);
        assertThat(skippedDuration).as(status.out()).isEmpty();
        assertThat(status.out()).containsPattern("started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ by ");

        String list = cli.run("status").out();
        assertThat(list).containsPattern("\\d\\d:\\d\\d:\\d\\dZ\\n").doesNotContainPattern(":\\d\\d\\.\\d+Z");
        String[] lines = list.split("\n");
        assertThat(lines[1].indexOf("demo")).as(list).isEqualTo(lines[0].indexOf("PROCEDURE"));
        assertThat(lines[1]).contains("  look  ");

        assertThat(cli.run("abandon", "a-run-id-that-is-longer-than-the-column-was", "--note", "enough").exit())
                .isZero();
        String after = cli.run("status", "a-run-id-that-is-longer-than-the-column-was").out();
        assertThat(after).doesNotContain("waiting_for_person").containsPattern("look\\s+here\\s+interrupted");
        assertThat(cli.run("report", "a-run-id-that-is-longer-than-the-column-was").out())
                .contains("the run was abandoned while this step was waiting for person")
                .doesNotContainPattern(":\\d\\d\\.\\d+Z");
    }
}
