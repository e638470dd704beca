package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A procedure's postconditions: plan shows them, run checks them at the end, a failed one fails the run. */
class PostconditionsCliTest {
    static final String PROCEDURE = """
            procedure: lines
            title: Append a line
            roles:
              box: this machine
            params:
              work_dir: {description: where the file is}
            steps:
              - id: append
                on: box
                run: echo line >> {{work_dir}}/f
            postconditions:
              - id: one-line
                title: the file has one line
                on: box
                run: wc -l < {{work_dir}}/f
                expect: {output: '^\\s*1\\s*$'}
                capture: {lines: '(\\d+)'}
            state:
              - id: content
                on: box
                run: cat {{work_dir}}/f
            """;

    @TempDir
    Path dir;

    @Test
    void planShowsThemAndAFinishedRunRecordsThemInTheReport() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.write("lines.yaml", PROCEDURE);
        Path inv = cli.localInventory();
        Path work = Files.createDirectories(dir.resolve("work"));
        Cli.Result plan = cli.run("plan", proc.toString(), "-i", inv.toString(), "-p", "work_dir=" + work);
        assertThat(plan.exit()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("Postconditions (must hold", "one-line - the file has one line  [on box]",
                "here: $ wc -l < " + work + "/f", "compares: lines", "State (recorded at the end");

        Cli.Result run = cli.run("run", proc.toString(), "-i", inv.toString(), "-p", "work_dir=" + work,
                "--run-id", "r1", "--no-input");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("postcondition 'the file has one line' on here: holds",
                "state 'content' on here: recorded");
        Cli.Result report = cli.run("report", "r1");
        assertThat(report.out()).contains("## Postconditions and state", "holds: the file has one line on here; lines = `1`",
                "state: content on here; value `line`");
        assertThat(cli.run("report", "r1", "--format", "json").out()).contains("\"postconditions\"", "\"lines\" : \"1\"");
    }

    @Test
    void aFailedPostconditionFailsTheRunWithTheProbesOutputAndResumeChecksAgain() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.write("lines.yaml", PROCEDURE);
        Path inv = cli.localInventory();
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("f"), "left over\n");

        Cli.Result run = cli.run("run", proc.toString(), "-i", inv.toString(), "-p", "work_dir=" + work,
                "--run-id", "r2", "--no-input");
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("postcondition 'the file has one line' on here failed:",
                "its output:", "    2", "stepwise resume r2 checks the postconditions again");

        Files.writeString(work.resolve("f"), "line\n");
        Cli.Result resumed = cli.run("resume", "r2", "--no-input");
        assertThat(resumed.exit()).as(resumed.all()).isZero();
        assertThat(resumed.out()).contains("postcondition 'the file has one line' on here: holds");
        assertThat(Files.readString(work.resolve("f"))).isEqualTo("line\n");
    }
}
