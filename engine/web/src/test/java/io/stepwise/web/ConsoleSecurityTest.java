package io.stepwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in, sessions, CSRF, roles, headers and inert output, over HTTP against a real console. */
class ConsoleSecurityTest {
    static final List<String> PAGES = List.of("/", "/runs", "/runs/table", "/runs/r-1", "/runs/r-1/live",
            "/runs/r-1/report", "/runs/r-1/log/shout/box-1", "/runs/r-1/steps/check", "/procedures",
            "/procedures/hostile.yaml", "/no-such-page");

    @TempDir
    java.nio.file.Path dir;

    private ConsoleFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new ConsoleFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void everyPageWithoutASessionSendsToSignIn() throws Exception {
        var anonymous = f.client();
        for (String page : PAGES) {
            HttpResponse<String> r = anonymous.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(page).contains("/signin");
            assertThat(r.body()).as(page).doesNotContain("hostile").doesNotContain("r-1");
        }
        HttpResponse<String> post = anonymous.post("/runs/r-1/steps/check/decide", Map.of("decision", "confirm"));
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(f.decisions()).isEmpty();
        var withForgedCookie = f.client();
        withForgedCookie.http.cookieHandler().orElseThrow().put(java.net.URI.create(f.console.url()),
                Map.of("Set-Cookie", List.of("stepwise_session=forged; Path=/")));
        assertThat(withForgedCookie.get("/runs").statusCode()).isEqualTo(303);
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieAndPagesCarrySecurityHeaders() throws Exception {
        var c = f.client();
        HttpResponse<String> signIn = c.signIn(f.approverToken);
        assertThat(signIn.statusCode()).isEqualTo(303);
        String cookie = signIn.headers().allValues("Set-Cookie").stream()
                .filter(v -> v.startsWith("stepwise_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        for (String page : PAGES.subList(1, PAGES.size() - 1)) {
            HttpResponse<String> r = c.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(page)
                    .contains(Routes.CSP);
            assertThat(Routes.CSP).contains("script-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(page).contains("DENY");
            assertThat(r.headers().firstValue("Cache-Control")).as(page).contains("no-store");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(page).contains("nosniff");
        }
        HttpResponse<String> out = c.post("/signout", Map.of("csrf", c.csrfOf("/runs")));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(c.get("/runs").statusCode()).as("signed out").isEqualTo(303);
    }

    @Test
    void aWrongTokenIsRefusedAndRepeatedGuessesAreLockedOutButNotTheOperators() throws Exception {
        var c = f.client();
        for (int i = 0; i < Throttle.FREE; i++) {
            HttpResponse<String> r = c.signIn("sw_guess" + i);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("No operator has this token");
        }
        assertThat(c.signIn("sw_guess-again").statusCode()).isEqualTo(401);
        HttpResponse<String> locked = c.signIn("sw_guess-locked");
        assertThat(locked.statusCode()).as("the address is locked for guesses").isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed sign-ins from 127.0.0.1: try again in 1 s");
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(c.signIn("sw_guess-more").statusCode()).isEqualTo(401);
        HttpResponse<String> longer = c.signIn("sw_guess-locked-again");
        assertThat(longer.statusCode()).isEqualTo(429);
        assertThat(longer.body()).as("each failure doubles the wait").contains("try again in 2 s");
        // an operator behind the same address (ssh -L: everyone is 127.0.0.1) is not kept out by the guesses
        assertThat(f.client().signIn(f.approverToken).statusCode()).as("the right token, while locked").isEqualTo(303);
        assertThat(c.signIn("sw_after").statusCode()).as("a success clears the address").isEqualTo(401);
    }

    @Test
    void aSessionExpires() throws Exception {
        var c = f.client();
        c.signIn(f.viewerToken);
        assertThat(c.get("/runs").statusCode()).isEqualTo(200);
        f.clock.advance(Duration.ofHours(8).plusSeconds(1));
        assertThat(c.get("/runs").statusCode()).isEqualTo(303);
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
        var c = f.client();
        c.signIn(f.approverToken);
        HttpResponse<String> none = c.post("/runs/r-1/steps/check/decide", Map.of("decision", "confirm"));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("security token is missing or stale");
        HttpResponse<String> wrong = c.post("/runs/r-1/steps/check/decide",
                Map.of("decision", "confirm", "csrf", "forged"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        var other = f.client();
        other.signIn(f.approverToken);
        HttpResponse<String> anothers = c.post("/runs/r-1/steps/check/decide",
                Map.of("decision", "confirm", "csrf", other.csrfOf("/runs")));
        assertThat(anothers.statusCode()).as("another session's token").isEqualTo(403);
        assertThat(f.decisions()).isEmpty();
        var fresh = f.client();
        HttpResponse<String> signInWithoutForm = fresh.post("/signin", Map.of("csrf", "x", "token", f.approverToken));
        assertThat(signInWithoutForm.statusCode()).isEqualTo(403);
    }

    @Test
    void aViewerSeesTheStepButCannotDecide() throws Exception {
        var c = f.client();
        c.signIn(f.viewerToken);
        HttpResponse<String> page = c.get("/runs/r-1/steps/check");
        assertThat(page.body()).contains("only approvers may confirm or reject").doesNotContain("id=\"confirm\"");
        HttpResponse<String> r = c.post("/runs/r-1/steps/check/decide",
                Map.of("decision", "confirm", "csrf", ConsoleFixture.csrf(page.body())));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("vic is a viewer");
        assertThat(f.decisions()).isEmpty();
    }

    @Test
    void anApproversConfirmIsRecordedWithTheirNameAndNote() throws Exception {
        var c = f.client();
        c.signIn(f.approverToken);
        Map<String, String> form = new java.util.HashMap<>(hidden(c.get("/runs/r-1/steps/check").body()));
        form.put("decision", "confirm");
        form.put("note", "checked <b>it</b>");
        HttpResponse<String> r = c.post("/runs/r-1/steps/check/decide", form);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(f.decisions()).singleElement().satisfies(d -> {
            assertThat(d.actor()).isEqualTo("ann");
            assertThat(d.note()).isEqualTo("checked <b>it</b>");
            assertThat(d.data()).containsEntry("decision", "confirm");
        });
        assertThat(c.get("/runs/r-1/live").body()).contains("checked &lt;b&gt;it&lt;/b&gt;");
    }

    @Test
    void anApproverTheStepDoesNotNameIsRefused() throws Exception {
        var c = f.client();
        c.signIn(f.otherApproverToken);
        String page = c.get("/runs/r-1/steps/check").body();
        assertThat(page).contains("Only ann, dan may confirm this step.");
        HttpResponse<String> r = c.post("/runs/r-1/steps/check/decide", Map.of("decision", "confirm",
                "csrf", ConsoleFixture.csrf(page)));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("may be confirmed only by its approvers (ann, dan), not by bea");
        assertThat(f.decisions()).isEmpty();
    }

    @Test
    void theEvidenceShownIsRecordedWithTheDecisionAndAChangedOneIsRefused() throws Exception {
        var c = f.client();
        c.signIn(f.approverToken);
        String page = c.get("/runs/r-1/steps/check").body();
        assertThat(page).contains("probe &lt;i&gt;value&lt;/i&gt;").contains("lag=0\u241b[1m &lt;u&gt;ok&lt;/u&gt;");
        java.util.Map<String, String> form = new java.util.HashMap<>(hidden(page));
        form.put("decision", "confirm");
        form.put("evidence.1.value", java.util.Base64.getUrlEncoder().encodeToString("lag=99".getBytes()));
        HttpResponse<String> tampered = c.post("/runs/r-1/steps/check/decide", form);
        assertThat(tampered.statusCode()).isEqualTo(409);
        assertThat(tampered.body()).contains("changed since it was shown to you").contains("lag=99");
        assertThat(f.decisions()).isEmpty();

        form = new java.util.HashMap<>(hidden(page));
        form.put("decision", "confirm");
        form.put("note", "lag is zero");
        assertThat(c.post("/runs/r-1/steps/check/decide", form).statusCode()).isEqualTo(303);
        assertThat(f.decisions()).singleElement().satisfies(d -> {
            assertThat(d.data()).containsEntry("channel", "web").containsEntry("address", "127.0.0.1")
                    .containsEntry("evidence.1.value", "lag=0\u001b[1m <u>ok</u>");
        });
        assertThat(c.get("/runs/r-1/live").body()).contains("web 127.0.0.1").contains("saw probe &lt;i&gt;value&lt;/i&gt;");
        assertThat(HtmlReport.of(f.engine, "r-1")).contains("web 127.0.0.1").contains("lag is zero")
                .contains("saw probe &lt;i&gt;value&lt;/i&gt;");
    }

    private static Map<String, String> hidden(String html) {
        Map<String, String> out = new java.util.HashMap<>();
        var m = java.util.regex.Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
                .matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    @Test
    void hostileOutputIsShownInertAndTheSecretNowhere() throws Exception {
        var c = f.client();
        c.signIn(f.approverToken);
        StringBuilder all = new StringBuilder();
        for (String page : PAGES.subList(1, PAGES.size() - 1)) {
            String body = c.get(page).body();
            all.append(body);
            if (page.contains("/log/")) {
                assertThat(body).as("plain text, never sniffed as HTML").contains("<script>alert(1)")
                        .doesNotContain("\u001b").doesNotContain(ConsoleFixture.SECRET);
                continue;
            }
            assertThat(body).as(page).doesNotContain("<script>alert").doesNotContain("<img src=x")
                    .doesNotContain("\u001b").doesNotContain("<b>this</b>").doesNotContain(ConsoleFixture.SECRET);
        }
        assertThat(all).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("\u241b[31mred")
                .contains("&lt;img src=x onerror=alert(2)&gt;").contains("Check &lt;b&gt;this&lt;/b&gt;");
        assertThat(c.get("/runs/r-1/log/shout/box-1").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String report = HtmlReport.of(f.engine, "r-1");
        assertThat(report).doesNotContain(ConsoleFixture.SECRET).doesNotContain("<img src=x").contains("<style>")
                .doesNotContainIgnoringCase("<script").doesNotContain("href=\"/").doesNotContain("src=\"");
    }

    /** Bidi controls and invisible marks, which reorder or hide what a person compares. */
    static final String BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f";

    private static void assertNoBidi(String what, String body) {
        assertThat(body.chars().filter(c -> BIDI.indexOf(c) >= 0).mapToObj(c -> String.format("U+%04X", c)).toList())
                .as(what).isEmpty();
    }

    @Test
    void bidiControlsFromHostsAndNotesReachNoPageRaw() throws Exception {
        var c = f.client();
        c.signIn(f.approverToken);
        StringBuilder all = new StringBuilder();
        for (String page : PAGES.subList(1, PAGES.size() - 1)) {
            String body = c.get(page).body();
            assertNoBidi(page, body);
            all.append(body);
        }
        assertThat(all).as("shown as visible symbols").contains("\\u202edesrever\\u202c")
                .contains("\\u2067right to left\\u2069").contains("lag \\u202bof the replica\\u202c")
                .contains("lag=\\u202e sdnoces 0");

        String page = c.get("/runs/r-1/steps/check").body();
        Map<String, String> form = new java.util.HashMap<>(hidden(page));
        form.put("decision", "confirm");
        form.put("evidence.2.value", java.util.Base64.getUrlEncoder().encodeToString(
                "lag=0 \u202bseconds".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        HttpResponse<String> changed = c.post("/runs/r-1/steps/check/decide", form);
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.body()).contains("changed since it was shown to you").contains("lag=\\u202e sdnoces 0")
                .contains("lag=0 \\u202bseconds");
        assertNoBidi("the 409 page of changed evidence", changed.body());

        form = new java.util.HashMap<>(hidden(page));
        form.put("decision", "confirm");
        form.put("note", "lag is \u202ereversed\u202c \u200fzero");
        assertThat(c.post("/runs/r-1/steps/check/decide", form).statusCode()).isEqualTo(303);
        HttpResponse<String> again = c.post("/runs/r-1/steps/check/decide", form);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("was already confirmed by ann").contains("\\u202ereversed\\u202c \\u200fzero");
        assertNoBidi("the 409 page quoting the first decision's note", again.body());
        for (String p : List.of("/runs/r-1", "/runs/r-1/live", "/runs/r-1/report")) {
            String body = c.get(p).body();
            assertThat(body).as(p).contains("lag is \\u202ereversed");
            assertNoBidi(p, body);
        }
        assertNoBidi("report --format html", HtmlReport.of(f.engine, "r-1"));
    }

    @Test
    void aProcedureFileNamedWithABidiControlIsListedInertAndOpens() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "file names are UTF-8 only under a UTF-8 locale");
        java.nio.file.Files.writeString(dir.resolve("rtl-\u202egpj.yaml"), ConsoleFixture.PROCEDURE);
        var c = f.client();
        c.signIn(f.viewerToken);
        String list = c.get("/procedures").body();
        assertNoBidi("/procedures", list);
        assertThat(list).contains(">rtl-\\u202egpj.yaml</a>");
        String link = java.util.regex.Pattern.compile("href=\"(/procedures/rtl-[^\"]+)\"").matcher(list).results()
                .map(m -> m.group(1)).findFirst().orElseThrow();
        HttpResponse<String> listed = c.get(link);
        assertThat(listed.statusCode()).as("the listed link opens the file").isEqualTo(200);
        assertThat(listed.body()).contains("<h1>rtl-\\u202egpj.yaml</h1>");
        assertNoBidi(link, listed.body());
    }

    @Test
    void anInternalErrorIsOnTheServersOutputWithItsStackTrace() throws Exception {
        var c = f.client();
        c.signIn(f.approverToken);
        // a run store whose events were written by another program: a step state this version does not know
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f.dir.resolve("runs.db"));
             var st = db.createStatement()) {
            assertThat(st.executeUpdate("UPDATE events SET state = 'BOGUS' WHERE run_id = 'r-1' AND state IS NOT NULL"))
                    .isPositive();
        }
        HttpResponse<String> r = c.get("/runs/r-1");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("internal error (").contains("); the server's output has the details")
                .doesNotContain("\tat ");
        String log = f.log.toString();
        assertThat(log).contains("console: internal error at ", " on GET /runs/r-1 (ann): ",
                "java.lang.IllegalArgumentException: No enum constant", "\n\tat io.stepwise.");
    }

    @Test
    void aFormThatCannotBeReadIsTheSendersErrorAndDecidesNothing() throws Exception {
        var c = f.client();
        c.signIn(f.approverToken);
        String csrf = c.csrfOf("/runs/r-1/steps/check");
        Map<String, String[]> bodies = new java.util.LinkedHashMap<>();
        // a multipart form without its boundary, a form larger than the server reads, JSON, no type at all
        bodies.put("multipart/form-data", new String[] {"csrf=" + csrf + "&decision=confirm", "415"});
        bodies.put("application/x-www-form-urlencoded", new String[] {"csrf=" + csrf + "&decision=confirm&note="
                + "x".repeat(2_000_000), "400"});
        bodies.put("application/json", new String[] {"{\"csrf\": \"" + csrf + "\", \"decision\": \"confirm\"}", "415"});
        bodies.put("", new String[] {"csrf=" + csrf + "&decision=confirm", "415"});
        for (var e : bodies.entrySet()) {
            var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.console.url()
                    + "runs/r-1/steps/check/decide")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(e.getValue()[0]));
            if (!e.getKey().isEmpty()) {
                b.header("Content-Type", e.getKey());
            }
            HttpResponse<String> r = c.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(Integer.parseInt(e.getValue()[1]));
            assertThat(r.body()).as(e.getKey()).contains("refused: ").doesNotContain("internal error");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(e.getKey()).isPresent();
        }
        // the sign-in form too, before anyone is signed in
        HttpResponse<String> signIn = f.client().http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        f.console.url() + "signin")).header("Content-Type", "multipart/form-data")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + f.approverToken)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(415);
        assertThat(f.log.toString()).doesNotContain("internal error");
        assertThat(f.decisions()).isEmpty();
        // and the page's own form, sent with a charset parameter, is read and decides
        Map<String, String> form = new java.util.HashMap<>(hidden(c.get("/runs/r-1/steps/check").body()));
        form.put("decision", "confirm");
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        HttpResponse<String> ok = c.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.console.url()
                        + "runs/r-1/steps/check/decide")).header("Content-Type",
                        "Application/X-WWW-Form-Urlencoded ; charset=UTF-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(f.decisions()).hasSize(1);
    }

    @Test
    void anExceptionsMessageCannotAddALineToTheServersOutput() {
        var cause = new IllegalStateException("inner\nconsole: internal error at 2026-01-01T00:00:00Z on GET /x: forged");
        var e = new RuntimeException("outer\r\nconsole: internal error at 1970-01-01T00:00:00Z on POST /y: forged\u202e",
                cause);
        e.addSuppressed(new IllegalArgumentException("s\u2028console: forged too"));
        String t = Routes.trace(e);
        assertThat(t.lines()).allSatisfy(l -> assertThat(l).doesNotStartWith("console:"));
        assertThat(t.lines().filter(l -> !l.startsWith("\tat ")).toList()).containsExactly(
                "java.lang.RuntimeException: outer ⏎ console: internal error at 1970-01-01T00:00:00Z on POST /y: forged"
                        + "<U+202E>",
                "\tSuppressed: java.lang.IllegalArgumentException: s ⏎ console: forged too",
                "Caused by: java.lang.IllegalStateException: inner ⏎ console: internal error at 2026-01-01T00:00:00Z on"
                        + " GET /x: forged");
        assertThat(t).contains("\n\tat io.stepwise.web.ConsoleSecurityTest.anExceptionsMessageCannotAddALine");
    }

    @Test
    void jettysOwnErrorResponsesCarryTheSecurityHeadersToo() throws Exception {
        Map<String, String> requests = new java.util.LinkedHashMap<>();
        requests.put("GET /runs/%00 HTTP/1.1\r\nHost: x\r\n", "400");
        requests.put("GET /x<b> HTTP/1.1\r\nHost: x\r\n", "400"); // Illegal Path Character
        requests.put("GET /runs HTTP/1.1\r\n", "400"); // No Host
        requests.put("GET /runs HTTP/1.1\r\nHost: x\r\nBad Header\r\n", "400");
        requests.put("GET /runs HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(20_000) + "\r\n", "431");
        requests.put("POST /signin HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n", "400");
        requests.put("NONSENSE\r\n", "400");
        for (var e : requests.entrySet()) {
            String what = e.getKey().lines().findFirst().orElseThrow();
            String response;
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", f.console.port())) {
                s.getOutputStream().write((e.getKey() + "Connection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                response = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
            assertThat(head).as(what).startsWith("HTTP/1.1 " + e.getValue());
            Map<String, String> headers = new java.util.HashMap<>();
            head.lines().skip(1).map(l -> l.split(": ?", 2)).forEach(h -> headers.put(h[0].toLowerCase(), h[1]));
            assertThat(headers).as(what).containsEntry("content-security-policy", Routes.CSP)
                    .containsEntry("x-frame-options", "DENY").containsEntry("x-content-type-options", "nosniff")
                    .containsEntry("referrer-policy", "no-referrer").containsEntry("cache-control", "no-store");
        }
    }

    @Test
    void procedureNamesFromRequestsNeverReachTheFileSystem() throws Exception {
        var c = f.client();
        c.signIn(f.viewerToken);
        for (String p : List.of("/procedures/..%2F..%2Fetc%2Fpasswd", "/procedures/lab.yaml",
                "/procedures/%2Fetc%2Fpasswd")) {
            HttpResponse<String> r = c.get(p);
            assertThat(r.statusCode()).as(p).isIn(400, 404);
            assertThat(r.body()).as(p).doesNotContain("root:x:");
        }
        HttpResponse<String> plan = c.get("/procedures/hostile.yaml?inventory=0");
        assertThat(plan.body()).contains("id=\"plan\"").contains("box-1").doesNotContain(ConsoleFixture.SECRET);
    }
}
