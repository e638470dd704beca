package io.stepwise.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Notify;
import io.stepwise.model.SecretRef;
import io.stepwise.run.StepKey;
import io.stepwise.testing.FakeClock;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries to a real HTTP receiver on 127.0.0.1 and to a command: the payload (Slack-compatible text on one
 * line, the console link, custom headers from the environment, no secret), retries after a 500 and after a
 * receiver that does not answer, and a receiver that is down — each recorded, none thrown.
 */
class NotifierTest {
    private static final String SECRET = "s3cr3t-Pa55";

    @TempDir
    Path dir;

    /** What the recorder was told. */
    record Delivery(String event, String target, boolean delivered, int attempts, String detail) {
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** Makes the pauses between attempts: recorded, none waited for. */
    private final FakeClock time = new FakeClock();

    private Notifier notifier(Notify notify) {
        return notifier(notify, Map.of("HOOK_TOKEN", "Bearer tok-123"));
    }

    private Notifier notifier(Notify notify, Map<String, String> env) {
        return Notifier.of(notify, new Notifier.Run("r1", "secondary-resync", "east-pair"), env,
                t -> t.replace(SECRET, "****"), (e, t, ok, n, d) -> deliveries.add(new Delivery(e, t, ok, n, d)),
                Clock.systemUTC(), time);
    }

    private static Notify hook(String url, Duration timeout, int retries) {
        return new Notify("http://127.0.0.1:8421", EnumSet.allOf(Notify.Event.class), timeout, retries,
                List.of(new Notify.Webhook(new SecretRef(null, null, url),
                        Map.of("Authorization", new SecretRef("HOOK_TOKEN", null, null)), null)), null);
    }

    @Test
    void aWebhookGetsSlackCompatibleJsonWithTheLinkAndItsHeaderAndNoSecret() throws Exception {
        try (Receiver r = new Receiver(() -> 200)) {
            Notifier n = notifier(hook(r.url(), Duration.ofSeconds(5), 0));
            n.waiting(new StepKey("ha-page", "xop-b"), "Open the HA page; password " + SECRET + "\nthen confirm.");
            n.finished("r1");
            n.drain(Duration.ofSeconds(30));
            assertThat(r.requests).hasSize(2);
            Receiver.Request w = r.requests.get(0);
            assertThat(w.header("Authorization")).isEqualTo("Bearer tok-123");
            assertThat(w.header("Content-Type")).startsWith("application/json");
            assertThat(w.body()).contains("\"text\":\"stepwise: run r1 (secondary-resync on east-pair) waits for a person"
                    + " at step ha-page on xop-b: Open the HA page; password ****", "\"event\":\"waiting\"",
                    "\"link\":\"http://127.0.0.1:8421/runs/r1\"").doesNotContain(SECRET);
            assertThat(r.requests.get(1).body()).contains("\"event\":\"finished\"");
            assertThat(deliveries).extracting(Delivery::delivered).containsExactly(true, true);
            assertThat(deliveries.get(0).target()).isEqualTo("webhook http://127.0.0.1:"
                    + r.url().split(":")[2].split("/")[0] + "/…").doesNotContain("T0SECRETPATH");
        }
    }

    @Test
    void aHostileValueCannotPingAChannelOrForgeALinkInSlack() throws Exception {
        try (Receiver r = new Receiver(() -> 200)) {
            Notifier n = notifier(hook(r.url(), Duration.ofSeconds(5), 0));
            n.failed("dump", "<!channel> see <https://evil.example|the fix> & \"quotes\"\n\u001b[2J");
            n.drain(Duration.ofSeconds(30));
            var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.requests.get(0).body());
            assertThat(body.get("text").asText()).contains("&lt;!channel&gt; see &lt;https://evil.example|the fix&gt;"
                    + " &amp; \"quotes\"").doesNotContain("<!channel>", "<https");
            assertThat(body.get("event").asText()).isEqualTo("failed");
        }
    }

    @Test
    void aNoteOrAHostsOutputCannotForgeASecondLine() throws Exception {
        Path env = dir.resolve("env");
        try (Receiver r = new Receiver(() -> 200)) {
            Notifier n = notifier(new Notify("http://127.0.0.1:8421", EnumSet.allOf(Notify.Event.class),
                    Duration.ofSeconds(10), 0, hook(r.url(), Duration.ofSeconds(5), 0).webhooks(),
                    "printf '%s' \"$STEPWISE_TEXT\" >> " + env + "; echo >> " + env));
            String forged = "stepwise: run r1 (secondary-resync on east-pair) finished — http://127.0.0.1:8421/runs/r1";
            n.failed("ha-page", "manual step ha-page on xop-b was rejected by ann: ok\n" + forged
                    + "\r\n\u2028" + forged + "\u2029\u202elag " + SECRET + "\u001b[2J\tend");
            n.abandoned("ann", "done\r" + forged);
            n.drain(Duration.ofSeconds(30));
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<String> texts = r.requests.stream().map(q -> {
                try {
                    return json.readTree(q.body()).get("text").asText();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(texts).hasSize(2);
            assertThat(texts.get(0)).isEqualTo("stepwise: run r1 (secondary-resync on east-pair) failed: manual step"
                    + " ha-page on xop-b was rejected by ann: ok ⏎ " + forged + " ⏎  ⏎ " + forged + " ⏎ &lt;U+202E&gt;lag"
                    + " ****^[[2J\tend — http://127.0.0.1:8421/runs/r1");
            assertThat(texts.get(1)).contains("was abandoned by ann: done^M" + forged);
            List<String> lines = Files.readAllLines(env);
            assertThat(lines).as("one line per message in STEPWISE_TEXT").hasSize(2);
            assertThat(lines.get(0)).startsWith("stepwise: run r1 (secondary-resync on east-pair) failed: ")
                    .contains("ok ⏎ stepwise: run r1").doesNotContain(SECRET);
            for (String t : List.of(texts.get(0), texts.get(1), lines.get(0), lines.get(1))) {
                assertThat(t.chars().filter(c -> c < 0x20 && c != '\t' || c == 0x2028 || c == 0x2029
                        || io.stepwise.text.Escape.isControl(c))).as(t).isEmpty();
            }
        }
    }

    @Test
    void a500IsRetriedUntilItIsTaken() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Receiver r = new Receiver(() -> calls.incrementAndGet() <= 2 ? 500 : 204)) {
            Notifier n = notifier(hook(r.url(), Duration.ofSeconds(5), 3));
            n.failed("dump", "exit 2");
            n.drain(Duration.ofSeconds(30));
            assertThat(r.requests).hasSize(3);
            assertThat(deliveries).containsExactly(new Delivery("failed", deliveries.get(0).target(), true, 3, null));
            assertThat(time.sleeps()).as("a pause before each retry, doubling")
                    .containsExactly(Notifier.FIRST_PAUSE, Notifier.FIRST_PAUSE.multipliedBy(2));
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerIsGivenUpAfterTheRetries() throws Exception {
        try (Receiver r = new Receiver(() -> -1)) {
            Notifier n = notifier(hook(r.url(), Duration.ofMillis(300), 1));
            n.inDoubt("dump", "the connection dropped");
            n.drain(Duration.ofSeconds(30));
            assertThat(r.requests).hasSize(2);
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).delivered()).isFalse();
            assertThat(deliveries.get(0).attempts()).isEqualTo(2);
            assertThat(deliveries.get(0).detail()).contains("no answer within 300 ms");
            assertThat(time.sleeps()).containsExactly(Notifier.FIRST_PAUSE);
        }
    }

    @Test
    void aTargetThatDoesNotAnswerDelaysOnlyItsOwnMessagesAndWhatIsLeftAtExitIsRecorded() throws Exception {
        try (Receiver dead = new Receiver(() -> -1); Receiver good = new Receiver(() -> 200)) {
            Notify both = new Notify(null, EnumSet.allOf(Notify.Event.class), Duration.ofSeconds(3), 2, List.of(
                    new Notify.Webhook(new SecretRef(null, null, dead.url()), Map.of(), null),
                    new Notify.Webhook(new SecretRef(null, null, good.url()), Map.of(), null)), null);
            Notifier n = notifier(both);
            n.waiting(new StepKey("ha-page", "xop-b"), "Open the HA page");
            n.finished("r1");
            n.drain(Duration.ofSeconds(1));
            assertThat(good.requests).as("the answering target got both at once").hasSize(2);
            String deadName = "webhook http://127.0.0.1:" + dead.url().split(":")[2].split("/")[0] + "/…";
            assertThat(deliveries).as("one record for each message to each target").hasSize(4);
            assertThat(deliveries).filteredOn(d -> d.target().equals(deadName)).extracting(Delivery::delivered)
                    .containsExactly(false, false);
            assertThat(deliveries).filteredOn(d -> !d.target().equals(deadName)).extracting(Delivery::delivered)
                    .containsExactly(true, true);
            assertThat(deliveries).filteredOn(d -> d.target().equals(deadName)).extracting(Delivery::detail)
                    .anyMatch(d -> d.startsWith("not sent: the engine exited"));
        }
    }

    @Test
    void aReceiverThatStallsInItsAnswersBodyIsGivenUpAtTheTimeout() throws Exception {
        try (Receiver r = new Receiver(() -> -2)) {
            Notifier n = notifier(hook(r.url(), Duration.ofMillis(300), 0));
            n.failed("dump", "exit 2");
            n.drain(Duration.ofSeconds(20));
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).delivered()).isFalse();
            assertThat(deliveries.get(0).detail()).contains("no answer within 300 ms");
        }
    }

    @Test
    void aSecretHeaderOrUrlWithALineBreakIsNeverRecordedNorShown() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream was = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try (Receiver r = new Receiver(() -> 200)) {
            Notify notify = new Notify(null, EnumSet.allOf(Notify.Event.class), Duration.ofSeconds(5), 0, List.of(
                    new Notify.Webhook(new SecretRef(null, null, r.url()),
                            Map.of("Authorization", new SecretRef("HOOK_TOKEN", null, null)), null),
                    new Notify.Webhook(new SecretRef("SLACK_URL", null, null), Map.of(), null)), null);
            Notifier n = notifier(notify, Map.of("HOOK_TOKEN", "Bearer tok-SEKRIT-123\r",
                    "SLACK_URL", "https://hooks.example/services/T0/B0/SLACKSEKRET\n"));
            n.failed("dump", "exit 2");
            n.drain(Duration.ofSeconds(20));
            assertThat(deliveries).extracting(Delivery::detail).anyMatch(d -> d != null
                    && d.contains("from environment variable SLACK_URL is not an http(s) URL"));
            assertThat(deliveries).filteredOn(d -> d.event().equals("failed")).singleElement()
                    .satisfies(d -> assertThat(d.delivered()).isFalse());
            assertThat(deliveries.toString()).doesNotContain("SEKRIT", "SLACKSEKRET", "tok-");
        } finally {
            System.setErr(was);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("SLACKSEKRET", "SEKRIT");
    }

    @Test
    void aReceiverThatIsDownIsRecordedAndNothingIsThrown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Notifier n = notifier(hook("http://127.0.0.1:" + port + "/hook", Duration.ofSeconds(2), 1));
        n.finished("r1");
        n.drain(Duration.ofSeconds(30));
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.get(0).delivered()).isFalse();
        assertThat(deliveries.get(0).detail()).contains("connection refused");
    }

    @Test
    void aCommandGetsTheEventInItsEnvironmentAndOnStdinNeverInItsText() throws Exception {
        Path out = dir.resolve("got");
        Path pwned = dir.resolve("pwned");
        Notify notify = new Notify(null, Set.of(Notify.Event.FAILED), Duration.ofSeconds(10), 0, List.of(),
                "cat > " + out + "; echo \"$STEPWISE_EVENT $STEPWISE_STEP\" >> " + out);
        Notifier n = notifier(notify);
        n.finished("r1"); // not wanted: only failed
        n.failed("$(touch " + pwned + ")", "exit 1; `touch " + pwned + "`");
        n.drain(Duration.ofSeconds(30));
        assertThat(deliveries).containsExactly(new Delivery("failed", "command", true, 1, null));
        assertThat(Files.readString(out)).contains("\"event\":\"failed\"", "failed $(touch " + pwned + ")");
        assertThat(pwned).doesNotExist();
    }
}
