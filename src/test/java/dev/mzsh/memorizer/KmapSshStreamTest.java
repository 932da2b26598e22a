package dev.mzsh.memorizer;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.LocalShellTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stream-kmap over a connection: the machine-side script run by this host's sh on a stand-in kmap_stream. */
class KmapSshStreamTest {
    @TempDir
    Path dir;

    @Test
    void aCaptureIsVerifiedAndNamedAtStop() throws Exception {
        Path memorizerDir = Files.createDirectories(dir.resolve("memorizer"));
        byte[] records = new byte[1 << 20];
        new Random(7).nextBytes(records);
        Files.write(memorizerDir.resolve("kmap_stream"), records);
        LocalShellTarget machine = new LocalShellTarget() {
            @Override
            public ExecResult exec(String script, Duration timeout, OutputStream stdout, OutputStream stderr)
                    throws IOException, InterruptedException {
                return super.exec(script.replace(MemorizerAbi.DIR, memorizerDir.toString()), timeout, stdout, stderr);
            }
        };
        Memorizer m = new Memorizer(
                machine, MemorizerAbi.of(new TreeSet<>(List.of("kmap", "kmap_stream", "memorizer_enabled"))));
        Path run = Files.createDirectories(dir.resolve("run"));

        KmapSshStream c = KmapSshStream.start(m, run);
        assertThat(m.stream()).containsSame(c);
        // a real kmap_stream never ends, so stop keeps what was read by then: wait for all of the stand-in's records
        eventually(Duration.ofMinutes(2), "all " + records.length + " bytes read", c::bytes, n -> n >= records.length);
        assertThat(c.bytes()).isEqualTo(records.length);
        VerifiedCopy v = c.stop();

        assertThat(c.file()).isEqualTo(run.resolve("kmap-stream-001.kmap")).hasBinaryContent(records);
        assertThat(v.bytes()).isEqualTo(records.length);
        assertThat(v.verified()).startsWith("verified (sha256 ");
        assertThat(m.stream()).isEmpty();
        try (var left = Files.list(run)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("kmap-stream-001.kmap");
        }
    }
}
