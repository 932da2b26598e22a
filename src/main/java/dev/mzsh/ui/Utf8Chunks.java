package dev.mzsh.ui;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 that arrives in chunks: a character split across two chunks waits
 * for the rest, malformed bytes become U+FFFD. The buffers are reused, since a
 * flooding console calls this hundreds of times a second. Not thread-safe.
 */
public final class Utf8Chunks {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** In write mode, holding the start of a character the last chunk cut off. */
    private ByteBuffer in = ByteBuffer.allocate(256);

    private CharBuffer out = CharBuffer.allocate(256);

    /** The characters {@code bytes[off, off+len)} complete; valid until the next call. */
    public CharBuffer decode(byte[] bytes, int off, int len) {
        if (in.remaining() < len) {
            ByteBuffer bigger = ByteBuffer.allocate(in.position() + len);
            in.flip();
            in = bigger.put(in);
        }
        in.put(bytes, off, len).flip();
        // UTF-8 never gives more chars than bytes (a replacement char stands for at least one byte)
        if (out.capacity() < in.remaining()) {
            out = CharBuffer.allocate(in.remaining());
        }
        out.clear();
        decoder.decode(in, out, false);
        in.compact();
        return out.flip();
    }
}
