package dev.mzsh.memorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.target.ExecResult;
import dev.mzsh.target.SharedDirectory;
import dev.mzsh.target.Target;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verification logic against a fake guest that writes the copy and reports its own count and hash. */
class KmapTransferTest {
    @TempDir
    Path share;

    /** Writes {@code written} to the part file and reports {@code reported} as the guest's view. */
    private Memorizer guest(String written, String reported) {
        Target t = new Target() {
            @Override
            public ExecResult exec(String command, Duration timeout, OutputStream stdout, OutputStream stderr)
                    throws java.io.IOException {
                String guestPath = command.replaceAll("(?s).*of='([^']+)'.*", "$1");
                Files.writeString(share.resolve(guestPath.substring("/mnt/mzsh/".length())), written);
                stdout.write((reported + "\n").getBytes(StandardCharsets.UTF_8));
                return new ExecResult(0, false);
            }

            @Override
            public SharedDirectory share() {
                return new SharedDirectory(share, "/mnt/mzsh");
            }
        };
        return new Memorizer(t, MemorizerAbi.of(new TreeSet<>(List.of("kmap", "memorizer_enabled"))));
    }

    private static String sha(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMatchingCopyIsKept() throws Exception {
        String data = "ffffffff81000000,1,ffff888000000000,64,1,2,0,kmalloc,ls,kmalloc-64,\n";
        Path part = share.resolve(".k.part");
        var c = new KmapTransfer(guest(data, data.length() + " " + sha(data))).copy(part, (b, e) -> {});
        assertThat(c.bytes()).isEqualTo(data.length());
        assertThat(c.sha256()).isEqualTo(sha(data));
        assertThat(Files.readString(part)).isEqualTo(data);
    }

    @Test
    void aShortCopyIsDeletedAndReported() throws Exception {
        String data = "abcdef\n";
        Path part = share.resolve(".k.part");
        Memorizer m = guest("abc", data.length() + " " + sha(data));
        assertThatThrownBy(() -> new KmapTransfer(m).copy(part, (b, e) -> {}))
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
        Memorizer m = guest("abcdeX\n", data.length() + " " + sha(data));
        assertThatThrownBy(() -> new KmapTransfer(m).copy(part, (b, e) -> {})).isInstanceOf(MemorizerException.class);
        assertThat(part).doesNotExist();
    }
}
