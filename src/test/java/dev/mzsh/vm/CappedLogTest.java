package dev.mzsh.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CappedLogTest {
    @Test
    void stopsAtTheCapWithAMarkerAndTellsOnce() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger told = new AtomicInteger();
        CappedLog log = new CappedLog(out, 10, 4, "[capped]", told::incrementAndGet);
        log.write("abc".getBytes(StandardCharsets.UTF_8));
        log.write("defgh".getBytes(StandardCharsets.UTF_8));
        log.write("more and more".getBytes(StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abcdef\n[capped]\n");
        assertThat(told).hasValue(1);
    }
}
