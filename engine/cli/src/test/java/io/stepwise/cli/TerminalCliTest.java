package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a terminal (a pseudo-terminal from util-linux {@code script}): the secret is asked without echo,
 * the optional step asks yes/no, the manual step shows its instructions and takes confirm with a note.
 */
class TerminalCliTest {
    private static final String SECRET = "hunter2-Kq9-secret";

    @TempDir
    Path dir;

    private StringBuilder seen;

    @Test
    void promptsForTheSecretTheOptionalAndTheManualStep() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is missing");
        Cli cli = new Cli(dir);
        Path proc = cli.write("p.yaml", "procedure: pty\ntitle: Pty\nroles:\n  box: here\nparams:\n"
                + "  pw: {secret: true}\nsteps:\n"
                + "  - id: opt\n    on: box\n    optional: true\n    run: echo optional ran\n"
                + "  - id: look\n    on: box\n    manual: Check {{pw}} on {{host.name}}.\n"
                + "  - id: end\n    on: box\n    run: echo end {{pw}}\n");
        Path inv = cli.localInventory();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path")
                + " io.stepwise.cli.Main run " + proc + " -i " + inv + " --run-id t1";
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(cli.env);
        pb.environment().remove("STEPWISE_SECRET_PW");
        Process p = pb.start();
        seen = new StringBuilder();
        try (OutputStream in = p.getOutputStream(); InputStream out = p.getInputStream()) {
            answer(out, in, "(secret, not shown): ", SECRET);
            answer(out, in, "[y]es, [n]o (skip), [p]ause: ", "maybe");
            answer(out, in, "please answer y", "[y]es, [n]o (skip), [p]ause: ", "y");
            answer(out, in, "[c]onfirm, [r]eject, [p]ause? ", "ok");
            answer(out, in, "please answer c", "[c]onfirm, [r]eject, [p]ause? ", "c");
            answer(out, in, "note (optional): ", "all good");
            readRest(out);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String screen = seen.toString();
        assertThat(p.exitValue()).as(screen).isZero();
        assertThat(screen).as("the optional step's prompt says where and what runs (issue 9 item 16)")
                .contains("opt is optional: opt\n  here: $ echo optional ran\n");
        assertThat(screen).as("an invalid answer is asked again with a hint")
                .contains("maybe\n  please answer y (run the step), n (skip it) or p (pause the run")
                .contains("ok\n  please answer c (confirm: it is done and correct), r (reject, with a note why) or p");
        assertThat(screen).contains("optional ran", "Check **** on here.", "confirmed by", "all good", "end ****",
                "run t1 finished").doesNotContain(SECRET);
        assertThat(cli.run("report", "t1").out()).contains("confirm look", "all good", "run-optional opt");
    }

    private void answer(InputStream out, OutputStream in, String prompt, String reply) throws Exception {
        answer(out, in, "", prompt, reply);
    }

    /** Answers {@code prompt} once the screen shows {@code after} (a hint printed before the prompt comes again). */
    private void answer(InputStream out, OutputStream in, String after, String prompt, String reply) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        byte[] buf = new byte[4096];
        while (!seen.toString().contains(after)
                || !seen.toString().endsWith(prompt) && !seen.toString().stripTrailing().endsWith(prompt.strip())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no prompt '" + prompt + "' within 60s; screen:\n" + seen);
            }
            if (out.available() > 0) {
                int n = out.read(buf);
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8).replace("\r", ""));
            } else {
                Thread.sleep(20);
            }
        }
        in.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private void readRest(InputStream out) throws Exception {
        byte[] buf = new byte[4096];
        int n;
        while ((n = out.read(buf)) > 0) {
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8).replace("\r", ""));
        }
    }
}
