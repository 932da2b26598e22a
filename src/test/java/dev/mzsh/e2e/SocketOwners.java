package dev.mzsh.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The sockets a process holds, classified from /proc/PID/fd and /proc/net/*. */
final class SocketOwners {
    /** One socket: its table (tcp, tcp6, udp, udp6, unix, or "other"), local address and whether it listens. */
    record Sock(long inode, String table, String local, boolean listening) {
        @Override
        public String toString() {
            return table + " " + local + (listening ? " LISTEN" : "");
        }
    }

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private SocketOwners() {}

    static List<Sock> of(long pid) throws IOException {
        Map<Long, Sock> known = new HashMap<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/" + table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                long inode = Long.parseLong(f[9]);
                known.put(inode, new Sock(inode, table, decode(f[1]), f[3].equals("0A")));
            }
        }
        List<String> unix = Files.readAllLines(Path.of("/proc/net/unix"));
        for (String line : unix.subList(1, unix.size())) {
            String[] f = line.strip().split("\\s+");
            long inode = Long.parseLong(f[6]);
            known.put(inode, new Sock(inode, "unix", f.length > 7 ? f[7] : "", false));
        }
        List<Sock> socks = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                Matcher m = SOCKET_LINK.matcher(target);
                if (m.matches()) {
                    long inode = Long.parseLong(m.group(1));
                    socks.add(known.getOrDefault(inode, new Sock(inode, "other", "", false)));
                }
            }
        }
        return socks;
    }

    /** "0100007F:1F90" (little-endian IPv4, hex port) as "127.0.0.1:8080"; IPv6 kept in hex. */
    private static String decode(String hex) {
        String[] ap = hex.split(":");
        int port = Integer.parseInt(ap[1], 16);
        if (ap[0].length() != 8) {
            return "[" + ap[0] + "]:" + port;
        }
        long a = Long.parseLong(ap[0], 16);
        return (a & 0xff) + "." + ((a >> 8) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 24) & 0xff) + ":" + port;
    }
}
