package io.stepwise.web;

import io.stepwise.Engine;
import io.stepwise.RunResult;
import io.stepwise.model.Ticker;
import io.stepwise.store.RunEvent;
import io.stepwise.testing.FakeClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console on 127.0.0.1 over a temporary SQLite store holding one run paused at a manual step, whose
 * output is hostile (HTML, a script, ANSI escapes, bidi controls) and whose secret parameter must never show.
 */
final class ConsoleFixture implements AutoCloseable {
    static final String SECRET = "s3cr3t-Pa55-zq9";
    static final String PROCEDURE = """
            procedure: hostile
            title: Hostile output
            roles:
              box: this machine
            params:
              token: {secret: true}
            steps:
              - id: shout
                on: box
                run: printf '<script>alert(1)</script>\\n<img src=x onerror=alert(2)>\\n\\033[31mred\\033[0m\\n\\342\\200\\256desrever\\342\\200\\254\\n'; echo "secret {{token}}"
                capture: {tag: "(<img[^>]*>)"}
              - id: check
                on: box
                manual: "Check <b>this</b> and the secret {{token}}; \u2067right to left\u2069"
                approvers: [ann, dan]
                evidence:
                  - title: probe <i>value</i>
                    run: printf 'lag=0\\033[1m <u>ok</u>\\n'
                  - title: "lag \u202bof the replica\u202c"
                    run: printf 'lag=\\342\\200\\256 sdnoces 0\\n'
            """;
    static final String INVENTORY = """
            cluster: lab
            hosts:
              - name: box-1
                roles: [box]
                connection: local
            """;

    final Path dir;
    final FakeClock clock = new FakeClock(java.time.Instant.now());
    final Engine engine;
    final Console console;
    final String runId;
    final String approverToken;
    final String viewerToken;
    /** An approver not named by the step's approvers. */
    final String otherApproverToken;
    /** What the console wrote on its output (serve's standard error). */
    final StringWriter log = new StringWriter();

    ConsoleFixture(Path dir) throws Exception {
        this(dir, null);
    }

    ConsoleFixture(Path dir, Console.Settings tls) throws Exception {
        this.dir = dir;
        String store = dir.resolve("runs.db").toString();
        Files.writeString(dir.resolve("hostile.yaml"), PROCEDURE);
        Files.writeString(dir.resolve("lab.yaml"), INVENTORY);
        try (Engine runner = Engine.open(store, new Engine.Settings(Map.of("STEPWISE_SECRET_TOKEN", SECRET),
                new PrintWriter(new StringWriter()), Clock.systemUTC(), Ticker.SYSTEM, true, "carol"))) {
            RunResult r = runner.start(dir.resolve("hostile.yaml"), dir.resolve("lab.yaml"), Map.of(), "r-1");
            if (r.outcome() != RunResult.Outcome.PAUSED) {
                throw new AssertionError("the fixture's run should pause at its manual step: " + r);
            }
        }
        engine = Engine.open(store, new Engine.Settings(Map.of(), new PrintWriter(new StringWriter()), clock,
                Ticker.SYSTEM, true, "console"));
        var access = engine.access(Duration.ofHours(8));
        approverToken = access.add("ann", true);
        viewerToken = access.add("vic", false);
        otherApproverToken = access.add("bea", true);
        runId = "r-1";
        console = Console.start(engine, tls != null ? tls : new Console.Settings(new Listen("127.0.0.1", 0), dir, null,
                null, false, Duration.ofHours(8), clock, new PrintWriter(log, true)));
    }

    /** A browser-like client: its own cookie jar, no redirects followed. */
    Client client() {
        return new Client(HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    List<RunEvent> decisions() throws Exception {
        return engine.events(runId).stream().filter(e -> e.type() == RunEvent.EventType.DECISION).toList();
    }

    @Override
    public void close() {
        console.close();
        engine.close();
    }

    /** One browser's session with the console. */
    final class Client {
        final HttpClient http;

        Client(HttpClient http) {
            this.http = http;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(console.url() + path.substring(1))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return http.send(HttpRequest.newBuilder(URI.create(console.url() + path.substring(1)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Signs in with {@code token}; returns the sign-in POST's response. */
        HttpResponse<String> signIn(String token) throws Exception {
            String csrf = csrf(get("/signin").body());
            return post("/signin", Map.of("csrf", csrf, "token", token));
        }

        /** The CSRF token of the page at {@code path}. */
        String csrfOf(String path) throws Exception {
            return csrf(get(path).body());
        }
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token in the page: " + html);
        }
        return m.group(1);
    }
}
