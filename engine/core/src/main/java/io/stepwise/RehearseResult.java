package io.stepwise;

import java.nio.file.Path;

/**
 * What {@link Engine#rehearse} found.
 *
 * @param passed   the clean run finished and no step ended different
 * @param table    the per-step verdicts for the terminal, with the details and figures
 * @param markdown the same as markdown
 * @param json     the same as JSON
 */
public record RehearseResult(boolean passed, String table, Path markdown, Path json) {
}
