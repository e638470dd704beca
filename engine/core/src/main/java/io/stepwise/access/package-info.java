/**
 * Who may use the web console and decide at its gates: operators with a token shown once, sign-in
 * sessions that expire, CSRF tokens. Only hashes reach the run store.
 */
package io.stepwise.access;
