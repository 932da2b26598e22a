package dev.mzsh.memorizer;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.SharedDirectory;
import dev.mzsh.machine.Target;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.XXHash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verification logic against a fake guest that writes the copy and reports its own count and hash. */
class KmapShareCopyTest {
    private static final Pattern COPY = Pattern.compile("mzsh-copy '([^']+)' '([^']+)'");

    @TempDir
    Path share;

    private interface GuestSide {
        void run(Path part, OutputStream stdout) throws Exception;
    }

    private Memorizer guest(GuestSide side) {
        Target t = new dev.mzsh.machine.FakeTarget(new SharedDirectory(share, "/mnt/mzsh")) {
            @Override
            public ExecResult exec(String command, Duration timeout, OutputStream stdout, OutputStream stderr)
                    throws java.io.IOException, InterruptedException {
                assertThat(timeout).as("a kmap copy has no wall-clock limit").isEqualTo(Duration.ZERO);
                Matcher m = COPY.matcher(command);
                assertThat(m.find()).as(command).isTrue();
                assertThat(m.group(1)).isEqualTo("/sys/kernel/debug/memorizer/kmap");
                try {
                    side.run(share.resolve(m.group(2).substring("/mnt/mzsh/".length())), stdout);
                } catch (InterruptedException | java.io.IOException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return new ExecResult(0, false);
            }
        };
        return new Memorizer(t, MemorizerAbi.of(new TreeSet<>(List.of("kmap", "memorizer_enabled"))));
    }

    /** Writes {@code written} to the part file and reports {@code reported} as the guest's stdout. */
    private Memorizer guest(String written, String reported) {
        return guest((part, out) -> {
            Files.writeString(part, written);
            out.write((reported + "\n").getBytes(StandardCharsets.UTF_8));
        });
    }

    private static String xxh(String s) {
        XXHash32 x = new XXHash32();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        x.update(b, 0, b.length);
        return String.format("%08x", x.getValue());
    }

    private static String sha(String s) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void xxh32MatchesTheReferenceVectorsMzshCopyPrints() {
        // mzsh-copy printed these for "" and "abc" (the published XXH32 values, seed 0)
        assertThat(xxh("")).isEqualTo("02cc5d05");
        assertThat(xxh("abc")).isEqualTo("32d153ff");
    }

    @Test
    void aMatchingCopyIsKept() throws Exception {
        String data = "ffffffff81000000,1,ffff888000000000,64,1,2,0000000000000000,KMALLOC,ls,kmalloc-64,\n";
        Path part = share.resolve(".k.part");
        var c = new KmapShareCopy(guest(data, "done " + data.length() + " " + xxh(data))).copy(part, (b, e, t) -> {});
        assertThat(c.bytes()).isEqualTo(data.length());
        assertThat(c.hash()).isEqualTo(xxh(data));
        assertThat(c.algorithm()).isEqualTo(KmapHash.XXH32);
        assertThat(Files.readString(part)).isEqualTo(data);
    }

    @Test
    void theBusyBoxFallbackIsVerifiedWithSha256() throws Exception {
        String data = "abcdef\n";
        Path part = share.resolve(".k.part");
        var c = new KmapShareCopy(guest(data, "done " + data.length() + " " + sha(data))).copy(part, (b, e, t) -> {});
        assertThat(c.algorithm()).isEqualTo(KmapHash.SHA256);
        assertThat(KmapShareCopy.script("/k", "/mnt/mzsh/p"))
                .contains("[ -x /sbin/mzsh-copy ]")
                .contains("sha256sum");
    }

    @Test
    void aShortCopyIsDeletedAndReported() throws Exception {
        String data = "abcdef\n";
        Path part = share.resolve(".k.part");
        Memorizer m = guest("abc", "done " + data.length() + " " + xxh(data));
        assertThatThrownBy(() -> new KmapShareCopy(m).copy(part, (b, e, t) -> {}))
                .isInstanceOf(MemorizerException.class)
                .hasMessageContaining("does not match")
                .hasMessageContaining("nothing was kept")
                .as("experiment copies too: the shell puts the verb in front, not the memorizer layer")
                .hasMessageNotContaining("dump-kmap");
        assertThat(part).doesNotExist();
    }

    @Test
    void aCorruptedCopyOfTheRightLengthIsDeleted() throws Exception {
        String data = "abcdef\n";
        Path part = share.resolve(".k.part");
        Memorizer m = guest("abcdeX\n", "done " + data.length() + " " + xxh(data));
        assertThatThrownBy(() -> new KmapShareCopy(m).copy(part, (b, e, t) -> {}))
                .isInstanceOf(MemorizerException.class);
        assertThat(part).doesNotExist();
    }

    @Test
    void aGuestThatReportsNoHashKeepsNothing() throws Exception {
        Path part = share.resolve(".k.part");
        Memorizer m = guest("abc", "done 3 not-a-hash");
        assertThatThrownBy(() -> new KmapShareCopy(m).copy(part, (b, e, t) -> {}))
                .hasMessageContaining("reported no byte count and hash");
        assertThat(part).doesNotExist();
    }

    @Test
    void progressCarriesTheSizeTheGuestKnowsAndACopyThatGrowsIsNotStopped() throws Exception {
        String data = "x".repeat(3000);
        Path part = share.resolve(".k.part");
        List<OptionalLong> totals = new CopyOnWriteArrayList<>();
        AtomicLong seen = new AtomicLong(-1);
        Duration stallLimit = Duration.ofMillis(1500);
        Memorizer m = guest((p, out) -> {
            out.write("size 3000\n".getBytes(StandardCharsets.UTF_8));
            // grows for longer than the stall limit in total, never pausing that long: each part is
            // written as soon as the host has seen the one before (however slow the machine is)
            for (int i = 1; i <= 3; i++) {
                long size = 1000L * i;
                Files.writeString(p, data.substring(0, (int) size));
                eventually(Duration.ofSeconds(30), "the host to see " + size + " bytes", () -> seen.get() >= size);
            }
            out.write(("done 3000 " + xxh(data) + "\n").getBytes(StandardCharsets.UTF_8));
        });
        long t0 = System.nanoTime();
        var c = new KmapShareCopy(m, stallLimit).copy(part, (b, e, t) -> {
            totals.add(t);
            seen.set(b);
        });
        assertThat(c.bytes()).isEqualTo(3000);
        assertThat(totals).isNotEmpty().allSatisfy(t -> assertThat(t).hasValue(3000));
        // the premise: the copy lasted longer than the limit (three progress polls, a second apart)
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(stallLimit);
    }

    @Test
    void aCopyThatMakesNoProgressIsGivenUp() throws Exception {
        Path part = share.resolve(".k.part");
        Memorizer m = guest((p, out) -> {
            Files.writeString(p, "abc");
            Thread.sleep(60_000);
        });
        assertThatThrownBy(() -> new KmapShareCopy(m, Duration.ofMillis(1500)).copy(part, (b, e, t) -> {}))
                .isInstanceOf(MemorizerException.class)
                .hasMessageContaining("no byte of /sys/kernel/debug/memorizer/kmap arrived for 1 s");
        assertThat(part).doesNotExist();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
