package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, plan and graph through {@link Main#execute}: exit codes and what they print. */
class FormatCommandsTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static String repo(String path) {
        String root = System.getProperty("stepwise.repo", "../..");
        return Path.of(root).resolve(path).toString();
    }

    Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static final String PROC = """
            procedure: demo
            title: Demo
            roles: {primary: the primary}
            params:
              database: {default: xopdb}
              repl_password: {secret: true}
            steps:
              - id: position
                on: primary
                sql: SHOW MASTER STATUS
                capture: {binlog_file: File}
              - id: grant
                on: primary
                sql: CREATE USER 'repl'@'%' IDENTIFIED BY {{repl_password}}
              - id: show
                on: primary
                run: echo {{binlog_file}} {{database}} {{repl_password}}
            """;
    static final String INV = """
            cluster: east
            hosts:
              - {name: xop-a, address: 10.1.0.11, roles: [primary]}
            """;

    @Test
    void validateQuickstartAndItsInventoryIsClean() {
        Result r = run("validate", repo("examples/quickstart.yaml"), repo("examples/local.yaml"));
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("quickstart.yaml: ok").contains("local.yaml: ok");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aDirectoryMeansEveryYamlFileUnderIt() throws IOException {
        Files.createDirectories(tmp.resolve("sub"));
        write("sub/i.yaml", INV);
        write("p.yaml", PROC);
        write("notes.txt", "not yaml");
        Result r = run("validate", tmp.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("p.yaml: ok").contains("i.yaml: ok").doesNotContain("notes.txt");
    }

    @Test
    void misspelledKeyIsReportedWithPlaceAndSuggestionAndExit2() throws IOException {
        Path f = write("bad.yaml", PROC.replace("    sql: SHOW MASTER STATUS", "    sql: SHOW MASTER STATUS\n    nedds: []"));
        Result r = run("validate", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":11:5: step 'position': unknown key 'nedds' (did you mean 'needs'?)");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void warningsPassUnlessStrict() throws IOException {
        Path f = write("lint.yaml", PROC.replace("run: echo", "run: mysqldump \u2013udbadmin"));
        Result r = run("validate", f.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err()).contains(f + ":17:20: warning: lint: U+2013");
        assertThat(r.out()).contains("ok (1 warning)").doesNotContain("1 warnings");
        Result strict = run("validate", "--strict", f.toString());
        assertThat(strict.code()).isEqualTo(2);
        assertThat(strict.err()).contains("(--strict)");
    }

    @Test
    void validateAgainstAnInventoryFindsRolesWithoutHosts() throws IOException {
        Path f = write("p.yaml", PROC.replace("roles: {primary: the primary}", "roles: {primary: the primary, secondary: other}"));
        Path inv = write("i.yaml", INV);
        assertThat(run("validate", f.toString()).code()).isEqualTo(0);
        Result r = run("validate", "-i", inv.toString(), f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":3:31: role 'secondary' has no host in inventory");
    }

    @Test
    void planRendersValuesMasksSecretsAndNamesPendingCaptures() throws IOException {
        Path f = write("p.yaml", PROC);
        Path inv = write("i.yaml", INV);
        Result r = run("plan", f.toString(), "-i", inv.toString(), "-p", "repl_password=hunter2", "-p", "database=my db");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).doesNotContain("hunter2");
        assertThat(r.out()).contains("xop-a: sql> CREATE USER 'repl'@'%' IDENTIFIED BY '****'");
        assertThat(r.out()).contains("xop-a: $ echo '<binlog_file from position>' 'my db' '****'");
        assertThat(r.out().indexOf("1. position")).isLessThan(r.out().indexOf("2. grant"));
    }

    @Test
    void planOfTheQuickstartShowsTheManualInstructionsInFull() {
        Result r = run("plan", repo("examples/quickstart.yaml"), "-i", repo("examples/local.yaml"));
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("this-machine: $ mkdir -p /tmp/stepwise-quickstart")
                .contains("| Open /tmp/stepwise-quickstart/marker.txt on this-machine and check that it holds"
                        + " <marker_bytes from write-marker> bytes:")
                .contains("| the word \"hello\" and a newline.");
    }

    @Test
    void planWithoutARequiredParamExits2WithTheFix() throws IOException {
        Path f = write("p.yaml", PROC.replace("database: {default: xopdb}", "database: {description: the database}"));
        Result r = run("plan", f.toString(), "-i", write("i.yaml", INV).toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("param 'database' has no value: give -p database=VALUE");
    }

    @Test
    void planWithABrokenInventoryExits2() throws IOException {
        Path inv = write("i.yaml", INV.replace("address", "adress"));
        Result r = run("plan", write("p.yaml", PROC).toString(), "-i", inv.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(inv + ":3:19: host 'xop-a': unknown key 'adress' (did you mean 'address'?)");
    }

    @Test
    void missingFileIsBadInput() {
        Result r = run("validate", tmp.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yaml:1:1: no such file");
    }

    @Test
    void graphRendersMermaidAndDot() {
        Result m = run("graph", repo("examples/quickstart.yaml"));
        assertThat(m.code()).isEqualTo(0);
        assertThat(m.out()).startsWith("flowchart TD\n").contains("s1 --> s2").contains("s3 --> s6").contains("s4 --> s6").contains("s5 --> s6");
        Result d = run("graph", "--format", "dot", repo("examples/quickstart.yaml"));
        assertThat(d.out()).startsWith("digraph \"quickstart\"").contains("\"marker-present\" -> \"look\";");
        assertThat(run("graph", "--format", "svg", repo("examples/quickstart.yaml")).code()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String cmd : new String[] {"validate", "plan", "graph"}) {
            Result r = run(cmd, "--help");
            assertThat(r.code()).isEqualTo(0);
            assertThat(r.out()).contains("Usage: stepwise " + cmd).containsPattern("Examples?:\\n  stepwise " + cmd);
        }
    }
}
