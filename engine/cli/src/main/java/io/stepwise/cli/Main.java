package io.stepwise.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point: {@code stepwise COMMAND ...}. */
@Command(name = "stepwise", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs maintenance procedures on server clusters, durably: nothing lost, nothing run twice.",
        footer = {"", "Exit codes: 0 finished, 1 a step failed (fix, then resume), 2 bad input",
            "(nothing ran), 3 paused for a person, 4 refused (locked, changed),",
            "130 interrupted (resumable).", "",
            "Environment: STEPWISE_STORE (the run store), STEPWISE_SECRET_<NAME>",
            "(secret params), STEPWISE_SECRET_SSH_PASSPHRASE (an encrypted SSH key),",
            "SSH_AUTH_SOCK (ssh-agent).", "",
            "Documentation: docs/ of the source tree or of the installed archive;",
            "stepwise COMMAND --help for each command."})
public final class Main implements Runnable {
    /**
     * The commands, by the name each declares in its {@code @Command}, in the order {@code --help} lists them
     * ({@code MainCommandsTest} checks the names). Picocli builds a command's model (options, help texts,
     * converters) by reflection when it is added; all of them cost about as much start-up time as the JVM
     * itself, so an invocation that names its command gets only that command's model ({@link #commandLine}).
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("validate", ValidateCommand.class);
        m.put("plan", PlanCommand.class);
        m.put("graph", GraphCommand.class);
        m.put("run", RunCommand.class);
        m.put("resume", ResumeCommand.class);
        m.put("confirm", ConfirmCommand.class);
        m.put("reject", RejectCommand.class);
        m.put("status", StatusCommand.class);
        m.put("log", LogCommand.class);
        m.put("report", ReportCommand.class);
        m.put("trust", TrustCommand.class);
        m.put("abandon", AbandonCommand.class);
        m.put("operator", OperatorCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("rehearse", RehearseCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(m);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Builds the command line with every command and the shared error handling (help, completion, man pages). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, COMMANDS.keySet());
    }

    /**
     * The command line for {@code args}: when the first argument names a command (other than {@code help}), the
     * model of that command only, which parses, helps and reports errors for it exactly as the whole model
     * would; otherwise ({@code --help}, {@code --version}, {@code help}, a mistyped command that deserves a
     * suggestion, nothing) every command.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        String first = args.length > 0 ? args[0] : "";
        boolean one = COMMANDS.containsKey(first) && !first.equals("help");
        return commandLine(out, err, one ? Set.of(first) : COMMANDS.keySet());
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err, Set<String> names) {
        CommandLine cl = new CommandLine(new Main());
        COMMANDS.forEach((name, type) -> {
            if (names.contains(name)) {
                cl.addSubcommand(name, type);
            }
        });
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Synopsis.install(cl);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("stepwise: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for usage.");
            return ExitCode.BAD_INPUT;
        });
        return cl;
    }

    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err, args).execute(args);
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("run") || args[0].equals("resume"))) {
            io.stepwise.Engine.warmUp(); // while picocli reads the command line
        }
        ArchivePreload.atExitIfAsked();
        PrintWriter out = new PrintWriter(new TerminalWriter(new java.io.OutputStreamWriter(System.out,
                java.nio.charset.Charset.defaultCharset())), true);
        PrintWriter err = new PrintWriter(new TerminalWriter(new java.io.OutputStreamWriter(System.err,
                java.nio.charset.Charset.defaultCharset())), true);
        System.exit(execute(out, err, args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.load().describe()};
        }
    }
}
