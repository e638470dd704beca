package io.stepwise.notify;

import io.stepwise.model.Notify;
import io.stepwise.model.SecretRef;
import io.stepwise.model.Ticker;
import io.stepwise.run.Notices;
import io.stepwise.run.StepKey;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends notifications for one run in the background: each to every target that wants its event, one
 * attempt at a time with the block's timeout, retried with a doubling pause, and recorded (delivered or
 * given up) through the {@link Recorder}. Nothing here blocks or fails the run: {@link Notices} methods
 * return at once and every error ends as a record.
 */
public final class Notifier implements Notices, AutoCloseable {
    /** The first pause between attempts; it doubles. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    /** Where deliveries are recorded: the run's history. */
    @FunctionalInterface
    public interface Recorder {
        void record(String event, String target, boolean delivered, int attempts, String detail);
    }

    /** The run the messages are about. */
    public record Run(String id, String procedure, String cluster) {
    }

    private final Notify notify;
    private final Run run;
    private final List<Target> targets;
    private final Function<String, String> mask;
    private final Recorder recorder;
    private final Clock clock;
    private final Ticker ticker;
    /** One sender per target, so that a target that does not answer delays only its own messages. */
    private final Map<Target, ExecutorService> senders = new LinkedHashMap<>();
    /** Setup problems are recorded from here. */
    private final ExecutorService setup = sender("stepwise-notify");
    /** Deliveries not yet recorded: at exit, what is still queued or under way is recorded as not sent. */
    private final java.util.Set<Delivery> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** One message to one target. */
    private record Delivery(Target target, Message message, java.util.concurrent.atomic.AtomicInteger attempts) {
    }

    private static ExecutorService sender(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private Notifier(Notify notify, Run run, List<Target> targets, Function<String, String> mask, Recorder recorder,
                     Clock clock, Ticker ticker) {
        this.notify = notify;
        this.run = run;
        this.targets = targets;
        this.mask = mask;
        this.recorder = recorder;
        this.clock = clock;
        this.ticker = ticker;
        for (Target t : targets) {
            senders.put(t, sender("stepwise-notify " + t.name()));
        }
    }

    /**
     * A notifier for {@code run}; header values and secret URLs come from {@code env}, and {@code mask} hides
     * secrets in every text sent; {@code ticker} makes the pauses between attempts.
     */
    public static Notifier of(Notify notify, Run run, Map<String, String> env, Function<String, String> mask,
                              Recorder recorder, Clock clock, Ticker ticker) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(notify.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        List<Target> targets = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Notify.Webhook h : notify.webhooks()) {
            String url = resolve(h.url(), env, missing, "url");
            Map<String, String> headers = new LinkedHashMap<>();
            h.headers().forEach((k, v) -> headers.put(k, resolve(v, env, missing, "header " + k)));
            if (url != null && !Notify.Webhook.httpUrl(url)) {
                missing.add("webhook url" + (h.url().env() != null ? " from environment variable " + h.url().env() : "")
                        + " is not an http(s) URL with a host (a space, a newline or a character a URL may not hold?),"
                        + " so this webhook is not called; fix the value");
                url = null;
            }
            if (url != null && !headers.containsValue(null)) {
                targets.add(new Target.Webhook(http, url, headers, h.on() != null ? h.on() : notify.on()));
            }
        }
        // the values of secret URLs and headers, also as a message may quote them: cut at a line break or trimmed
        java.util.Set<String> hidden = new java.util.TreeSet<>(java.util.Comparator.comparingInt(String::length)
                .reversed().thenComparing(java.util.Comparator.naturalOrder()));
        for (Notify.Webhook h : notify.webhooks()) {
            List<SecretRef> refs = new ArrayList<>(h.headers().values());
            refs.add(h.url());
            for (SecretRef v : refs) {
                String value = v.env() == null ? null : env.get(v.env());
                if (value != null) {
                    hidden.add(value);
                    hidden.add(value.strip());
                    value.lines().map(String::strip).filter(l -> l.length() >= 4).forEach(hidden::add);
                }
            }
        }
        hidden.remove("");
        Function<String, String> all = text -> {
            String out = mask.apply(text);
            for (String h : hidden) {
                out = out == null ? null : out.replace(h, "****");
            }
            return out;
        };
        if (notify.command() != null) {
            targets.add(new Target.Command(notify.command(), notify.on(), all));
        }
        Notifier n = new Notifier(notify, run, targets, all, recorder, clock, ticker);
        missing.forEach(m -> n.setup.execute(() -> n.safeRecord("setup", "webhook", false, 0, m)));
        return n;
    }

    private static String resolve(SecretRef ref, Map<String, String> env, List<String> missing, String what) {
        if (ref.literal() != null) {
            return ref.literal();
        }
        String v = env.get(ref.env());
        if (v == null || v.isEmpty()) {
            missing.add("webhook " + what + ": environment variable " + ref.env() + " is not set, so this webhook"
                    + " is not called; set it for the engine's process");
            return null;
        }
        return v;
    }

    @Override
    public void waiting(StepKey key, String instructions) {
        String first = instructions == null ? "" : instructions.strip().lines().findFirst().orElse("");
        send(Notify.Event.WAITING, key.stepId(), key.host(), "waits for a person at step " + key.stepId() + " on "
                + key.host() + ": " + first);
    }

    @Override
    public void failed(String stepId, String reason) {
        send(Notify.Event.FAILED, stepId, null, "failed: " + reason);
    }

    @Override
    public void inDoubt(String stepId, String reason) {
        send(Notify.Event.IN_DOUBT, stepId, null, "is in doubt: " + reason);
    }

    @Override
    public void finished(String runId) {
        send(Notify.Event.FINISHED, null, null, "finished");
    }

    /** The run was given up by {@code who}. */
    public void abandoned(String who, String note) {
        send(Notify.Event.ABANDONED, null, null, "was abandoned by " + who + (note == null ? "" : ": " + note));
    }

    private void send(Notify.Event event, String step, String host, String what) {
        String link = notify.console() == null ? null : notify.console().replaceAll("/+$", "") + "/runs/"
                + URLEncoder.encode(run.id(), StandardCharsets.UTF_8);
        String text = mask.apply("stepwise: run " + run.id() + " (" + run.procedure() + " on " + run.cluster() + ") "
                + what + (link == null ? "" : " — " + link));
        Message m = new Message(event, run.id(), run.procedure(), run.cluster(), step, host, text, link,
                clock.instant());
        for (Target t : targets) {
            if (t.wants(event)) {
                Delivery d = new Delivery(t, m, new java.util.concurrent.atomic.AtomicInteger());
                pending.add(d);
                try {
                    senders.get(t).execute(() -> deliver(d));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    pending.remove(d); // closed: the run is over
                }
            }
        }
    }

    private void deliver(Delivery d) {
        Target t = d.target();
        Message m = d.message();
        String last = null;
        Duration pause = FIRST_PAUSE;
        int attempts = 0;
        for (int i = 0; i <= notify.retries(); i++) {
            attempts = d.attempts().incrementAndGet();
            try {
                t.send(m, notify.timeout());
                if (pending.remove(d)) {
                    safeRecord(m.event().yamlName(), t.name(), true, attempts, null);
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "stopped when the engine exited";
                break;
            } catch (Exception e) {
                last = reason(e);
            }
            if (i < notify.retries()) {
                try {
                    ticker.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                pause = pause.multipliedBy(2);
            }
        }
        if (pending.remove(d)) {
            safeRecord(m.event().yamlName(), t.name(), false, attempts, last);
        }
    }

    private String reason(Exception e) {
        String kind = e instanceof java.net.http.HttpTimeoutException ? "no answer within "
                + notify.timeout().toMillis() + " ms" : e instanceof java.net.ConnectException ? "connection refused"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String masked = mask.apply(kind); // whole, before it is cut: a secret may hold a line break
        return masked.lines().findFirst().orElse(masked);
    }

    private void safeRecord(String event, String target, boolean ok, int attempts, String detail) {
        try {
            recorder.record(event, target, ok, attempts, detail);
        } catch (RuntimeException e) {
            // recording is best effort: the run is never failed by a notification
        }
    }

    /**
     * Waits up to {@code max} in all for deliveries under way and queued, each target's beside the others', then
     * stops the rest and records each of them as not sent.
     */
    public void drain(Duration max) {
        List<ExecutorService> all = new ArrayList<>(senders.values());
        all.add(setup);
        all.forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + max.toNanos();
        try {
            for (ExecutorService e : all) {
                e.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(ExecutorService::shutdownNow);
        for (Delivery d : List.copyOf(pending)) {
            if (pending.remove(d)) {
                safeRecord(d.message().event().yamlName(), d.target().name(), false, d.attempts().get(),
                        d.attempts().get() == 0 ? "not sent: the engine exited while earlier messages to this target"
                        + " were still under way" : "stopped when the engine exited");
            }
        }
    }

    @Override
    public void close() {
        drain(Duration.ZERO);
    }
}
