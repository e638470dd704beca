package io.stepwise.cli.dist;

import io.stepwise.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes {@code completion/stepwise.bash} (bash, and zsh through bashcompinit) and {@code man/man1/*.1}
 * (one page per command) under a directory: {@code DistFiles DIR VERSION}.
 */
public final class DistFiles {
    private DistFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: DistFiles OUTPUT_DIR VERSION");
        }
        write(Path.of(args[0]), args[1]);
    }

    /** Writes every generated file under {@code dir}; returns their paths. */
    public static List<Path> write(Path dir, String version) throws IOException {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<Path> written = new ArrayList<>();
        Path completion = dir.resolve("completion/stepwise.bash");
        Files.createDirectories(completion.getParent());
        Files.writeString(completion, AutoComplete.bash("stepwise", root), StandardCharsets.UTF_8);
        written.add(completion);
        Path man = dir.resolve("man/man1");
        Files.createDirectories(man);
        for (CommandLine cl : commands(root)) {
            Path page = man.resolve(ManPage.fileName(cl.getCommandSpec()));
            Files.writeString(page, ManPage.render(cl.getCommandSpec(), version), StandardCharsets.UTF_8);
            written.add(page);
        }
        return written;
    }

    /** The command and all its subcommands (each once, without picocli's {@code help}). */
    static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> out = new ArrayList<>();
        out.add(root);
        for (CommandLine sub : root.getSubcommands().values().stream().distinct().toList()) {
            if (!sub.getCommandName().equals("help")) {
                out.addAll(commands(sub));
            }
        }
        return out;
    }
}
