package dev.mzsh.memorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.LocalShellTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed kmap copy of SSH targets, its machine-side script run by this host's sh on a stand-in kmap. */
class KmapSshDownloadTest {
    @TempDir
    Path dir;

    @Test
    void aStreamedCopyIsVerifiedAndLeavesNothingBehind() throws Exception {
        byte[] kmap = new byte[3 << 20];
        new Random(5).nextBytes(kmap);
        Path source = Files.write(dir.resolve("kmap"), kmap);
        Path part = dir.resolve(".part");
        List<Long> progress = new ArrayList<>();
        VerifiedCopy c = new KmapSshDownload(new LocalShellTarget(), source.toString())
                .copy(part, (bytes, elapsed, total) -> progress.add(bytes));
        assertThat(part).hasBinaryContent(kmap);
        assertThat(c.bytes()).isEqualTo(kmap.length);
        assertThat(c.algorithm()).isEqualTo(KmapHash.SHA256);
        assertThat(c.hash()).isEqualTo(org.apache.commons.codec.digest.DigestUtils.sha256Hex(kmap));
    }

    @Test
    void bytesChangedOnTheWayAreCaughtAndNothingIsKept() throws Exception {
        Path source =
                Files.write(dir.resolve("kmap"), "object line\n".repeat(1000).getBytes());
        Path part = dir.resolve(".part");
        // a connection that flips one byte: the machine's hash no longer matches what arrived
        LocalShellTarget flipping = new LocalShellTarget() {
            @Override
            public ExecResult exec(String script, Duration timeout, OutputStream stdout, OutputStream stderr)
                    throws IOException, InterruptedException {
                OutputStream flip = new OutputStream() {
                    private boolean done;

                    @Override
                    public void write(int b) throws IOException {
                        stdout.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (!done && len > 0) {
                            b[off] ^= 1;
                            done = true;
                        }
                        stdout.write(b, off, len);
                    }
                };
                return super.exec(script, timeout, flip, stderr);
            }
        };
        assertThatThrownBy(() -> new KmapSshDownload(flipping, source.toString()).copy(part, (b, e, t) -> {}))
                .isInstanceOf(MemorizerException.class)
                .hasMessageContaining("does not match");
        assertThat(part).doesNotExist();
    }

    @Test
    void anUnreadableKmapFailsWithTheMachinesMessage() throws Exception {
        Path part = dir.resolve(".part");
        assertThatThrownBy(() -> new KmapSshDownload(
                                new LocalShellTarget(), dir.resolve("missing").toString())
                        .copy(part, (b, e, t) -> {}))
                .isInstanceOf(MemorizerException.class)
                .hasMessageContaining("No such file");
        assertThat(part).doesNotExist();
    }
}
