/**
 * The lab (examples/lab: a guide-configured MariaDB primary/secondary pair behind private sshd's) as a
 * test fixture, and the end-to-end scenarios of the shipped procedures that run on it.
 */
package io.stepwise.lab;
