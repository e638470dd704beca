package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.RehearseRequest;
import io.stepwise.RehearseResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise rehearse FILE -i LAB --reset CMD [--kill-each-step]}: prove a procedure resumable at every step. */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Rehearse a procedure on a lab: a clean run from a reset target, then (with --kill-each-step),"
                + " for every step, a fresh run SIGKILLed as the step starts, after its action, and right after it is"
                + " recorded done, resumed to the end as an operator would (both --retry and --assume-done when a"
                + " decision is needed). Each end state (postconditions' captured values and state: probes) is compared"
                + " with the clean run's. Runs only on an inventory marked 'rehearsal: true'."},
        footer = {"", "Exit codes: 0 every step resumed cleanly or needed a decision, 1 a step ended",
            "different (or the clean run did not finish), 2 bad input (nothing ran).",
            "", "Example (docs/authoring.md):",
            "  stepwise rehearse procedures/secondary-resync.yaml \\",
            "      -i $STEPWISE_LAB_DIR/inventory.yaml --reset 'examples/lab/reset' \\",
            "      --answers examples/rehearsals/secondary-resync.answers.yaml \\",
            "      --kill-each-step"})
final class RehearseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The procedure.")
    Path file;

    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "INVENTORY",
            description = "The lab's inventory; its cluster must be marked 'rehearsal: true'.")
    Path inventory;

    @Option(names = "--reset", required = true, paramLabel = "CMD",
            description = "Shell command that puts the target back as before a run (the lab: examples/lab/reset).")
    String reset;

    @Option(names = "--answers", paramLabel = "FILE",
            description = "How to answer manual and optional steps (default: confirm each); see examples/rehearsals/.")
    Path answers;

    @Option(names = "--kill-each-step", description = "Kill and resume at every step (else: the clean run only).")
    boolean killEachStep;

    @Option(names = "--only", arity = "1..*", paramLabel = "STEP", description = "Kill only at these steps.")
    List<String> only = new ArrayList<>();

    @Option(names = "--kill-at", split = ",", paramLabel = "POINT",
            description = "Where in a step to kill: started, ran, done (default: all three).")
    List<String> killAt = new ArrayList<>();

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter value for every run.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the rehearsal's own run store, logs, rehearsal.json and rehearsal.md go"
                    + " (default: rehearsal-PROCEDURE-DATE-TIME in the current directory).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : Path.of("rehearsal-" + file.getFileName().toString().replaceAll("\\.ya?ml$", "")
                + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(java.time.Instant.now()
                .atZone(ZoneOffset.UTC)));
        Set<String> steps = new LinkedHashSet<>(only);
        RehearseRequest request = new RehearseRequest(file.toAbsolutePath(), inventory.toAbsolutePath(), params,
                reset, answers == null ? null : answers.toAbsolutePath(), killEachStep, steps, killAt,
                dir.toAbsolutePath(), engineCommand(), System.getenv());
        var o = spec.commandLine().getOut();
        RehearseResult result = Engine.rehearse(request, o);
        o.println();
        o.print(result.table());
        o.println("reports: " + result.markdown() + ", " + result.json());
        o.flush();
        return result.passed() ? ExitCode.OK : ExitCode.STEP_FAILED;
    }

    /** This JVM's java and class path running the CLI's main class: the engine the rehearsal kills. */
    static List<String> engineCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // the launcher's start-up archive (CDS on Java 17-24, an AOT cache on 25+) and its JVM options
            if (a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-Xshare") || a.equals("-XX:+UseSerialGC")
                    || a.startsWith("-XX:TieredStopAtLevel") || a.startsWith("-XX:CICompilerCount")
                    || a.startsWith("-Xlog:cds") || a.startsWith("-Xlog:aot")
                    || a.startsWith("-XX:AOTCache=") || a.startsWith("--enable-native-access")
                    || a.equals("-Djfr.unsupported.vm=true")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return cmd;
    }
}
