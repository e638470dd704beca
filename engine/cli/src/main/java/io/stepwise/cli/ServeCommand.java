package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.web.Console;
import io.stepwise.web.ConsoleException;
import io.stepwise.web.Listen;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepwise serve}: the web console over the run store. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web console over the run store: runs live, each run's step graph and output, steps"
                + " waiting for a person with confirm/reject for approvers, reports, procedures. Every page needs a"
                + " signed-in operator (stepwise operator add). It records decisions; it never drives a run and holds"
                + " no secrets or SSH keys.",
        footer = {"", "Listening on another address than loopback needs TLS (--tls-keystore,",
            "password in STEPWISE_TLS_PASSWORD) or --insecure-http. Stop it with Ctrl-C.", "", "Examples:",
            "  stepwise serve          # http://127.0.0.1:8421/, reach it with ssh -L",
            "  stepwise serve --listen 0.0.0.0:8443 --tls-keystore console.p12 \\",
            "      --procedures /srv/procedures"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", defaultValue = Listen.DEFAULT, paramLabel = "HOST:PORT",
            description = "Where to listen (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--procedures", defaultValue = "procedures", paramLabel = "DIR",
            description = "The procedures shown on the procedures page (default: ${DEFAULT-VALUE}).")
    Path procedures;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "A PKCS#12 key store with the server's key and certificate: serve HTTPS."
                    + " Its password comes from STEPWISE_TLS_PASSWORD.")
    Path keystore;

    @Option(names = "--insecure-http", description = "Serve plain HTTP on a non-loopback address anyway.")
    boolean insecureHttp;

    @Option(names = "--session-hours", defaultValue = "8", paramLabel = "N",
            description = "How long a sign-in lasts (default: ${DEFAULT-VALUE}).")
    int sessionHours;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        PrintWriter out = spec.commandLine().getOut();
        if (sessionHours < 1) {
            throw new UserError(ExitCode.BAD_INPUT, "--session-hours " + sessionHours + ": give 1 or more");
        }
        if (keystore != null && !keystore.toFile().isFile()) {
            throw new UserError(ExitCode.BAD_INPUT, "--tls-keystore " + keystore + ": no such file");
        }
        try (Engine engine = store.open(out, true)) {
            Listen where = Listen.parse(listen);
            Console console = Console.start(engine, new Console.Settings(where, procedures, keystore,
                    System.getenv("STEPWISE_TLS_PASSWORD"), insecureHttp, Duration.ofHours(sessionHours),
                    Clock.systemUTC(), spec.commandLine().getErr()));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                console.close();
                stopped.countDown();
            }, "serve-stop"));
            if (keystore == null && !where.loopback()) {
                out.println("WARNING: serving plain HTTP on " + where.host() + " (--insecure-http): tokens and session"
                        + " cookies cross the network in clear");
            }
            out.println("stepwise console on " + console.url() + " (run store: "
                    + (store.location != null ? store.location : "default") + "). Sign in with a token from"
                    + " stepwise operator add NAME. Ctrl-C stops it.");
            out.flush();
            stopped.await();
            return ExitCode.OK;
        } catch (ConsoleException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage());
        }
    }
}
