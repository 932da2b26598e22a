package dev.mzsh.cli;

import java.util.List;

/**
 * Turns off two things picocli does when its first command line is built that mzsh has no use
 * for, through picocli's own system properties. Its factory looks for Groovy's
 * {@code groovy.lang.Closure}; that miss searches every jar on the class path, which opens all
 * 23 of them. Its type converters for {@code java.sql} and {@code java.time} load those
 * packages by reflection; no mzsh option takes such a type. Measured on {@code mzsh kmap access}
 * of a 0.6 MB kmap, 16 interleaved runs: median 0.529 s before, 0.460 s after (bench/README.md).
 */
final class PicocliStartup {
    /** picocli's {@code picocli.converters.excludes}: regular expressions of class names. */
    static final List<String> EXCLUDED_CONVERTERS = List.of("java\\.sql\\..*", "java\\.time\\..*");

    private PicocliStartup() {}

    /** Sets the properties unless the user set them (java -D...); before the first command line. */
    static void skipUnusedWork() {
        setUnlessGiven("picocli.disable.closures", "true");
        setUnlessGiven("picocli.converters.excludes", String.join(",", EXCLUDED_CONVERTERS));
    }

    private static void setUnlessGiven(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
