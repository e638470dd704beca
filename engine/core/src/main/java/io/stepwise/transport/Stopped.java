package io.stepwise.transport;

/**
 * What a Ctrl-C stop did to one command under way.
 *
 * @param host      the host's inventory name
 * @param pid       the command's process group on that host; -1 when the host never reported it
 * @param confirmed whether the host confirmed that the command has stopped
 * @param why       when not confirmed, why not (e.g. "the host did not answer within 3s"); else null
 */
public record Stopped(String host, long pid, boolean confirmed, String why) {
}
