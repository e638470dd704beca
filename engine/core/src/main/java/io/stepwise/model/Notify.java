package io.stepwise.model;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who is told when a run needs a person, fails or ends: the {@code notify:} block of an inventory or of a
 * {@code --notify} file.
 *
 * @param console  the web console's base URL, for links in messages (null: no link)
 * @param on       the events sent (every target's default)
 * @param timeout  how long one delivery attempt may take
 * @param retries  further attempts after a failed one
 * @param webhooks JSON POSTs
 * @param command  a command run with the event (JSON on stdin, STEPWISE_* variables); null for none
 */
public record Notify(String console, Set<Event> on, Duration timeout, int retries, List<Webhook> webhooks,
                     String command) {
    /** Default time for one attempt. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default further attempts. */
    public static final int DEFAULT_RETRIES = 2;

    public Notify {
        on = Set.copyOf(on);
        webhooks = List.copyOf(webhooks);
    }

    /** What a notification is about. */
    public enum Event {
        WAITING, FAILED, IN_DOUBT, FINISHED, ABANDONED;

        /** As written in YAML and sent: waiting, failed, in_doubt, finished, abandoned. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One webhook.
     *
     * @param url     where to POST (a literal, or {@code {env: NAME}} when the URL itself is a secret)
     * @param headers header name → value (literal or {@code {env: NAME}})
     * @param on      the events it gets; null: the block's
     */
    public record Webhook(SecretRef url, Map<String, SecretRef> headers, Set<Event> on) {
        public Webhook {
            headers = Map.copyOf(headers);
            on = on == null ? null : Set.copyOf(on);
        }

        /**
         * Whether {@code url} is an http(s) URL with a host, as the HTTP client will parse it (a '|', a space or a
         * line break is not): checked by {@code validate} for a literal URL, when it is called for one from the
         * environment.
         */
        public static boolean httpUrl(String url) {
            try {
                java.net.URI u = new java.net.URI(url);
                return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
            } catch (java.net.URISyntaxException e) {
                return false;
            }
        }
    }
}
