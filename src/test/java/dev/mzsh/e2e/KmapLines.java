package dev.mzsh.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks kmap text against memorizer-abi.md (both generations); returns the lines that do not fit. */
final class KmapLines {
    private static final String HEX = "[0-9a-f]+";
    private static final String DEC = "[0-9]+";
    private static final String SDEC = "-?[0-9]+";
    private static final String STR = "[^,]*";
    static final Pattern CURRENT_OBJECT = Pattern.compile(String.join(",", HEX, SDEC, HEX, DEC, DEC, DEC, HEX, STR, STR, STR, STR));
    static final Pattern CURRENT_ACCESS = Pattern.compile("  " + String.join(",", HEX, DEC, DEC, SDEC));
    static final Pattern LEGACY_OBJECT = Pattern.compile(String.join(",", HEX, SDEC, HEX, DEC, DEC, DEC, HEX, STR));
    static final Pattern LEGACY_ACCESS = Pattern.compile("  " + String.join(",", HEX, SDEC, DEC, DEC));

    private KmapLines() {}

    static List<String> bad(String kmap, boolean legacy) {
        Pattern object = legacy ? LEGACY_OBJECT : CURRENT_OBJECT;
        Pattern access = legacy ? LEGACY_ACCESS : CURRENT_ACCESS;
        List<String> bad = new ArrayList<>();
        int n = 0;
        for (String line : kmap.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (!(line.startsWith(" ") ? access : object).matcher(line).matches()) {
                bad.add(n + ": " + line);
            }
        }
        return bad;
    }

    /** The command field of each object line. */
    static List<String> commands(String kmap, boolean legacy) {
        List<String> commands = new ArrayList<>();
        for (String line : kmap.split("\n")) {
            if (!line.isEmpty() && !line.startsWith(" ")) {
                String[] f = line.split(",", -1);
                commands.add(f[legacy ? 7 : 8]);
            }
        }
        return commands;
    }
}
