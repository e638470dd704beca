package io.stepwise.transport.ssh;

import io.stepwise.model.SshSettings;
import io.stepwise.transport.TransportException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ProxyJump, as OpenSSH reads it: {@code [user@]host[:port]} hops, comma-separated, passed through in
 * order; {@code none} for none. Each hop is looked up in ~/.ssh/config like a host of its own (HostName,
 * User, Port, IdentityFile, UserKnownHostsFile, HostKeyAlias) and shares the target's keys and known_hosts
 * otherwise; the first hop's own ProxyJump is followed, as {@code ssh -J} does.
 */
final class JumpHosts {
    /** More hops than this is a ProxyJump loop in ~/.ssh/config. */
    static final int MAX_HOPS = 8;

    private JumpHosts() {
    }

    /** One hop of a ProxyJump value. */
    record Hop(String user, String host, Integer port) {
        String spec() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return (user == null ? "" : user + "@") + h + (port == null ? "" : ":" + port);
        }
    }

    /** The hops {@code target} passes through, each resolved, in order. */
    static List<SshTarget> resolve(SshTarget target, String spec, SshSettings s, Path sshConfig, String authSock)
            throws TransportException {
        return resolve(target, spec, s, sshConfig, authSock, 0);
    }

    private static List<SshTarget> resolve(SshTarget target, String spec, SshSettings s, Path sshConfig,
                                           String authSock, int depth) throws TransportException {
        List<Hop> hops = parse(spec, target.label());
        if (hops.isEmpty()) {
            return List.of();
        }
        String to = target.jumpFor() != null ? target.jumpFor() : target.name();
        List<SshTarget> out = new ArrayList<>();
        for (int i = 0; i < hops.size(); i++) {
            Hop hop = hops.get(i);
            // the hop's own ProxyJump is followed below for the first hop only, as ssh -J does
            SshSettings hs = new SshSettings(hop.user(), hop.port(), null, null, s.connectTimeout(), s.keepalive(),
                    s.useConfig(), "none", s.agent());
            SshTarget t = SshTarget.resolve(hop.spec(), hop.host(), hs, sshConfig, authSock, to, target);
            if (i == 0) {
                String own = ownJumps(hop, hs, sshConfig);
                if (own != null) {
                    if (depth >= MAX_HOPS) {
                        throw new TransportException(target.label() + ": ProxyJump goes through more than " + MAX_HOPS
                                + " jump hosts — is there a loop in ~/.ssh/config (a jump host that names itself)?");
                    }
                    out.addAll(resolve(t, own, hs, sshConfig, authSock, depth + 1));
                }
            }
            out.add(t);
        }
        if (out.size() > MAX_HOPS) {
            throw new TransportException(target.label() + ": ProxyJump goes through " + out.size() + " jump hosts,"
                    + " more than " + MAX_HOPS + " — is there a loop in ~/.ssh/config?");
        }
        return out;
    }

    private static String ownJumps(Hop hop, SshSettings hs, Path sshConfig) throws TransportException {
        if (Boolean.FALSE.equals(hs.useConfig())) {
            return null;
        }
        var cfg = SshTarget.config(sshConfig, hop.host());
        return cfg == null ? null : cfg.getValue("ProxyJump");
    }

    /** The hops of a ProxyJump value; none for null, blank or {@code none}. */
    static List<Hop> parse(String spec, String where) throws TransportException {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Hop> hops = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            hops.add(hop(part.trim(), spec, where));
        }
        return hops;
    }

    private static Hop hop(String p, String spec, String where) throws TransportException {
        String rest = p.startsWith("ssh://") ? p.substring(6) : p;
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        String host = rest;
        String port = null;
        if (rest.startsWith("[") && rest.contains("]")) {
            host = rest.substring(1, rest.indexOf(']'));
            String after = rest.substring(rest.indexOf(']') + 1);
            port = after.startsWith(":") ? after.substring(1) : after.isEmpty() ? null : after;
        } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
            host = rest.substring(0, rest.indexOf(':'));
            port = rest.substring(rest.indexOf(':') + 1);
        }
        Integer portNumber = null;
        if (port != null) {
            portNumber = port.matches("[0-9]{1,5}") ? Integer.valueOf(port) : null;
            if (portNumber == null || portNumber < 1 || portNumber > 65535) {
                throw bad(where, spec, "'" + p + "' has a port that is not a number from 1 to 65535");
            }
        }
        if (!host.matches("[A-Za-z0-9._%:-]+") || host.startsWith("-")) {
            throw bad(where, spec, "'" + p + "' is not [user@]host[:port]");
        }
        if (user != null && !user.matches("[A-Za-z0-9._][A-Za-z0-9._-]*")) {
            throw bad(where, spec, "'" + p + "' has an invalid user name");
        }
        return new Hop(user, host, portNumber);
    }

    private static TransportException bad(String where, String spec, String why) {
        return new TransportException(where + ": ProxyJump '" + spec.replaceAll("\\p{Cntrl}", "?") + "': " + why
                + " — write jump hosts as [user@]host[:port], comma-separated (ssh: proxy_jump in the inventory, or"
                + " ProxyJump in ~/.ssh/config)");
    }
}
