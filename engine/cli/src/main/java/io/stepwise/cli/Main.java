package io.stepwise.cli;

import java.io.PrintWriter;
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
            "stepwise COMMAND --help for each command."},
        subcommands = {
            ValidateCommand.class, PlanCommand.class, GraphCommand.class,
            RunCommand.class, ResumeCommand.class, ConfirmCommand.class, RejectCommand.class,
            StatusCommand.class, LogCommand.class, ReportCommand.class, TrustCommand.class, AbandonCommand.class,
            OperatorCommand.class, ServeCommand.class, RehearseCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Builds the command line with the shared error handling; tests call this with their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
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
        return commandLine(out, err).execute(args);
    }

    public static void main(String[] args) {
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
