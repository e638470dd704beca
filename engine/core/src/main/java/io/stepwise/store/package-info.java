/**
 * The run store: an append-only history of every run's state changes, kept in SQLite by default or
 * in a MySQL/MariaDB database shared by a team, plus the leases that let one engine drive a run.
 */
package io.stepwise.store;
