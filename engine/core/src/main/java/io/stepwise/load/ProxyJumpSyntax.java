package io.stepwise.load;

import java.util.regex.Pattern;

/**
 * The inventory's {@code ssh: proxy_jump} as OpenSSH's ProxyJump writes it: {@code [user@]host[:port]} hops,
 * comma-separated ({@code ssh://} allowed, IPv6 in brackets), or {@code none}. Checked at load time so a typo
 * is reported at its line and column, not when the first step connects.
 */
final class ProxyJumpSyntax {
    private static final Pattern HOP = Pattern.compile(
            "(ssh://)?([A-Za-z0-9._][A-Za-z0-9._-]*@)?(\\[[0-9A-Fa-f:.%]+]|[A-Za-z0-9_%][A-Za-z0-9._%-]*)(:([0-9]{1,5}))?");

    private ProxyJumpSyntax() {
    }

    private static String show(String s) {
        return Yaml.abbreviate(s).replaceAll("\\p{Cntrl}", "?");
    }

    /** Null when {@code value} is valid, else what is wrong with it (for "proxy_jump " + problem). */
    static String problem(String value) {
        if (value.isBlank()) {
            return "is empty: give [user@]host[:port] (comma-separated for several jump hosts), or none";
        }
        if (value.strip().equalsIgnoreCase("none")) {
            return null;
        }
        for (String hop : value.split(",", -1)) {
            var m = HOP.matcher(hop.strip());
            if (!m.matches()) {
                return "'" + show(value) + "': '" + show(hop.strip()) + "' is not [user@]host[:port]"
                        + " — write jump hosts as in ssh's ProxyJump, e.g. ops@bastion.example.com:22,10.0.0.5";
            }
            if (m.group(5) != null && (Integer.parseInt(m.group(5)) < 1 || Integer.parseInt(m.group(5)) > 65535)) {
                return "'" + show(value) + "': port " + m.group(5) + " of '" + show(hop.strip())
                        + "' is not from 1 to 65535";
            }
        }
        return null;
    }
}
