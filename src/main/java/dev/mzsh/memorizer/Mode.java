package dev.mzsh.memorizer;

import java.util.Optional;

/**
 * A value of {@code memorizer_enabled}: 0 off, 1 whole system, 2 the writing
 * process and its children plus interrupts, 3 the writing process and its
 * children only, or a pid (that process and its later children).
 */
public record Mode(int value) {
    public static final Mode OFF = new Mode(0);

    /** Parses 0-3, a pid, or the words off, system, process (= 3). */
    public static Mode parse(String text) {
        String t = text.strip().toLowerCase();
        switch (t) {
            case "off":
                return OFF;
            case "system":
                return new Mode(1);
            case "process":
                return new Mode(3);
            default:
                break;
        }
        try {
            int v = Integer.parseInt(t);
            if (v < 0) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not a mode: give 0 1 2 3, a pid, off, system or process");
            }
            return new Mode(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a mode: give 0 1 2 3, a pid, off, system or process");
        }
    }

    /**
     * Reads the mode back from what the kernel prints: the first number on the
     * line, or {@code Y}/{@code N} of the 4.x boolean; empty for anything else.
     */
    public static Optional<Mode> readBack(String text) {
        String t = text.strip();
        if (t.equals("Y")) {
            return Optional.of(new Mode(1));
        }
        if (t.equals("N")) {
            return Optional.of(OFF);
        }
        String first = t.split("[^0-9]", 2)[0];
        if (first.isEmpty() || first.length() > 9) {
            return Optional.empty();
        }
        return Optional.of(new Mode(Integer.parseInt(first)));
    }

    /** As {@link #readBack}, or a one-line error that shows the text. */
    public static Mode fromKernel(String text) {
        return readBack(text)
                .orElseThrow(() -> new MemorizerException(
                        "memorizer_enabled reads '" + text.strip() + "', which mzsh does not know as a mode"));
    }

    /** Modes 2 and 3 mark the process that writes the file, so the write must come from the traced command's shell. */
    public boolean marksWriter() {
        return value == 2 || value == 3;
    }

    public String describe() {
        return switch (value) {
            case 0 -> "0 (off)";
            case 1 -> "1 (whole system)";
            case 2 -> "2 (marked processes and interrupts)";
            case 3 -> "3 (marked processes)";
            default -> value + " (pid " + value + " and its later children)";
        };
    }
}
