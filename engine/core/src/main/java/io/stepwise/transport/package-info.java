/**
 * How the engine reaches a host: commands, SQL and files. The runner sees only these interfaces;
 * {@code local} (this machine), {@code ssh} (JSch) and the SQL client implement them. Resources are
 * opened lazily and closed in one place, {@link io.stepwise.transport.Connector#close()}.
 */
package io.stepwise.transport;
