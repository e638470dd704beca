/**
 * The {@code stepwise} command line: one picocli class per command, each returning an
 * {@link io.stepwise.cli.ExitCode}; {@link io.stepwise.cli.ErrorHandler} turns every failure into
 * an exit code and one readable line.
 */
package io.stepwise.cli;
