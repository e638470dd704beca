package io.stepwise.web;

import io.javalin.Javalin;
import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import io.stepwise.access.Access;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The web console ({@code stepwise serve}): Javalin on Jetty over the engine's run store. It reads runs and
 * records decisions through the engine's facade; it never drives a run and holds no secrets or keys.
 */
public final class Console implements AutoCloseable {
    /**
     * How to serve.
     *
     * @param tlsKeystore  a PKCS#12 or JKS key store with the server's key and certificate; null: plain HTTP
     * @param insecureHttp plain HTTP on a non-loopback address, knowingly
     * @param log          where the console reports what went wrong on its side (an internal error with its stack
     *                     trace, control characters made visible): serve's standard error
     */
    public record Settings(Listen listen, Path procedures, Path tlsKeystore, String tlsPassword, boolean insecureHttp,
                           Duration sessionTtl, Clock clock, PrintWriter log) {
    }

    private final Javalin app;
    private final boolean tls;
    private final String host;

    private Console(Javalin app, boolean tls, String host) {
        this.app = app;
        this.tls = tls;
        this.host = host;
    }

    /** Starts serving; refuses a non-loopback address without TLS unless {@code insecureHttp}. */
    public static Console start(Engine engine, Settings s) throws ConsoleException {
        boolean tls = s.tlsKeystore() != null;
        if (!tls && !s.insecureHttp() && !s.listen().loopback()) {
            throw new ConsoleException("--listen " + s.listen().host() + ":" + s.listen().port() + " is reachable from"
                    + " other machines, and without TLS its session cookies and tokens would cross the network in"
                    + " clear: give --tls-keystore FILE (password in STEPWISE_TLS_PASSWORD), listen on 127.0.0.1 and"
                    + " reach it with ssh -L 8421:127.0.0.1:8421, or say --insecure-http if you accept that");
        }
        Access access;
        try {
            access = engine.access(s.sessionTtl());
        } catch (io.stepwise.StepwiseException e) {
            throw new ConsoleException(e.getMessage(), e);
        }
        Routes routes = new Routes(engine, access, new RunViews(engine, s.clock()),
                new ProcedureViews(s.procedures().toAbsolutePath().normalize(), engine), new Throttle(s.clock()), tls,
                s.log(), s.clock());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.generateEtags = false;
            config.jetty.threadPool = threads();
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors(tls)));
            if (tls) {
                config.jetty.addConnector((server, http) -> tlsConnector(server, http, s));
            } else {
                config.jetty.host = s.listen().host();
                config.jetty.port = s.listen().port();
            }
            routes.install(config.routes);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ConsoleException("cannot listen on " + s.listen().host() + ":" + s.listen().port() + ": "
                    + root.getMessage() + "; choose another --listen", e);
        }
        return new Console(app, tls, s.listen().host());
    }

    private static QueuedThreadPool threads() {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("console");
        return pool;
    }

    private static ServerConnector tlsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration http,
                                                Settings s) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(s.tlsKeystore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(s.tlsPassword() == null ? "" : s.tlsPassword());
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        c.setHost(s.listen().host());
        c.setPort(s.listen().port());
        return c;
    }

    /** The port listened on (the one chosen when asked for port 0). */
    int port() {
        for (org.eclipse.jetty.server.Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc && sc.getLocalPort() > 0) {
                return sc.getLocalPort();
            }
        }
        return app.port();
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8421/}. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "https" : "http") + "://" + h + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
    }
}
