package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small input mistakes are refused with exit 2 and a message that says what to do, before anything runs. */
class SmallInputsCliTest {
    @TempDir
    Path dir;

    @Test
    void eachSmallMistakeIsRefused() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                params:
                  x: {default: "1"}
                  t: {default: t1}
                steps:
                  - id: first
                    on: box
                    run: touch ran-first
                  - id: count
                    on: box
                    sql: SELECT COUNT(*) AS n FROM {{t|ident}}
                """);
        String inv = cli.localInventory().toString();
        Cli.Result twice = cli.run("plan", proc.toString(), "-i", inv, "-p", "x=1", "-p", "x=2");
        assertThat(twice.exit()).as(twice.all()).isEqualTo(2);
        assertThat(twice.err()).contains("-p x is given twice ('1' and '2')");
        Cli.Result noEq = cli.run("run", proc.toString(), "-i", inv, "-p", "x");
        assertThat(noEq.exit()).as(noEq.all()).isEqualTo(2);
        assertThat(noEq.err()).contains("write -p NAME=VALUE").doesNotContain("option option");

        Cli.Result ident = cli.run("run", proc.toString(), "-i", inv, "-p", "t=t1` WHERE 1; DROP TABLE x; -- ",
                "--run-id", "r0", "--no-input");
        assertThat(ident.exit()).as(ident.all()).isEqualTo(2);
        assertThat(ident.all()).contains("{{t|ident}}", "not a valid SQL identifier", "-p t=NAME");
        assertThat(dir.resolve("ran-first")).as("nothing ran").doesNotExist();

        Cli.Result longId = cli.run("run", proc.toString(), "-i", inv, "--run-id", "r".repeat(5000), "--no-input");
        assertThat(longId.exit()).as(longId.all()).isEqualTo(2);
        assertThat(longId.err()).contains("1 to 64").hasSizeLessThan(400);

        Cli.Result run = cli.run("run", proc.toString(), "-i", inv, "--run-id", "r1", "--no-input");
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        Cli.Result set = cli.run("resume", "r1", "--set", "nosuch=1", "--no-input");
        assertThat(set.exit()).as(set.all()).isEqualTo(2);
        assertThat(set.err()).contains("--set nosuch", "captures nothing");
        Cli.Result host = cli.run("log", "r1", "first", "--host", "nope");
        assertThat(host.exit()).as(host.all()).isEqualTo(2);
        assertThat(host.err()).contains("no output on host nope", "its hosts: here");
        Cli.Result step = cli.run("log", "r1", "frist");
        assertThat(step.exit()).as(step.all()).isEqualTo(2);
        assertThat(step.err()).contains("no step frist", "did you mean 'first'");

        Cli.Result help = cli.run("abandon", "--help");
        assertThat(help.out()).contains(" --note=TEXT").doesNotContain("[--note=TEXT]");
        Cli.Result noNote = cli.run("abandon", "r1");
        assertThat(noNote.exit()).as(noNote.all()).isEqualTo(2);
    }

    /** Issue 9 item 16: {@code log} of a step that ran more than once shows where each attempt starts. */
    @Test
    void logSeparatesAttempts() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                steps:
                  - id: flaky
                    on: box
                    retries: 1
                    retry_delay: 10ms
                    run: "if [ -f again ]; then echo second try; else touch again; echo first try; exit 1; fi"
                  - id: once
                    on: box
                    run: echo only once
                """);
        Cli.Result run = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "r1",
                "--no-input");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(cli.run("log", "r1", "flaky").out()).isEqualTo("-- attempt 1 --\nfirst try\n-- attempt 2 --\nsecond try\n");
        assertThat(cli.run("log", "r1", "once").out()).as("one attempt: no heading").isEqualTo("only once\n");
    }

    /** Issue 9 item 16: the report lists every param's effective value and where it came from. */
    @Test
    void reportListsEveryParamWithItsValueAndSource() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                params:
                  given: {default: d1}
                  fromdefault: {default: d2}
                  frominventory: {default: d3}
                  pw: {secret: true}
                steps:
                  - id: show
                    on: box
                    run: echo {{given}} {{fromdefault}} {{frominventory}} {{pw}}
                """);
        Path inv = cli.write("inv.yaml", "cluster: lab\nvars: {frominventory: inv-value}\nhosts:\n"
                + "  - {name: here, roles: [box], connection: local}\n");
        cli.env.put("STEPWISE_SECRET_PW", "s3cr3t-pw");
        Cli.Result run = cli.run("run", proc.toString(), "-i", inv.toString(), "-p", "given=from-p", "--run-id", "r1",
                "--no-input");
        assertThat(run.exit()).as(run.all()).isZero();
        String report = cli.run("report", "r1").out();
        assertThat(report).contains("- given = from-p (given with -p)\n", "- fromdefault = d2 (default)\n",
                "- frominventory = inv-value (inventory vars)\n",
                "- pw = \\*\\*\\*\\* (secret, from STEPWISE\\_SECRET\\_PW or the prompt)\n").doesNotContain("s3cr3t-pw");
        assertThat(cli.run("report", "r1", "--format", "json").out()).contains("\"source\" : \"inventory vars\"");
    }
}
