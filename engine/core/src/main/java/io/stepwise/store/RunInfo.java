package io.stepwise.store;

import java.time.Instant;
import java.util.Map;

/**
 * What a run was started with.
 *
 * @param params           parameter values with secrets masked ({@code ****})
 * @param stepFingerprints step id → fingerprint, compared on resume to detect edits
 */
public record RunInfo(String id, String procedure, String cluster, String procedureFile, String inventoryFile,
                      String operator, Instant startedAt, Map<String, String> params, String procedureFingerprint,
                      String inventoryFingerprint, Map<String, String> stepFingerprints) {
}
