package io.stepwise.model;

import java.util.List;
import java.util.Map;

/**
 * Success criteria of a step.
 *
 * @param exitCodes accepted exit codes of a command (default {@code [0]})
 * @param output    regex that must be found in stdout; null for none
 * @param noOutput  regex that must not be found in stdout+stderr; null for none
 * @param row       column → expected value (exact, or {@code /regex/}) for the first row of a query
 * @param rows      expected number of rows, null for any
 */
public record Expect(List<Integer> exitCodes, String output, String noOutput, Map<String, String> row, Integer rows) {
    public static final Expect DEFAULT = new Expect(List.of(0), null, null, Map.of(), null);
}
