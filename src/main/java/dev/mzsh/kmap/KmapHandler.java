package dev.mzsh.kmap;

import java.io.IOException;

/** Receives the decoded lines of a kmap in file order; the line object is reused after each call. */
interface KmapHandler {
    void object(KmapLine line) throws IOException;

    /** An access line of the last object passed to {@link #object}. */
    void access(KmapLine line) throws IOException;

    /**
     * Whether this handler reads an object line's size, free_ip or command; if not, the decoder
     * only checks them (lines are refused alike) and leaves them unset.
     */
    default boolean readsSizesAndCommands() {
        return true;
    }
}
