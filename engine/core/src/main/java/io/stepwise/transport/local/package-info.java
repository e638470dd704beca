/**
 * The {@code local} connection: commands run on the engine's own machine through bash, files are
 * local files, SQL goes straight to the inventory's database host and port. Used by the quickstart,
 * by tests, and for steps aimed at the operator's machine.
 */
package io.stepwise.transport.local;
