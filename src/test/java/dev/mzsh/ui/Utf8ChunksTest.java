package dev.mzsh.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8ChunksTest {
    @Test
    void aCharacterCutBetweenChunksWaitsForItsEnd() {
        Utf8Chunks d = new Utf8Chunks();
        byte[] b = "a\u00e9\ud83d\ude00z".getBytes(StandardCharsets.UTF_8); // a é 😀 z: 1+2+4+1 bytes
        assertThat(d.decode(b, 0, 2).toString()).isEqualTo("a");
        assertThat(d.decode(b, 2, 3).toString()).isEqualTo("\u00e9");
        assertThat(d.decode(b, 5, 3).toString()).isEqualTo("\ud83d\ude00z");
    }

    @Test
    void malformedBytesBecomeReplacementCharacters() {
        Utf8Chunks d = new Utf8Chunks();
        assertThat(d.decode(new byte[] {'x', (byte) 0xff, 'y'}, 0, 3).toString())
                .isEqualTo("x\ufffdy");
    }

    @Test
    void chunksLargerThanTheBuffersAndAfterThemSmallOnes() {
        Utf8Chunks d = new Utf8Chunks();
        String big = "\u00e9".repeat(5000) + "\u00e9";
        byte[] b = big.getBytes(StandardCharsets.UTF_8);
        assertThat(d.decode(b, 0, b.length - 1).toString()).isEqualTo("\u00e9".repeat(5000));
        assertThat(d.decode(b, b.length - 1, 1).toString()).isEqualTo("\u00e9");
        assertThat(d.decode("ok".getBytes(StandardCharsets.UTF_8), 0, 2).toString())
                .isEqualTo("ok");
    }
}
