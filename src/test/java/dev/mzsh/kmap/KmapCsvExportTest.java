package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmapCsvExportTest {
    @TempDir
    Path dir;

    /** The header strings memorizer-sim writes, read from its source so that the two cannot drift apart. */
    private static List<String> simHeaders() throws Exception {
        String c = Files.readString(Path.of(System.getProperty("user.dir"), "memorizer-sim", "memorizer_sim.c"));
        Matcher m = Pattern.compile("\"(alloc_[a-z_,]+)\\\\n\"").matcher(c);
        List<String> headers = new java.util.ArrayList<>();
        while (m.find()) {
            headers.add(m.group(1));
        }
        return headers;
    }

    @Test
    void memorizerSimWritesTheKernelsHeaders() throws Exception {
        // data.c (newest, v26): ten names over rows of eleven values; the export's own
        // headers follow the kernel in the kmap parser's work (issue 11 point 1)
        assertThat(simHeaders()).containsExactlyInAnyOrder(
                "alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,type,slab,new_type",
                "alloc_index,access_ip,pid,writes,reads");
    }

    @Test
    void currentKmapBecomesAllocationsAndAccessesRows() throws Exception {
        Path out = dir.resolve("csv");
        KmapCsvExport.Result r = KmapCsvExport.export(KmapAnalyzerTest.resource("current.kmap"), out, false);
        assertThat(r.objects()).isEqualTo(7);
        assertThat(r.accessLines()).isEqualTo(4);
        List<String> alloc = Files.readAllLines(out.resolve("allocations.csv"));
        assertThat(alloc).hasSize(8);
        assertThat(alloc.get(0)).isEqualTo(KmapCsvExport.CURRENT_ALLOCATIONS_HEADER);
        assertThat(alloc.get(1)).isEqualTo("ffffffff96b75b8b,4000,ff47167a81310000,4096,1,2,ffffffff96b6ed5b,KMEM_CACHE,ls,names_cache,");
        assertThat(alloc.get(7)).isEqualTo("14,0,ff47167a83e80000,8192,9,0,0,,,no-slab,");
        assertThat(Files.readAllLines(out.resolve("accesses.csv"))).containsExactly(
                KmapCsvExport.ACCESSES_HEADER,
                "1,ffffffff96b6ed5b,4000,1,0",
                "6,ffffffff96b6ed5b,4001,3,7",
                "6,ffffffff96b6ed00,-1,0,5",
                "9,ffffffff96b6ed00,17,2,1");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("allocations.csv", "accesses.csv");
        }
    }

    @Test
    void legacyKmapUsesTheLegacyHeaderAndAccessColumnOrder() throws Exception {
        Path out = dir.resolve("csv");
        KmapCsvExport.export(KmapAnalyzerTest.resource("legacy.kmap"), out, false);
        List<String> alloc = Files.readAllLines(out.resolve("allocations.csv"));
        assertThat(alloc.get(0)).isEqualTo(KmapCsvExport.LEGACY_ALLOCATIONS_HEADER);
        assertThat(alloc.get(1)).isEqualTo("ffffffff9c975b8b,4601,ff45a7be4191c000,4096,1,2,ffffffff9c96ed5b,ls");
        assertThat(Files.readAllLines(out.resolve("accesses.csv"))).containsExactly(
                KmapCsvExport.ACCESSES_HEADER,
                "1,ffffffff9c96ed5b,4601,1,0",
                "5,ffffffff9c96ed5b,4602,2,9",
                "5,ffffffff9c96ee00,-1,0,3");
    }

    @Test
    void existingFilesAreNeverOverwritten() throws Exception {
        Files.writeString(dir.resolve("accesses.csv"), "mine\n");
        assertThatThrownBy(() -> KmapCsvExport.export(KmapAnalyzerTest.resource("current.kmap"), dir, false))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("accesses.csv");
        assertThat(Files.readString(dir.resolve("accesses.csv"))).isEqualTo("mine\n");
        assertThat(dir.resolve("allocations.csv")).doesNotExist();
    }

    @Test
    void aMalformedLineLeavesNoFileBehind() throws Exception {
        Path kmap = dir.resolve("bad.kmap");
        Files.writeString(kmap, Files.readString(KmapAnalyzerTest.resource("current.kmap")) + "oops\n",
                StandardCharsets.UTF_8);
        Path out = dir.resolve("csv");
        assertThatThrownBy(() -> KmapCsvExport.export(kmap, out, false)).isInstanceOf(KmapSyntaxException.class)
                .hasMessageContaining("bad.kmap:12: field 1 (alloc_ip) is not lowercase hexadecimal: oops");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void lenientExportSkipsBadLinesAndTheirAccesses() throws Exception {
        Path kmap = dir.resolve("bad.kmap");
        Files.writeString(kmap, "1,0,ff,8,1,0,0,,a,b,\nx,0,ff,8,2,0,0,,a,b,\n  ff,1,1,1\n3,0,ff,8,3,0,0,,a,b,\n  ee,1,2,3\n");
        Path out = dir.resolve("csv");
        KmapCsvExport.Result r = KmapCsvExport.export(kmap, out, true);
        assertThat(r.badLines()).isEqualTo(1);
        assertThat(r.orphanedAccessLines()).isEqualTo(1);
        assertThat(Files.readAllLines(out.resolve("allocations.csv"))).hasSize(3);
        assertThat(Files.readAllLines(out.resolve("accesses.csv"))).containsExactly(KmapCsvExport.ACCESSES_HEADER, "3,ee,3,1,2");
    }
}
