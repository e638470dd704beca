/**
 * Hosts reached over SSH with JSch: one session per host for the whole run, commands on exec
 * channels, files over SFTP, SQL through a local port forward, reboots, and strict host key checking
 * against known_hosts (an unknown or changed key is refused, never accepted silently), on every jump
 * host of a ProxyJump chain too. Logins offer the ssh-agent's keys, then key files (an encrypted one
 * decrypted with a passphrase given once per run).
 * {@link io.stepwise.transport.ssh.SshConnector} is the entry point.
 */
package io.stepwise.transport.ssh;
