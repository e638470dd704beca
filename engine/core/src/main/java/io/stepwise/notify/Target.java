package io.stepwise.notify;

import io.stepwise.model.Notify;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Where a notification goes: one attempt of a delivery, and the target's name as recorded (no secret in it). */
abstract class Target {
    private final Set<Notify.Event> on;

    Target(Set<Notify.Event> on) {
        this.on = on;
    }

    boolean wants(Notify.Event e) {
        return on.contains(e);
    }

    /** E.g. {@code webhook https://hooks.example.com/…} or {@code command}. */
    abstract String name();

    /** One attempt; throws with a one-line reason when it did not arrive. */
    abstract void send(Message m, Duration timeout) throws Exception;

    /** A JSON POST; the URL and the header values may be secrets, so neither is ever recorded or shown. */
    static final class Webhook extends Target {
        private final HttpClient http;
        private final Map<String, String> headers;

        private final URI uri;

        /** {@code url} must parse ({@link Notify.Webhook#httpUrl}): the caller checks, so that no error quotes it. */
        Webhook(HttpClient http, String url, Map<String, String> headers, Set<Notify.Event> on) {
            super(on);
            this.http = http;
            this.uri = URI.create(url);
            this.headers = headers;
        }

        @Override
        String name() {
            return "webhook " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + "/…";
        }

        /**
         * One POST, bounded as a whole by {@code timeout}: the client's own timeout covers only the wait for the
         * response's headers, and a receiver that sends them and then stalls in the body would hold the sender.
         */
        @Override
        void send(Message m, Duration timeout) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(m.json(), StandardCharsets.UTF_8));
            headers.forEach(b::header);
            java.util.concurrent.CompletableFuture<HttpResponse<Void>> answer =
                    http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<Void> r;
            try {
                r = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                answer.cancel(true);
                throw new java.net.http.HttpTimeoutException("no complete answer");
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            } catch (InterruptedException e) {
                answer.cancel(true);
                throw e;
            }
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
        }
    }

    /** A command run with {@code sh -c}; the message reaches it only on stdin and in variables, never in its text. */
    static final class Command extends Target {
        private final String command;
        private final Function<String, String> mask;

        Command(String command, Set<Notify.Event> on, Function<String, String> mask) {
            super(on);
            this.command = command;
            this.mask = mask;
        }

        @Override
        String name() {
            return "command";
        }

        @Override
        void send(Message m, Duration timeout) throws Exception {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().keySet().removeIf(k -> k.startsWith("STEPWISE_SECRET_"));
            pb.environment().putAll(m.environment());
            Process p = pb.start();
            try {
                p.getOutputStream().write(m.json().getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
            } catch (java.io.IOException e) {
                // the command need not read its input
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("no end within " + timeout.toMillis() + " ms; stopped");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(mask.apply("exit " + p.exitValue()));
            }
        }
    }
}
