package io.stepwise.lab;

import io.stepwise.cli.Main;
import io.stepwise.run.Connectors;
import io.stepwise.transport.ssh.SshConnector;
import io.stepwise.transport.ssh.SshTarget;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;

/**
 * {@code stepwise} for the lab tests, run in a child process like an operator's. While a build's
 * {@link Connectors} still expects the SSH transport to be registered ({@code registerSsh}), this registers
 * the JSch connector; once the engine wires SSH itself, it only runs the CLI.
 */
public final class LabCli {
    private LabCli() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        for (Method m : Connectors.class.getMethods()) {
            if (m.getName().equals("registerSsh") && m.getParameterCount() == 1) {
                Class<?> factory = m.getParameterTypes()[0];
                Object ssh = Proxy.newProxyInstance(factory.getClassLoader(), new Class<?>[] {factory},
                        (proxy, method, a) -> {
                            if (!method.getName().equals("create")) {
                                return method.invoke(new Object(), a);
                            }
                            io.stepwise.model.Inventory inventory = (io.stepwise.model.Inventory) a[0];
                            return new SshConnector(inventory.ssh(), Clock.systemUTC(), inventory.source(),
                                    SshTarget.defaultSshConfig());
                        });
                m.invoke(null, ssh);
            }
        }
        Main.main(args);
    }
}
