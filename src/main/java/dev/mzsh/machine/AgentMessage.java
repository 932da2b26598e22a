package dev.mzsh.machine;

import java.util.Optional;

/**
 * One reply line of the guest agent (see initramfs-root/sbin/mzsh-agent):
 * {@code H PROTO RELEASE SHARE}, {@code S ID PID}, {@code R ID STATUS}, {@code P ID};
 * and, from the guest init before the agent starts, {@code B STAGE UPTIME}.
 */
public sealed interface AgentMessage {
    record Hello(int protocol, String release, boolean share) implements AgentMessage {}

    record Started(long id, long pid) implements AgentMessage {}

    record Result(long id, int status) implements AgentMessage {}

    record Pong(long id) implements AgentMessage {}

    /** A boot stage the guest init reached ({@code init}, {@code modules}, {@code ready}), at its uptime. */
    record Stage(String name, double uptimeSeconds) implements AgentMessage {}

    /** Parses one line; anything malformed is empty (and ignored by the channel). */
    static Optional<AgentMessage> parse(String line) {
        String[] w = line.strip().split(" ");
        try {
            switch (w[0]) {
                case "H":
                    if (w.length == 4) {
                        return Optional.of(new Hello(Integer.parseInt(w[1]), w[2], w[3].equals("yes")));
                    }
                    break;
                case "S":
                    if (w.length == 3) {
                        return Optional.of(new Started(Long.parseLong(w[1]), Long.parseLong(w[2])));
                    }
                    break;
                case "R":
                    if (w.length == 3) {
                        return Optional.of(new Result(Long.parseLong(w[1]), Integer.parseInt(w[2])));
                    }
                    break;
                case "B":
                    if (w.length == 3 && w[1].matches("[a-z][a-z-]{0,31}")) {
                        double up = Double.parseDouble(w[2]);
                        if (up >= 0 && up < 1e9) {
                            return Optional.of(new Stage(w[1], up));
                        }
                    }
                    break;
                case "P":
                    if (w.length == 2) {
                        return Optional.of(new Pong(Long.parseLong(w[1])));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
