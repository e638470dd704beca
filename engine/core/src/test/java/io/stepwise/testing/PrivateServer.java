package io.stepwise.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A field that {@link PrivateServers} fills with a private server of the field's type ({@link Sshd} or
 * {@link MariaDb}) and stops afterwards, also when the test fails. A static field gets one server for the
 * test class; an instance field a fresh one for each test.
 *
 * <pre>{@code
 * class SomeTest {
 *     @PrivateServer static Sshd sshd;                                   // one for the class
 *     @PrivateServer(config = "MaxSessions 2") Sshd limited;              // one per test, sshd_config lines
 *     @PrivateServer(config = "log-bin=mysql-bin") static MariaDb db;     // mariadbd options
 * }
 * }</pre>
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PrivateServers.class)
public @interface PrivateServer {
    /** For sshd: lines appended to sshd_config; for MariaDB: {@code name=value} server options. */
    String[] config() default {};
}
