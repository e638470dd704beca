/**
 * How a run meets people: the masked terminal {@link io.stepwise.view.Screen}, the person at the keyboard
 * ({@link io.stepwise.view.Operator}, {@link io.stepwise.view.ConsoleOperator}), the step table
 * ({@link io.stepwise.view.Summary}) and the report. Reads store and model values; the runner writes
 * through it; it never drives a run.
 */
package io.stepwise.view;
