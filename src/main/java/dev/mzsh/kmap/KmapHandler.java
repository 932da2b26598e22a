package dev.mzsh.kmap;

import java.io.IOException;

/** Receives the decoded lines of a kmap in file order; the line object is reused after each call. */
interface KmapHandler {
    void object(KmapLine line) throws IOException;

    /** An access line of the last object passed to {@link #object}. */
    void access(KmapLine line) throws IOException;
}
