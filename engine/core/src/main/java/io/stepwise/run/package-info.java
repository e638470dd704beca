/**
 * Executes a {@link io.stepwise.model.Plan} durably: every state change of every step on every host
 * is appended to the {@link io.stepwise.store.RunStore} before the engine moves on, so a run survives
 * a crash, a Ctrl-C or a shift change and resumes without doing anything twice.
 */
package io.stepwise.run;
