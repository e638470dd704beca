package io.stepwise.model;

import java.util.List;

/**
 * A role a procedure targets. {@code checks} are read-only steps (sql, run, replication status
 * with {@code expect}) that every host of the role must pass at start and on every resume, so a
 * pair that failed over during a pause is caught before anything runs.
 *
 * @param count how many hosts the role needs: {@code 1} for exactly one, {@code 0} for any number ≥ 1
 */
public record RoleSpec(String name, String description, int count, List<Step> checks, Mark mark) {
}
