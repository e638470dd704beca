/** Test harnesses that start real servers (a private MariaDB, a private sshd) on 127.0.0.1 and clean up after. */
package io.stepwise.testing;
