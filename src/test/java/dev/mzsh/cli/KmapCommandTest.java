package dev.mzsh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmapCommandTest {
    @TempDir
    Path dir;

    /** A guest task may name itself with escape sequences; the kmap carries the name. */
    private Path hostileKmap() throws Exception {
        Path f = dir.resolve("evil.kmap");
        Files.writeString(
                f,
                String.format(
                        "%-16s,1,%016x,8,1,0,%016x,KMALLOC,evil\u001b]0;pwned\u0007\u001b[2J,kmalloc-8,KMALLOC%n",
                        "0", 0xffff888000000000L, 0L),
                StandardCharsets.UTF_8);
        return f;
    }

    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.commandLine(args).execute(args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theTextReportShowsAGuestsEscapeSequencesWithoutObeyingThem() throws Exception {
        String text = run("kmap", "summary", hostileKmap().toString());
        assertThat(text).contains("evil^[]0;pwned^G^[[2J").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void jsonCarriesTheNameExactlyAsEscapedJson() throws Exception {
        String json = run("kmap", "summary", "--json", hostileKmap().toString());
        assertThat(json).contains("evil\\u001B]0;pwned\\u0007\\u001B[2J").doesNotContain("\u001b");
    }

    @Test
    void accessCsvGivesTheKnownTallies() throws Exception {
        Path kmap = Path.of(getClass().getResource("/access/known.kmap").toURI());
        Path map = Path.of(getClass().getResource("/access/known.System.map").toURI());
        String csv = run("kmap", "access", "--csv", "--system-map", map.toString(), kmap.toString());
        assertThat(csv.lines())
                .containsExactly(
                        "accessor,alloc_site,slab,alloc_type,reads,writes,objects,access_lines",
                        "vfs_read,getname,names_cache,KMEM_CACHE,10,0,1,1",
                        "vfs_read,alloc_file,filp,KMEM_CACHE,7,1,2,3",
                        "ext4_readdir,0,no-slab,NONE,3,2,1,1",
                        "vfs_write,alloc_file,kmalloc-256,KMALLOC,0,5,1,1",
                        "ext4_readdir,getname,names_cache,KMEM_CACHE,2,2,1,1",
                        "vfs_write,alloc_file,filp,KMEM_CACHE,0,3,1,1");
    }

    @Test
    void accessOutWritesANewFileAndNeverOverwrites() throws Exception {
        Path kmap = Path.of(getClass().getResource("/access/known.kmap").toURI());
        Path out = dir.resolve("access.graphml");
        run("kmap", "access", "--graphml", "--out", out.toString(), kmap.toString());
        assertThat(Files.readString(out)).contains("<graphml", "<edge source=");
        Files.writeString(out, "mine");
        String[] again = {"kmap", "access", "--dot", "--out", out.toString(), kmap.toString()};
        assertThat(Main.commandLine(again).execute(again)).isEqualTo(2);
        assertThat(Files.readString(out)).isEqualTo("mine");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(".access.graphml.tmp");
        }
    }

    private int status(String... args) {
        PrintStream saved = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return Main.commandLine(args).execute(args);
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void diffFailsOnGrowthBeyondTheLimitOnly() throws Exception {
        Path a = Path.of(getClass().getResource("/access/known.kmap").toURI());
        Path b = dir.resolve("b.kmap");
        // one more 256-byte filp object: objects +1, bytes +256 (5,120 -> 5,376: 5%)
        Files.writeString(
                b,
                Files.readString(a)
                        + String.format(
                                "%-16s,1,%016x,256,7,0,%016x,KMEM_CACHE,tar,filp,%n",
                                "ffffffff81200010", 0xff11000009000000L, 0L));
        String ab = a.toString();
        String bb = b.toString();
        assertThat(status("kmap", "diff", ab, bb, "--fail-on-growth", "objects=0"))
                .isEqualTo(1);
        assertThat(status("kmap", "diff", ab, bb, "--fail-on-growth", "objects=1"))
                .isZero();
        assertThat(status("kmap", "diff", ab, bb, "--fail-on-growth", "bytes=4%"))
                .isEqualTo(1);
        assertThat(status("kmap", "diff", ab, bb, "--fail-on-growth", "bytes=5%"))
                .isZero(); // exactly 5% is not more
        assertThat(status("kmap", "diff", bb, ab, "--fail-on-growth", "objects=0"))
                .isZero(); // shrinking
        assertThat(status("kmap", "diff", ab, bb, "--fail-on-growth", "reads=0"))
                .isZero();
        assertThat(status("kmap", "diff", ab, bb, "--fail-on-growth", "frobs=1"))
                .isEqualTo(2);
        assertThat(status("kmap", "diff", ab, bb, "--fail-on-growth", "objects=-1"))
                .isEqualTo(2);
        assertThat(run("kmap", "diff", ab, bb)).contains("+256", "tar");
    }
}
