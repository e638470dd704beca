package io.stepwise;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Engine#rehearse} rehearses, and how.
 *
 * @param procedure    the procedure file
 * @param inventory    an inventory whose cluster is marked {@code rehearsal: true}
 * @param params       {@code -p} values for every run
 * @param reset        shell command that puts the target back as it was before a run (the lab: examples/lab/reset)
 * @param answers      answers file for manual and optional steps; null: confirm every one
 * @param killEachStep kill and resume at every step (else only the clean run and its postconditions)
 * @param only         step ids to kill at (empty: every step)
 * @param killAt       {@code started}, {@code ran}, {@code done} (empty: all three)
 * @param out          directory for the rehearsal's own run store, logs and reports
 * @param engine       the command that starts the engine CLI (java, its class path and main class)
 * @param env          environment of every engine process and of the reset command
 */
public record RehearseRequest(Path procedure, Path inventory, Map<String, String> params, String reset, Path answers,
                              boolean killEachStep, Set<String> only, List<String> killAt, Path out,
                              List<String> engine, Map<String, String> env) {
}
