package dev.mzsh.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks kmap text against the shapes the kernel prints under no_hash_pointers
 * (docs/memorizer-abi.md, "The kmap format"): alloc_ip by %-p (16
 * characters, short values padded with trailing spaces), the other pointers by
 * %p (16 zero-padded digits; 4.x: "(null)" in the field width). Returns the
 * lines that do not fit. Object lines have 10 (4.x) or 11 fields before any
 * comma a command adds; access lines ip,writes,reads[,pid].
 */
final class KmapLines {
    private static final String LP = "(?:(?=[0-9a-f ]{16},)[0-9a-f]+ *|\\(null\\) {10})";
    private static final String P = "(?:[0-9a-f]{16}| {10}\\(null\\))";
    private static final String DEC = "[0-9]+";
    private static final String SDEC = "-?[0-9]+";
    static final Pattern OBJECT =
            Pattern.compile(LP + "," + String.join(",", SDEC, P, DEC, DEC, DEC, P) + ",[A-Z_]*,.*,[^,]*(,[A-Z_]*)?");
    static final Pattern ACCESS = Pattern.compile("  " + String.join(",", P, DEC, DEC) + "(," + SDEC + ")?");

    private KmapLines() {}

    static List<String> bad(String kmap) {
        List<String> bad = new ArrayList<>();
        int n = 0;
        for (String line : kmap.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (!(line.startsWith(" ") ? ACCESS : OBJECT).matcher(line).matches()) {
                bad.add(n + ": " + line);
            }
        }
        return bad;
    }

    /** The command field of each object line (commands without commas). */
    static List<String> commands(String kmap) {
        List<String> commands = new ArrayList<>();
        for (String line : kmap.split("\n")) {
            if (!line.isEmpty() && !line.startsWith(" ")) {
                commands.add(line.split(",", -1)[8]);
            }
        }
        return commands;
    }
}
