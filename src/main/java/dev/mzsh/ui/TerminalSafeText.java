package dev.mzsh.ui;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one sanitiser for guest text on the host's terminal (stderr, the plain prompt):
 * no escape sequence, C0/C1 control or OSC can reach it. Controls are shown in caret
 * notation ({@code ESC} as {@code ^[}), so a hostile sequence is visible and inert;
 * newline and tab pass, a carriage return not followed by a newline is dropped (it
 * would let a line overwrite the one before it). Valid UTF-8 passes unchanged except
 * C1 controls (U+0080..U+009F); malformed bytes (a lone 0x9B is CSI on 8-bit
 * terminals) become {@code ?}. Batch stdout does not go through here: it stays byte-exact.
 */
public final class TerminalSafeText {
    private TerminalSafeText() {}

    /** {@code text} made safe to print. */
    public static String of(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        try (Stream s = new Stream(out)) {
            s.write(in);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a byte array does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An output stream that passes what it is given through the same rules, across write calls. */
    public static OutputStream stream(OutputStream out) {
        return new Stream(out);
    }

    private static final class Stream extends FilterOutputStream {
        private final byte[] seq = new byte[4];
        private int seqLen;
        private int seqNeed;
        private boolean pendingCr;

        Stream(OutputStream out) {
            super(out);
        }

        @Override
        public synchronized void write(int b) throws IOException {
            b &= 0xff;
            if (seqNeed > 0) {
                if ((b & 0xc0) == 0x80) {
                    seq[seqLen++] = (byte) b;
                    if (seqLen == seqNeed) {
                        finishSequence();
                    }
                    return;
                }
                badSequence();
            }
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    out.write('\r');
                }
            }
            if (b == '\n' || b == '\t' || (b >= 0x20 && b < 0x7f)) {
                out.write(b);
            } else if (b == '\r') {
                pendingCr = true;
            } else if (b < 0x20) {
                out.write('^');
                out.write(b + 0x40);
            } else if (b == 0x7f) {
                out.write('^');
                out.write('?');
            } else if (b >= 0xc2 && b <= 0xf4) {
                seq[0] = (byte) b;
                seqLen = 1;
                seqNeed = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
            } else {
                out.write('?');
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        private void finishSequence() throws IOException {
            int cp = new String(seq, 0, seqLen, StandardCharsets.UTF_8).codePointAt(0);
            seqNeed = 0;
            if (cp == 0xfffd && !(seqLen == 3 && (seq[0] & 0xff) == 0xef)) {
                out.write('?'); // overlong or surrogate: not valid UTF-8
            } else if (cp >= 0x80 && cp <= 0x9f) {
                out.write('?'); // C1 controls: CSI, OSC, ST as single characters
            } else {
                out.write(seq, 0, seqLen);
            }
            seqLen = 0;
        }

        private void badSequence() throws IOException {
            out.write('?');
            seqNeed = 0;
            seqLen = 0;
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (seqNeed > 0) {
                badSequence();
            }
            super.close();
        }
    }
}
