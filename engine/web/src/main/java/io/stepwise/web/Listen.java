package io.stepwise.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the console listens: {@code HOST:PORT} ({@code [::1]:PORT} for IPv6). Loopback addresses are reached
 * through {@code ssh -L}; any other needs TLS, or an explicit {@code --insecure-http}.
 */
public record Listen(String host, int port) {
    public static final String DEFAULT = "127.0.0.1:8421";

    public static Listen parse(String text) throws ConsoleException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ConsoleException("--listen " + text + ": expected HOST:PORT, e.g. " + DEFAULT);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ConsoleException("--listen " + text + ": the port must be a number from 0 to 65535");
        }
        return new Listen(host, port);
    }

    /** True when every address the host names is a loopback address (only this machine can connect). */
    public boolean loopback() throws ConsoleException {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new ConsoleException("--listen " + host + ":" + port + ": unknown host " + host
                    + "; give an address of this machine, e.g. " + DEFAULT);
        }
    }
}
