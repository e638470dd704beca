package io.stepwise.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stepwise reject RUN STEP --note TEXT}: records that a step waiting for a person is not right. */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Record that a manual step is not right (or that an optional step is to be skipped), with a note; then resume.",
        footer = {"", "Example:", "  stepwise reject software-update-20261125-220000 secondary-test-call \\",
            "      --note \"no audio on the call\""})
final class RejectCommand extends StepDecisionCommand {
    @Option(names = "--note", required = true, paramLabel = "TEXT", description = "What you saw or did (kept in the report).")
    String note;

    @Override
    boolean confirms() {
        return false;
    }

    @Override
    String note() {
        return note;
    }
}
