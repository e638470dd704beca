/**
 * {@code stepwise rehearse}: proves on a lab that a procedure can be interrupted at every step and resumed
 * to the same end state. A driver runs the engine as child processes against a cluster marked
 * {@code rehearsal: true}, SIGKILLs it at chosen points (see {@link io.stepwise.run.Hold}), resumes it with
 * an operator's choices, and compares the postconditions and state probes with a clean run's.
 */
package io.stepwise.rehearse;
