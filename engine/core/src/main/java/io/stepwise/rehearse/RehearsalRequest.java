package io.stepwise.rehearse;

import io.stepwise.run.Hold;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to rehearse and how.
 *
 * @param procedure     the procedure file
 * @param inventory     an inventory whose cluster is marked {@code rehearsal: true}
 * @param params        {@code -p} values for every run
 * @param reset         shell command that puts the target back as it was before a run (e.g. the lab's reset)
 * @param answers       answers file for manual and optional steps; null: confirm every one
 * @param killEachStep  kill and resume at every step (else only the clean run and its postconditions)
 * @param only          step ids to kill at (empty: every step)
 * @param phases        where in a step to kill (default: as it starts, after its action, once recorded done)
 * @param out           directory for the rehearsal's run store, logs and reports
 * @param engine        the command that starts the engine (java and its class path, or the launcher)
 * @param env           environment of every engine process and of the reset command
 */
public record RehearsalRequest(Path procedure, Path inventory, Map<String, String> params, String reset,
                               Path answers, boolean killEachStep, Set<String> only, List<Hold.Phase> phases,
                               Path out, List<String> engine, Map<String, String> env) {
    public RehearsalRequest {
        params = Map.copyOf(params);
        only = Set.copyOf(only);
        phases = phases == null || phases.isEmpty() ? List.of(Hold.Phase.values()) : List.copyOf(phases);
        engine = List.copyOf(engine);
        env = Map.copyOf(env);
    }
}
