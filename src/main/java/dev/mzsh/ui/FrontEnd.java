package dev.mzsh.ui;

/** Which interactive front end to start. */
public enum FrontEnd {
    PLAIN,
    SPLIT;

    /**
     * The split view on a capable terminal of at least 80x24; the plain prompt when
     * asked for, on a dumb terminal, or on a smaller screen.
     */
    public static FrontEnd choose(boolean plainAsked, String termEnv, String jlineType, int columns, int rows) {
        if (plainAsked) {
            return PLAIN;
        }
        if (termEnv == null
                || termEnv.isBlank()
                || termEnv.equals("dumb")
                || jlineType == null
                || jlineType.startsWith("dumb")) {
            return PLAIN;
        }
        return columns >= 80 && rows >= 24 ? SPLIT : PLAIN;
    }
}
