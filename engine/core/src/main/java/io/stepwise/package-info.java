/**
 * The facade: {@link io.stepwise.Engine} is the one entry point of every command (validate, plan, graph,
 * trust, start, resume, decide, status, report, rehearse). Each command goes through one pipeline
 * ({@code Pipeline}: load → check → plan) and then to the stage that does its work; the CLI and the web
 * console import only this package. The packages below it and the direction of their arrows are described
 * in docs/architecture.md and checked by {@code ArchitectureTest}.
 */
package io.stepwise;
