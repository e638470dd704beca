package io.stepwise.run;

import java.util.Locale;

/**
 * Where a decision came from, recorded with it.
 *
 * @param kind    terminal (the engine's own prompt), cli ({@code stepwise confirm/reject}) or web (the console)
 * @param address the machine (terminal, cli) or the client's address (web); null when unknown
 * @param login   who the channel knows the person to be: the OS login (terminal, cli) or the signed-in
 *                operator (web). A step with approvers or four_eyes is decided under this name only.
 */
public record Channel(Kind kind, String address, String login) {
    /** The ways a decision reaches the run store. */
    enum Kind {
        TERMINAL, CLI, WEB;

        /** As recorded and shown: terminal, cli, web. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equals(s)) {
                    return k;
                }
            }
            return null;
        }
    }

    public Channel {
        if (kind == null) {
            throw new IllegalArgumentException("a decision's channel needs a kind");
        }
    }

    /** The engine's prompt on this machine, the OS login as who. */
    static Channel terminal(String login) {
        return new Channel(Kind.TERMINAL, thisMachine(), login);
    }

    /** {@code stepwise confirm/reject} on this machine. */
    public static Channel cli(String login) {
        return new Channel(Kind.CLI, thisMachine(), login);
    }

    /** The web console; {@code clientAddress} as the server saw it. */
    public static Channel web(String clientAddress, String operator) {
        return new Channel(Kind.WEB, clientAddress, operator);
    }

    /** E.g. {@code web 10.0.0.7} or {@code cli xop-admin}. */
    String describe() {
        return kind.label() + (address == null || address.isBlank() ? "" : " " + address);
    }

    static String thisMachine() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | SecurityException e) {
            return null;
        }
    }
}
