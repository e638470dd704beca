package io.stepwise.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link PrivateServer}: starts a private sshd or MariaDB for each annotated
 * field (static: before all tests of the class; instance: before each test) and closes it when that scope
 * ends, through JUnit's store, so a failing test or setup never leaves a server behind.
 */
public final class PrivateServers implements BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PrivateServers.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        fill(context, context.getRequiredTestClass(), null);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            fill(context, instance.getClass(), instance);
        }
    }

    private static void fill(ExtensionContext context, Class<?> type, Object instance) throws Exception {
        for (Field f : AnnotationSupport.findAnnotatedFields(type, PrivateServer.class)) {
            if (Modifier.isStatic(f.getModifiers()) != (instance == null)) {
                continue;
            }
            AutoCloseable server = start(f);
            context.getStore(NS).put(f, server); // JUnit closes AutoCloseable values when the scope ends
            f.setAccessible(true);
            f.set(instance, server);
        }
    }

    private static AutoCloseable start(Field f) {
        List<String> config = List.of(f.getAnnotation(PrivateServer.class).config());
        if (f.getType() == Sshd.class) {
            return Sshd.start(config);
        }
        if (f.getType() == MariaDb.class) {
            MariaDb.Builder b = MariaDb.builder();
            for (String option : config) {
                int eq = option.indexOf('=');
                b.option(eq < 0 ? option : option.substring(0, eq), eq < 0 ? "" : option.substring(eq + 1));
            }
            return b.start();
        }
        throw new IllegalStateException("@PrivateServer on " + f + ": only Sshd and MariaDb fields can be filled");
    }
}
