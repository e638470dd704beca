package io.stepwise.transport;

/**
 * What a Ctrl-C stop did to one command under way.
 *
 * @param host      the host's inventory name
 * @param pid       the command's process group on that host; -1 when the host never reported it
 * @param started   false when the command had not been sent to the host yet: it never will be, and nothing ran
 * @param confirmed whether the host confirmed that the command has stopped (always, when it had not started)
 * @param why       when not confirmed, why not (e.g. "the host did not answer within 3s"); else null
 */
public record Stopped(String host, long pid, boolean started, boolean confirmed, String why) {
    /** A command that Ctrl-C caught before it was sent: it will not be, so nothing ran. */
    public static Stopped notStarted(String host) {
        return new Stopped(host, -1, false, true, null);
    }
}
