package dev.mzsh.memorizer;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.SharedDirectory;
import dev.mzsh.machine.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture's real guest scripts, run by the host's sh against a FIFO standing in
 * for kmap_stream (it blocks like kmap_stream until the reader is signalled): with
 * mzsh-copy built from guest-tools/ on the host, and with the BusyBox-style fallback.
 */
class KmapShareStreamTest {
    private static final String RECORDS = "ffffffff81000000,1,ffff888000000000,64,1,2,ffffffff81000010,KMALLOC,ls,"
            + "kmalloc-64,\nffffffff81000020,2,ffff888000000040,32,3,4,ffffffff81000030,KMALLOC,a,b,c,kmalloc-32,\n";

    @TempDir
    static Path tools;

    /** mzsh-copy built for the host from guest-tools/ (gcc is part of mzsh's set-up). */
    private static String copyTool;

    @TempDir
    Path share;

    @TempDir
    Path runDir;

    @TempDir
    Path memorizerDir;

    @BeforeAll
    static void buildCopyTool() throws Exception {
        Path bin = tools.resolve("mzsh-copy");
        Process p = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", bin.toString(), "guest-tools/mzsh-copy.c")
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
        copyTool = bin.toString();
    }

    /** A target whose "guest" is the host's sh, with the memorizer directory moved into a temp dir. */
    private Memorizer guest() {
        Target t = new dev.mzsh.machine.FakeTarget(new SharedDirectory(share, share.toString())) {
            @Override
            public ExecResult exec(String command, Duration timeout, OutputStream stdout, OutputStream stderr)
                    throws IOException, InterruptedException {
                Process p = new ProcessBuilder("sh", "-c", command.replace(MemorizerAbi.DIR, memorizerDir.toString()))
                        .start();
                Thread o = pump(p.getInputStream(), stdout);
                Thread e = pump(p.getErrorStream(), stderr);
                boolean ended = p.waitFor(timeout.isZero() ? 10 : timeout.toSeconds(), TimeUnit.MINUTES);
                if (!ended) {
                    p.destroyForcibly().waitFor();
                }
                o.join();
                e.join();
                return new ExecResult(ended ? p.exitValue() : 137, !ended);
            }
        };
        return new Memorizer(t, MemorizerAbi.of(new TreeSet<>(List.of("kmap", "kmap_stream", "memorizer_enabled"))));
    }

    private static Thread pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(out);
            } catch (IOException e) {
                // the process ended
            }
        });
        t.start();
        return t;
    }

    /** kmap_stream: a FIFO the test feeds and keeps open, so the reader blocks until it is stopped. */
    private Path stream() throws Exception {
        Path fifo = memorizerDir.resolve("kmap_stream");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor()).isZero();
        return fifo;
    }

    /** Opens the FIFO for writing (blocks until the reader opens it) and writes the records. */
    private static Thread feed(Path fifo, List<OutputStream> opened) {
        Thread t = new Thread(() -> {
            try {
                OutputStream o = Files.newOutputStream(fifo);
                synchronized (opened) {
                    opened.add(o);
                }
                o.write(RECORDS.getBytes(StandardCharsets.UTF_8));
                o.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }

    private static void awaitBytes(KmapShareStream c, long n) throws Exception {
        eventually(Duration.ofMinutes(2), n + " bytes captured", c::bytes, b -> b >= n);
        assertThat(c.bytes()).isEqualTo(n);
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> a = Files.list(share);
                Stream<Path> b = Files.list(runDir)) {
            return Stream.concat(a, b.filter(p -> p.getFileName().toString().startsWith(".")))
                    .toList();
        }
    }

    private void capturesEveryRecordVerified(String tool, KmapHash expected) throws Exception {
        Path fifo = stream();
        List<OutputStream> opened = new java.util.ArrayList<>();
        Memorizer m = guest();
        Thread feeder = feed(fifo, opened);
        KmapShareStream c = KmapShareStream.start(m, runDir, tool);
        assertThat(c.file()).hasFileName("kmap-stream-001.kmap");
        assertThat(m.stream()).contains(c);
        feeder.join();
        awaitBytes(c, RECORDS.length());
        VerifiedCopy v = c.stop();
        opened.forEach(o -> {
            try {
                o.close();
            } catch (IOException e) {
                // the reader is gone
            }
        });
        assertThat(v.algorithm()).isEqualTo(expected);
        assertThat(v.bytes()).isEqualTo(RECORDS.length());
        assertThat(runDir.resolve("kmap-stream-001.kmap")).hasContent(RECORDS);
        assertThat(m.stream()).isEmpty();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void mzshCopyCapturesUntilStoppedAndTheHostChecksItsXxh32() throws Exception {
        capturesEveryRecordVerified(copyTool, KmapHash.XXH32);
    }

    @Test
    void withoutMzshCopyTheBusyBoxFallbackIsCheckedWithSha256() throws Exception {
        capturesEveryRecordVerified(tools.resolve("absent").toString(), KmapHash.SHA256);
    }

    @Test
    void aPartTheGuestChangedWhileCapturingKeepsNothing() throws Exception {
        Path fifo = stream();
        List<OutputStream> opened = new java.util.ArrayList<>();
        Thread feeder = feed(fifo, opened);
        KmapShareStream c = KmapShareStream.start(guest(), runDir, copyTool);
        feeder.join();
        awaitBytes(c, RECORDS.length());
        // a guest command rewrites a record in the part, same length
        Path part;
        try (Stream<Path> s = Files.list(share)) {
            part = s.filter(p -> p.getFileName().toString().endsWith(".part"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.writeString(part, RECORDS.replace("ls", "xx"));
        assertThatThrownBy(c::stop)
                .isInstanceOf(MemorizerException.class)
                .hasMessageContaining("does not match")
                .hasMessageContaining("nothing was kept");
        assertThat(runDir.resolve("kmap-stream-001.kmap")).doesNotExist();
        assertThat(leftovers()).isEmpty();
        for (OutputStream o : opened) {
            try {
                o.close();
            } catch (IOException e) {
                // the reader is gone
            }
        }
    }

    /** The guest dies with the reader running: what its last check line vouches for is kept. */
    @Test
    void aCrashKeepsWhatTheReadersLastCheckVerifies() throws Exception {
        Path fifo = stream();
        List<OutputStream> opened = new java.util.ArrayList<>();
        Thread feeder = feed(fifo, opened);
        Memorizer m = guest();
        KmapShareStream c = KmapShareStream.start(m, runDir, copyTool);
        feeder.join();
        awaitBytes(c, RECORDS.length());
        Path checks = partFile(".at");
        for (int i = 0; i < 1200 && !Files.readString(checks).contains("at " + RECORDS.length() + " "); i++) {
            Thread.sleep(100); // the reader's half-second tick writes the check line
        }
        // bytes the reader wrote after its last check (the crash cut it mid-block) are not vouched for
        Files.writeString(partFile(".part"), "ffffffff8141c940,1,torn", java.nio.file.StandardOpenOption.APPEND);
        VerifiedCopy v = c.salvage();
        assertThat(v.algorithm()).isEqualTo(KmapHash.XXH32);
        assertThat(v.bytes()).isEqualTo(RECORDS.length());
        assertThat(runDir.resolve("kmap-stream-001.kmap")).hasContent(RECORDS);
        assertThat(m.stream()).isEmpty();
        assertThat(leftovers()).isEmpty();
        closeAll(opened);
    }

    @Test
    void aCrashWithAPartThatDiffersFromItsChecksKeepsNothing() throws Exception {
        Path fifo = stream();
        List<OutputStream> opened = new java.util.ArrayList<>();
        Thread feeder = feed(fifo, opened);
        KmapShareStream c = KmapShareStream.start(guest(), runDir, copyTool);
        feeder.join();
        awaitBytes(c, RECORDS.length());
        Path checks = partFile(".at");
        for (int i = 0; i < 1200 && !Files.readString(checks).contains("at " + RECORDS.length() + " "); i++) {
            Thread.sleep(100);
        }
        Files.writeString(partFile(".part"), RECORDS.replace("ls", "xx"));
        assertThatThrownBy(c::salvage)
                .isInstanceOf(MemorizerException.class)
                .hasMessageContaining("do not match")
                .hasMessageContaining("nothing kept");
        assertThat(runDir.resolve("kmap-stream-001.kmap")).doesNotExist();
        assertThat(leftovers()).isEmpty();
        closeAll(opened);
    }

    private Path partFile(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(share)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static void closeAll(List<OutputStream> opened) {
        for (OutputStream o : opened) {
            try {
                o.close();
            } catch (IOException e) {
                // the reader is gone
            }
        }
    }

    @Test
    void aReaderThatCannotStartSaysWhyAndKeepsNothing() throws Exception {
        // no kmap_stream at all: mzsh-copy cannot open it
        assertThatThrownBy(() -> KmapShareStream.start(guest(), runDir, copyTool))
                .isInstanceOf(MemorizerException.class)
                .hasMessageContaining("cannot open");
        try (Stream<Path> s = Files.list(runDir)) {
            assertThat(s).as("the reserved name is given back").isEmpty();
        }
        assertThat(leftovers()).isEmpty();
    }
}
