package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive {@code ./mvnw package} builds, installed as an operator would on a jump host: unpacked with tar
 * in a temporary directory, reached through a symlink, with only {@code java} and the base system on PATH and
 * an empty home. {@code --version} names the commit; the README's quickstart runs to the end from there
 * (without a terminal: run, confirm, resume, confirm, resume, report). Runs in {@code ./mvnw verify} after
 * {@code package}.
 */
class DistArchiveIT {
    @TempDir
    Path tmp;

    @Test
    void theArchiveInstallsAndRunsTheQuickstart() throws Exception {
        String version = System.getProperty("stepwise.version");
        Path archive = Path.of(System.getProperty("stepwise.dist"));
        assertThat(archive).as("built by package").isRegularFile();
        run(tmp, List.of("tar", "-xzf", archive.toString(), "-C", tmp.toString()), Map.of()).expect(0);
        Path home = tmp.resolve("stepwise-" + version);
        assertThat(home.resolve("bin/stepwise")).isExecutable();
        assertThat(home.resolve("examples/lab/up")).as("modes kept from the source tree").isExecutable();
        assertThat(home.resolve("lib/stepwise.jar")).isRegularFile();
        for (String f : List.of("procedures/secondary-resync.yaml", "examples/quickstart.yaml", "examples/local.yaml",
                "docs/ssh.md", "README.md", "share/man/man1/stepwise.1", "share/man/man1/stepwise-run.1",
                "share/completion/stepwise.bash")) {
            assertThat(home.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.readString(home.resolve("share/man/man1/stepwise-resume.1")))
                .startsWith(".TH \"STEPWISE\\-RESUME\" 1").contains("\\fB\\-\\-retry\\fR");

        Path bin = Files.createDirectories(tmp.resolve("usr-local-bin"));
        Path javaOnly = Files.createDirectories(tmp.resolve("java-bin"));
        Files.createSymbolicLink(bin.resolve("stepwise"), home.resolve("bin/stepwise"));
        Files.createSymbolicLink(javaOnly.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Map<String, String> env = Map.of(
                "PATH", bin + ":" + javaOnly + ":/usr/bin:/bin",
                "HOME", Files.createDirectories(tmp.resolve("home")).toString(),
                "STEPWISE_STORE", tmp.resolve("runs.db").toString());

        Out v = run(home, List.of("stepwise", "--version"), env).expect(0);
        assertThat(v.out.strip()).isEqualTo("stepwise " + version + " (commit " + expectedCommit() + ")");

        String work = tmp.resolve("work").toString();
        List<String> start = List.of("stepwise", "run", "examples/quickstart.yaml", "-i", "examples/local.yaml",
                "--no-input", "--run-id", "qs", "-p", "work_dir=" + work);
        assertThat(run(home, start, env).expect(3).err).contains("optional step show-system waits for a choice");
        run(home, List.of("stepwise", "confirm", "qs", "show-system"), env).expect(0);
        assertThat(run(home, List.of("stepwise", "resume", "--no-input"), env).expect(3).out)
                .contains("holds 6 bytes");
        run(home, List.of("stepwise", "confirm", "qs", "look", "--note", "6 bytes, as expected"), env).expect(0);
        run(home, List.of("stepwise", "resume", "--no-input"), env).expect(0);
        assertThat(run(home, List.of("stepwise", "report", "qs"), env).expect(0).out)
                .contains("State: finished", "6 bytes, as expected");

        Out completion = run(home, List.of("bash", "-c",
                "source share/completion/stepwise.bash && complete -p stepwise"), env).expect(0);
        assertThat(completion.out).contains("stepwise");
        Files.delete(javaOnly.resolve("java"));      // a link out of the temporary directory: removed by hand
    }

    /** The commit as git sees it in the source tree, or "unknown" where the build had no git repository. */
    private String expectedCommit() throws Exception {
        Path repo = Path.of(System.getProperty("stepwise.repo"));
        Out head = run(repo.resolve("engine/cli"), List.of("git", "rev-parse", "--short=10", "HEAD"), Map.of());
        Out prefix = run(repo.resolve("engine/cli"), List.of("git", "rev-parse", "--show-prefix"), Map.of());
        if (head.exit != 0 || !prefix.out.strip().equals("engine/cli/")) {
            return "unknown";
        }
        Out status = run(repo, List.of("git", "status", "--porcelain", "--untracked-files=no"), Map.of());
        return head.out.strip() + (status.out.isBlank() ? "" : "-dirty");
    }

    private record Out(int exit, String out, String err) {
        Out expect(int code) {
            assertThat(exit).as("exit code; stdout:\n" + out + "\nstderr:\n" + err).isEqualTo(code);
            return this;
        }
    }

    private Out run(Path cwd, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
            // the launcher finds stepwise through PATH like a shell does
            cmd.set(0, resolve(cmd.get(0), env.get("PATH")));
            pb.command(cmd);
        }
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Out(127, "", String.valueOf(e.getMessage()));
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(cmd + " did not finish within 120 s: " + Files.readString(err));
        }
        return new Out(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String resolve(String name, String path) {
        for (String dir : path.split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return name;
    }
}
