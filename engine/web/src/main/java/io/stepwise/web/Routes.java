package io.stepwise.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import io.stepwise.access.Access;
import io.stepwise.run.RunException;
import io.stepwise.store.StoreException;
import io.stepwise.text.Escape;
import io.stepwise.web.view.Inert;
import io.stepwise.web.view.PageInfo;
import io.stepwise.web.view.RunView;
import io.stepwise.web.view.WaitingView;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's pages and forms. A before-handler sets the security headers on every response (Jetty's own
 * error responses get them from {@link JettyErrors}), sends a request without a live session to the sign-in
 * page, and refuses a POST whose CSRF token is not the session's.
 */
final class Routes {
    static final String SESSION_COOKIE = "stepwise_session";
    static final String SIGNIN_COOKIE = "stepwise_signin";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String SESSION = "session";

    private final Engine engine;
    private final Access access;
    private final RunViews runs;
    private final ProcedureViews procedures;
    private final Throttle throttle;
    private final boolean tls;
    private final PrintWriter log;
    private final Clock clock;
    private final Map<String, String> headers;
    private final byte[] htmx = Templates.resource("/META-INF/resources/webjars/htmx.org/" + Versions.HTMX
            + "/dist/htmx.min.js");
    private final byte[] css = Templates.resource("/io/stepwise/web/static/console.css");

    Routes(Engine engine, Access access, RunViews runs, ProcedureViews procedures, Throttle throttle, boolean tls,
           PrintWriter log, Clock clock) {
        this.engine = engine;
        this.access = access;
        this.runs = runs;
        this.procedures = procedures;
        this.throttle = throttle;
        this.tls = tls;
        this.log = log;
        this.clock = clock;
        this.headers = headers(tls);
    }

    void install(RoutesConfig r) {
        r.before(this::guard);
        r.get("/static/htmx.min.js", ctx -> asset(ctx, htmx, "text/javascript"));
        r.get("/static/console.css", ctx -> asset(ctx, css, "text/css"));
        r.get("/signin", ctx -> signInPage(ctx, null, HttpStatus.OK));
        r.post("/signin", this::signIn);
        r.post("/signout", this::signOut);
        r.get("/", ctx -> ctx.redirect("/runs", HttpStatus.SEE_OTHER));
        r.get("/runs", ctx -> page(ctx, "runs.jte", "Runs", Map.of("view", runs.runs(ctx.queryParam("state"),
                ctx.queryParam("cluster")))));
        r.get("/runs/table", ctx -> fragment(ctx, "runstable.jte", Map.of("view", runs.runs(ctx.queryParam("state"),
                ctx.queryParam("cluster")))));
        r.get("/runs/{id}", ctx -> {
            RunView v = runs.run(ctx.pathParam("id"));
            page(ctx, "run.jte", "Run " + v.id(), Map.of("run", v));
        });
        r.get("/runs/{id}/live", ctx -> fragment(ctx, "runlive.jte", Map.of("run", runs.run(ctx.pathParam("id")))));
        r.get("/runs/{id}/report", ctx -> ctx.html(HtmlReport.render(runs.run(ctx.pathParam("id")), false)));
        r.get("/runs/{id}/log/{step}/{host}", ctx -> ctx.contentType("text/plain; charset=utf-8").result(
                Inert.text(engine.log(ctx.pathParam("id"), ctx.pathParam("step"), ctx.pathParam("host")))));
        r.get("/runs/{id}/steps/{step}", ctx -> waitingPage(ctx, null, HttpStatus.OK));
        r.post("/runs/{id}/steps/{step}/decide", this::decide);
        r.get("/procedures", ctx -> page(ctx, "procedures.jte", "Procedures", Map.of("items", procedures.list())));
        r.get("/procedures/{file}", this::procedure);
        r.exception(StepwiseException.class, (e, ctx) -> error(ctx, e.getMessage(),
                e.kind() == StepwiseException.Kind.STORE ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.NOT_FOUND));
        r.exception(StoreException.class, (e, ctx) -> error(ctx, "run store: " + e.getMessage(),
                HttpStatus.SERVICE_UNAVAILABLE));
        r.exception(Exception.class, (e, ctx) -> {
            report(ctx, e);
            error(ctx, "internal error (" + e.getClass().getSimpleName() + "); the server's output has the details",
                    HttpStatus.INTERNAL_SERVER_ERROR);
        });
    }

    /**
     * An internal error on the server's output: when, which request, whose session, and the stack trace, control
     * characters made visible as everywhere the CLI writes ({@link Escape#terminal}), since the message and the
     * path may carry a request's text.
     */
    private void report(Context ctx, Exception e) {
        Access.Session s = ctx.attribute(SESSION);
        log.println(Escape.oneLine("console: internal error at " + clock.instant() + " on " + ctx.method() + " "
                + ctx.path() + (s == null ? "" : " (" + s.operator().name() + ")") + ": ") + trace(e));
        log.flush();
    }

    /**
     * A stack trace whose only line breaks are its own: each exception's line (class and message, which may carry a
     * request's text) is made one line, so a message cannot add a line that reads as the server's.
     */
    static String trace(Throwable e) {
        StringBuilder sb = new StringBuilder();
        trace(sb, e, "", java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return sb.toString();
    }

    private static void trace(StringBuilder sb, Throwable t, String head, java.util.Set<Throwable> seen) {
        if (!seen.add(t)) {
            sb.append('\n').append(head).append("[circular reference: ").append(Escape.oneLine(t.toString())).append(']');
            return;
        }
        sb.append(sb.length() == 0 ? "" : "\n").append(head).append(Escape.oneLine(t.toString()));
        for (StackTraceElement f : t.getStackTrace()) {
            sb.append("\n\tat ").append(Escape.oneLine(f.toString()));
        }
        for (Throwable suppressed : t.getSuppressed()) {
            trace(sb, suppressed, "\tSuppressed: ", seen);
        }
        if (t.getCause() != null) {
            trace(sb, t.getCause(), "Caused by: ", seen);
        }
    }

    /** The security headers of every response, in order. */
    static Map<String, String> headers(boolean tls) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Frame-Options", "DENY");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cache-Control", "no-store");
        if (tls) {
            h.put("Strict-Transport-Security", "max-age=31536000");
        }
        return java.util.Collections.unmodifiableMap(h);
    }

    private void guard(Context ctx) throws StoreException {
        headers.forEach(ctx::header);
        String path = ctx.path();
        if (ctx.method() == HandlerType.POST && !formReadable(ctx)) {
            ctx.skipRemainingHandlers();
            return;
        }
        if (path.startsWith("/static/") || path.equals("/signin")) {
            return;
        }
        if (path.equals("/favicon.ico")) {
            ctx.status(HttpStatus.NOT_FOUND).result("");
            ctx.skipRemainingHandlers();
            return;
        }
        Optional<Access.Session> session = access.session(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            if (ctx.header("HX-Request") != null) {
                ctx.header("HX-Redirect", "/signin").status(HttpStatus.UNAUTHORIZED);
            } else {
                ctx.redirect("/signin", HttpStatus.SEE_OTHER);
            }
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(SESSION, session.get());
        if (ctx.method() == HandlerType.POST && !Access.same(ctx.formParam("csrf"), session.get().csrf())) {
            error(ctx, "refused: this form's security token is missing or stale. Reload the page and try again.",
                    HttpStatus.FORBIDDEN);
            ctx.skipRemainingHandlers();
        }
    }

    /**
     * Whether a POST's form can be read; if not, the 4xx is sent. The console's forms are URL-encoded: another
     * type is 415, and a body that cannot be read as one (a bad %-escape) is 400 — the sender's error, not an
     * internal one, and nothing is decided.
     */
    private static boolean formReadable(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        if (!media.equalsIgnoreCase("application/x-www-form-urlencoded")) {
            error(ctx, "refused: a form is sent as application/x-www-form-urlencoded, not "
                    + (media.isEmpty() ? "without a type" : media) + ". Reload the page and use its form.",
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            return false;
        }
        try {
            ctx.formParamMap();
            return true;
        } catch (Exception e) { // Javalin (Kotlin) may also throw the body's IOException, undeclared
            error(ctx, "refused: the form could not be read (" + Escape.oneLine(String.valueOf(e.getMessage()))
                    + "). Reload the page and use its form.", HttpStatus.BAD_REQUEST);
            return false;
        }
    }

    private void signInPage(Context ctx, String message, HttpStatus status) {
        // One token per browser while its cookie lives: a second load (another tab, a favicon redirected here)
        // must not invalidate the form already shown.
        String had = ctx.cookie(SIGNIN_COOKIE);
        String token = had != null && had.matches("[A-Za-z0-9_-]{32}") ? had : Tokens.random();
        ctx.header("Set-Cookie", cookie(SIGNIN_COOKIE, token, "/signin", 900));
        ctx.status(status).html(Templates.render("signin.jte", Map.of("page", new PageInfo("Sign in", null, false,
                token), "message", Inert.text(message))));
    }

    private void signIn(Context ctx) throws StoreException {
        String address = ctx.ip();
        if (!Access.same(ctx.formParam("csrf"), ctx.cookie(SIGNIN_COOKIE))) {
            signInPage(ctx, "This sign-in form expired; try again.", HttpStatus.FORBIDDEN);
            return;
        }
        // A valid token signs in even while the address is locked: operators reaching the console through ssh -L
        // all come from 127.0.0.1, and anyone who can reach it would otherwise keep them out of their gates by
        // failing a sign-in now and then. Tokens are 256 random bits: the lock is for the noise of guessing.
        Duration wait = throttle.wait(address);
        Optional<Access.Session> session = access.signIn(ctx.formParam("token"), address);
        if (session.isEmpty() && !wait.isZero()) {
            signInPage(ctx, "Too many failed sign-ins from " + address + ": try again in "
                    + Math.max(1, wait.toSeconds()) + " s.", HttpStatus.TOO_MANY_REQUESTS);
            return;
        }
        if (session.isEmpty()) {
            throttle.failed(address);
            signInPage(ctx, "No operator has this token. Ask for one: stepwise operator add NAME.",
                    HttpStatus.UNAUTHORIZED);
            return;
        }
        throttle.succeeded(address);
        long ttl = Math.max(1, Duration.between(java.time.Instant.now(), session.get().expiresAt()).toSeconds());
        ctx.header("Set-Cookie", cookie(SESSION_COOKIE, session.get().id(), "/", ttl));
        ctx.redirect("/runs", HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) throws StoreException {
        access.signOut(ctx.cookie(SESSION_COOKIE));
        ctx.header("Set-Cookie", cookie(SESSION_COOKIE, "", "/", 0));
        ctx.redirect("/signin", HttpStatus.SEE_OTHER);
    }

    private String cookie(String name, String value, String path, long maxAge) {
        return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (tls ? "; Secure" : "");
    }

    private void waitingPage(Context ctx, String message, HttpStatus status) throws StepwiseException {
        Access.Session s = ctx.attribute(SESSION);
        WaitingView v = runs.waiting(ctx.pathParam("id"), ctx.pathParam("step"), s.operator());
        Map<String, Object> params = new HashMap<>();
        params.put("page", info(ctx, "Step " + v.stepId()));
        params.put("view", v);
        params.put("message", Inert.text(message)); // a refusal quotes evidence values and earlier notes
        ctx.status(status).html(Templates.render("waiting.jte", params));
    }

    private void decide(Context ctx) throws StepwiseException {
        Access.Session s = ctx.attribute(SESSION);
        if (!s.operator().approver()) {
            waitingPage(ctx, "Refused: " + s.operator().name() + " is a viewer; only approvers may confirm or reject.",
                    HttpStatus.FORBIDDEN);
            return;
        }
        String decision = ctx.formParam("decision");
        if (!"confirm".equals(decision) && !"reject".equals(decision)) {
            waitingPage(ctx, "Refused: choose confirm or reject.", HttpStatus.BAD_REQUEST);
            return;
        }
        String note = ctx.formParam("note");
        try {
            Decisions.decide(engine, ctx.pathParam("id"), ctx.pathParam("step"), "confirm".equals(decision),
                    note == null || note.isBlank() ? null : note.strip(), s.operator().name(), ctx.ip(),
                    Decisions.seen(ctx::formParam));
        } catch (StepwiseException e) {
            if (e.kind() == StepwiseException.Kind.STORE) {
                throw e;
            }
            waitingPage(ctx, "Refused: " + e.getMessage(), HttpStatus.CONFLICT);
            return;
        }
        ctx.redirect("/runs/" + java.net.URLEncoder.encode(ctx.pathParam("id"), StandardCharsets.UTF_8),
                HttpStatus.SEE_OTHER);
    }

    private void procedure(Context ctx) throws StepwiseException {
        int chosen;
        try {
            chosen = ctx.queryParam("inventory") == null ? -1 : Integer.parseInt(ctx.queryParam("inventory"));
        } catch (NumberFormatException e) {
            chosen = -1;
        }
        var v = procedures.one(ctx.pathParam("file"), chosen);
        if (v.isEmpty()) {
            error(ctx, "no procedure " + ctx.pathParam("file") + " in the console's procedures directory",
                    HttpStatus.NOT_FOUND);
            return;
        }
        page(ctx, "procedure.jte", v.get().item().shownFile(), Map.of("view", v.get()));
    }

    private void page(Context ctx, String template, String title, Map<String, Object> values) {
        Map<String, Object> params = new HashMap<>(values);
        params.put("page", info(ctx, title));
        ctx.html(Templates.render(template, params));
    }

    private static void fragment(Context ctx, String template, Map<String, Object> values) {
        ctx.html(Templates.render(template, values));
    }

    private static PageInfo info(Context ctx, String title) {
        Access.Session s = ctx.attribute(SESSION);
        return s == null ? new PageInfo(title, null, false, "")
                : new PageInfo(title, s.operator().name(), s.operator().approver(), s.csrf());
    }

    private static void error(Context ctx, String message, HttpStatus status) {
        ctx.status(status).html(Templates.render("error.jte", Map.of("page", info(ctx, "Error"),
                "message", Inert.text(message))));
    }

    private static void asset(Context ctx, byte[] bytes, String type) {
        ctx.header("Cache-Control", "max-age=3600");
        ctx.contentType(type + "; charset=utf-8").result(bytes);
    }
}
