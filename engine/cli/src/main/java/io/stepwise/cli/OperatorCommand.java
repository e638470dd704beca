package io.stepwise.cli;

import io.stepwise.Engine;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise operator add|list|remove}: who may sign in to the web console, and who may approve. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Who may sign in to the web console (stepwise serve). Operators live in the run store, so a"
                + " shared store shares them; only a hash of each token is kept.",
        subcommands = {OperatorCommand.Add.class, OperatorCommand.ListOperators.class, OperatorCommand.Remove.class})
final class OperatorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say add, list or remove");
    }

    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";

    /** One subcommand: checks its arguments, then acts on the run store (opened without prompts). */
    abstract static class Action implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        /** Refuses bad arguments before the store is opened. */
        void check() {
        }

        abstract void act(Engine engine, PrintWriter out) throws Exception;

        @Override
        public final Integer call() throws Exception {
            check();
            PrintWriter out = spec.commandLine().getOut();
            try (Engine engine = store.open(out, true)) {
                act(engine, out);
                out.flush();
                return ExitCode.OK;
            }
        }
    }

    /** {@code operator add NAME [--approver]}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds an operator and prints their sign-in token once (it is not stored, only its hash)."
                    + " Viewers see runs; approvers (--approver) may also confirm and reject steps.",
            footer = {"", "Example:", "  stepwise operator add alice --approver"})
    static final class Add extends Action {
        @Parameters(index = "0", paramLabel = "NAME", description = "The operator's name, as recorded in decisions.")
        String name;

        @Option(names = "--approver", description = "May confirm and reject waiting steps (default: viewer).")
        boolean approver;

        @Override
        void check() {
            if (!name.matches(NAME)) {
                throw new UserError(ExitCode.BAD_INPUT, "operator name " + name + ": use 1 to 64 letters, digits,"
                        + " '.', '_', '@' and '-', starting with a letter or digit");
            }
        }

        @Override
        void act(Engine engine, PrintWriter out) throws Exception {
            String token = engine.addOperator(name, approver);
            out.println("added " + (approver ? "approver " : "viewer ") + name + ". Their sign-in token (shown"
                    + " only now; give it to them over a private channel):");
            out.println(token);
        }
    }

    /** {@code operator list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the operators and their role.")
    static final class ListOperators extends Action {
        @Override
        void act(Engine engine, PrintWriter out) throws Exception {
            Map<String, Boolean> ops = engine.operators();
            if (ops.isEmpty()) {
                out.println("no operators; add one with: stepwise operator add NAME [--approver]");
            }
            ops.forEach((name, approver) -> out.printf("%-24s %s%n", name, approver ? "approver" : "viewer"));
        }
    }

    /** {@code operator remove NAME}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Removes an operator; their token stops working and their sessions end at once.")
    static final class Remove extends Action {
        @Parameters(index = "0", paramLabel = "NAME", description = "The operator.")
        String name;

        @Override
        void act(Engine engine, PrintWriter out) throws Exception {
            if (!engine.removeOperator(name)) {
                throw new UserError(ExitCode.BAD_INPUT, "no operator " + name + "; stepwise operator list shows them");
            }
            out.println("removed operator " + name + "; their sessions have ended");
        }
    }
}
