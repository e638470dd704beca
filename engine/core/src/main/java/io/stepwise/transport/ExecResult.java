package io.stepwise.transport;

import java.time.Duration;

/**
 * How a command ended.
 *
 * @param exitCode   the exit status; -1 when killed by a signal or timed out
 * @param exitSignal the signal name when the process was killed by one, else null
 */
public record ExecResult(int exitCode, String exitSignal, boolean timedOut, Duration elapsed) {
}
