/**
 * Replication operations (source position, replica status, start, stop, reset, point the replica at a
 * source) in the statement spelling of the server's version: MariaDB, MySQL 5.7/8.0, 8.0.22+, 8.4+.
 */
package io.stepwise.replication;
