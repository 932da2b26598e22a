package dev.mzsh.machine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an SSH target is: {@code ssh://USER@HOST[:PORT]} (an IPv6 host in brackets).
 * A password in the address is refused: mzsh never takes one on the command line.
 */
public record SshAddress(String user, String host, int port) {
    private static final Pattern FORM =
            Pattern.compile("ssh://([^@:/\\s]+)@(\\[[0-9A-Fa-f:.]+\\]|[^@:/\\[\\]\\s]+)(?::(\\d{1,5}))?/?");

    /** Parses the address, or says in one line what a right one looks like. */
    public static SshAddress parse(String text) {
        if (text.startsWith("ssh://") && text.substring(6).matches("[^@/]*:[^@/]*@.*")) {
            throw new IllegalArgumentException("no password on the command line: give ssh://USER@HOST[:PORT] and a key"
                    + " (--identity FILE, or ~/.ssh/id_*)");
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not ssh://USER@HOST[:PORT]");
        }
        int port = m.group(3) == null ? 22 : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (1-65535)");
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new SshAddress(m.group(1), host, port);
    }

    /** The name known_hosts uses: HOST, or [HOST]:PORT off port 22 (as OpenSSH writes it). */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    @Override
    public String toString() {
        return "ssh://" + user + "@" + (host.contains(":") ? "[" + host + "]" : host) + (port == 22 ? "" : ":" + port);
    }
}
