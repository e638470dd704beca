/**
 * From YAML text to {@link io.stepwise.model} values: the only code that sees snakeyaml-engine.
 * Composes the file into nodes (with line and column), builds the records and reports every
 * problem of a file in one pass as {@link io.stepwise.load.Problem}s, errors and lint warnings alike.
 */
package io.stepwise.load;
