/**
 * The procedure, inventory and plan as immutable values: records and sealed interfaces, no I/O.
 * Everything else in Stepwise reads these; only {@code io.stepwise.load} builds them from YAML.
 */
package io.stepwise.model;
