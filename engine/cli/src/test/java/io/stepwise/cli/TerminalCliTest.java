package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a terminal (a real pseudo-terminal from util-linux {@code script}, required under CI): the secret is
 * asked without echo, the optional step asks yes/no, the manual step shows its instructions and takes
 * confirm with a note.
 */
class TerminalCliTest {
    private static final String SECRET = "hunter2-Kq9-secret";

    @TempDir
    Path dir;

    @Test
    void promptsForTheSecretTheOptionalAndTheManualStep() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.write("p.yaml", "procedure: pty\ntitle: Pty\nroles:\n  box: here\nparams:\n"
                + "  pw: {secret: true}\nsteps:\n"
                + "  - id: opt\n    on: box\n    optional: true\n    run: echo optional ran\n"
                + "  - id: look\n    on: box\n    manual: Check {{pw}} on {{host.name}}.\n"
                + "  - id: end\n    on: box\n    run: echo end {{pw}}\n");
        Path inv = cli.localInventory();
        String screen;
        int exit;
        try (Cli.Pty pty = cli.startInPty(List.of("STEPWISE_SECRET_PW"), "run", proc.toString(), "-i", inv.toString(),
                "--run-id", "t1")) {
            pty.await("(secret, not shown): ");
            pty.type(SECRET);
            pty.await("[y]es, [n]o (skip), [p]ause: ");
            pty.type("maybe");
            pty.await("please answer y", "[y]es, [n]o (skip), [p]ause: ");
            pty.type("y");
            pty.await("[c]onfirm, [r]eject, [p]ause? ");
            pty.type("ok");
            pty.await("please answer c", "[c]onfirm, [r]eject, [p]ause? ");
            pty.type("c");
            pty.await("note (optional): ");
            pty.type("all good");
            exit = pty.exit();
            screen = pty.screen();
        }
        assertThat(exit).as(screen).isZero();
        assertThat(screen).as("the optional step's prompt says where and what runs (issue 9 item 16)")
                .contains("opt is optional: opt\n  here: $ echo optional ran\n");
        assertThat(screen).as("an invalid answer is asked again with a hint")
                .contains("maybe\n  please answer y (run the step), n (skip it) or p (pause the run")
                .contains("ok\n  please answer c (confirm: it is done and correct), r (reject, with a note why) or p");
        assertThat(screen).contains("optional ran", "Check **** on here.", "confirmed by", "all good", "end ****",
                "run t1 finished").doesNotContain(SECRET);
        assertThat(cli.run("report", "t1").out()).contains("confirm look", "all good", "run-optional opt");
    }
}
