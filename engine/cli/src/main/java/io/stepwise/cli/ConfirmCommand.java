package io.stepwise.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stepwise confirm RUN STEP}: records that a person did and checked a step waiting for them. */
@Command(name = "confirm", mixinStandardHelpOptions = true,
        description = "Record that a manual step was done and checked (or that an optional step should run); then resume.",
        footer = {"", "Example:",
            "  stepwise confirm secondary-resync-20261125-101500 ha-page \\",
            "      --note \"member synchronized\"",
            "  stepwise resume secondary-resync-20261125-101500"})
final class ConfirmCommand extends StepDecisionCommand {
    @Option(names = "--note", paramLabel = "TEXT", description = "What you saw or did (kept in the report).")
    String note;

    @Override
    boolean confirms() {
        return true;
    }

    @Override
    String note() {
        return note;
    }
}
