package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmapCsvExportTest {
    @TempDir
    Path dir;

    @Test
    void headersAreTheKernelsOwn() {
        // data.c (newest/v26): allocations names ten columns over rows of eleven values (the command
        // has no name); accesses has a pid column only with CONFIG_MEMORIZER_TRACKPIDS
        assertThat(KmapCsvExport.ALLOCATIONS_HEADER)
                .isEqualTo("alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,type,slab,new_type");
        assertThat(KmapCsvExport.ACCESSES_HEADER).isEqualTo("alloc_index,access_ip,pid,writes,reads");
        assertThat(KmapCsvExport.ACCESSES_NO_PID_HEADER).isEqualTo("alloc_index,access_ip,writes,reads");
    }

    @Test
    void currentKmapBecomesAllocationsAndAccessesRows() throws Exception {
        Path out = dir.resolve("csv");
        KmapCsvExport.Result r = KmapCsvExport.export(KmapAnalyzerTest.resource("current.kmap"), out, false);
        assertThat(r.objects()).isEqualTo(7);
        assertThat(r.accessLines()).isEqualTo(4);
        List<String> alloc = Files.readAllLines(out.resolve("allocations.csv"));
        assertThat(alloc).hasSize(8);
        assertThat(alloc.get(0)).isEqualTo(KmapCsvExport.ALLOCATIONS_HEADER);
        assertThat(alloc.get(1))
                .isEqualTo(
                        "ffffffff96b75b8b,4000,ff47167a81310000,4096,1,2,ffffffff96b6ed5b,KMEM_CACHE,ls,names_cache,");
        assertThat(alloc.get(7)).isEqualTo("14,0,ff47167a83e80000,8192,9,0,0,,,no-slab,");
        assertThat(Files.readAllLines(out.resolve("accesses.csv")))
                .containsExactly(
                        KmapCsvExport.ACCESSES_HEADER,
                        "1,ffffffff96b6ed5b,4000,1,0",
                        "6,ffffffff96b6ed5b,4001,3,7",
                        "6,ffffffff96b6ed00,18446744073709551615,0,5", // %llu of -1, as the kernel prints it
                        "9,ffffffff96b6ed00,17,2,1");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("allocations.csv", "accesses.csv");
        }
    }

    @Test
    void oldestKmapGetsTheKernelsColumnsWithTheMissingOnesEmpty() throws Exception {
        Path out = dir.resolve("csv");
        KmapCsvExport.export(KmapAnalyzerTest.resource("legacy.kmap"), out, false);
        List<String> alloc = Files.readAllLines(out.resolve("allocations.csv"));
        assertThat(alloc.get(0)).isEqualTo(KmapCsvExport.ALLOCATIONS_HEADER);
        assertThat(alloc.get(1)).isEqualTo("ffffffff9c975b8b,4601,ff45a7be4191c000,4096,1,2,ffffffff9c96ed5b,,ls,,");
        assertThat(Files.readAllLines(out.resolve("accesses.csv")))
                .containsExactly(
                        KmapCsvExport.ACCESSES_HEADER,
                        "1,ffffffff9c96ed5b,4601,1,0",
                        "5,ffffffff9c96ed5b,4602,2,9",
                        "5,ffffffff9c96ee00,18446744073709551615,0,3");
    }

    @Test
    void fourXKmapHasNoPidColumnAndKeepsPaddingAndCommasAsPrinted() throws Exception {
        String ip = String.format("%-16s", "feedbeef");
        Path kmap = dir.resolve("4x.kmap");
        Files.writeString(
                kmap,
                ip + ",12," + String.format("%016x", 0xffff888003a1c000L) + ",64,3,0,"
                        + String.format("%016x", 0L) + ",KMALLOC,my,tool,kmalloc-64\n"
                        + "  " + String.format("%016x", 0xffffffff81234567L) + ",2,5\n"
                        + ip + ",12," + String.format("%016x", 0xffff888003a1c040L) + ",64,4,0,"
                        + String.format("%016x", 0L) + ",KMALLOC,sh,kmalloc-64\n");
        Path out = dir.resolve("csv");
        KmapCsvExport.Result r = KmapCsvExport.export(kmap, out, false);
        assertThat(r.format()).isEqualTo(KmapFormat.V4X_10);
        assertThat(Files.readAllLines(out.resolve("allocations.csv")))
                .containsExactly(
                        KmapCsvExport.ALLOCATIONS_HEADER,
                        ip + ",12,ffff888003a1c000,64,3,0,0000000000000000,KMALLOC,my,tool,kmalloc-64,",
                        ip + ",12,ffff888003a1c040,64,4,0,0000000000000000,KMALLOC,sh,kmalloc-64,");
        assertThat(Files.readAllLines(out.resolve("accesses.csv")))
                .containsExactly(KmapCsvExport.ACCESSES_NO_PID_HEADER, "3,ffffffff81234567,2,5");
    }

    @Test
    void theKernelsCsvFilesAreNotExportedAgain() throws Exception {
        Path csv = dir.resolve("allocations");
        Files.writeString(csv, KmapCsvExport.ALLOCATIONS_HEADER + "\n");
        Path out = dir.resolve("csv");
        assertThatThrownBy(() -> KmapCsvExport.export(csv, out, false))
                .isInstanceOf(KmapSyntaxException.class)
                .hasMessageContaining("is already the kernel's allocations CSV");
        assertThat(out).doesNotExist();
    }

    @Test
    void existingFilesAreNeverOverwritten() throws Exception {
        Files.writeString(dir.resolve("accesses.csv"), "mine\n");
        assertThatThrownBy(() -> KmapCsvExport.export(KmapAnalyzerTest.resource("current.kmap"), dir, false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("accesses.csv");
        assertThat(Files.readString(dir.resolve("accesses.csv"))).isEqualTo("mine\n");
        assertThat(dir.resolve("allocations.csv")).doesNotExist();
    }

    @Test
    void aMalformedLineLeavesNoFileBehind() throws Exception {
        Path kmap = dir.resolve("bad.kmap");
        Files.writeString(
                kmap, Files.readString(KmapAnalyzerTest.resource("current.kmap")) + "oops\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("csv");
        assertThatThrownBy(() -> KmapCsvExport.export(kmap, out, false))
                .isInstanceOf(KmapSyntaxException.class)
                .hasMessageContaining("bad.kmap:12: field 1 (alloc_ip) is not lowercase hexadecimal: oops");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void lenientExportSkipsBadLinesAndTheirAccesses() throws Exception {
        Path kmap = dir.resolve("bad.kmap");
        Files.writeString(
                kmap, "1,0,ff,8,1,0,0,,a,b,\nx,0,ff,8,2,0,0,,a,b,\n  ff,1,1,1\n3,0,ff,8,3,0,0,,a,b,\n  ee,1,2,3\n");
        Path out = dir.resolve("csv");
        KmapCsvExport.Result r = KmapCsvExport.export(kmap, out, true);
        assertThat(r.badLines()).isEqualTo(1);
        assertThat(r.orphanedAccessLines()).isEqualTo(1);
        assertThat(Files.readAllLines(out.resolve("allocations.csv"))).hasSize(3);
        assertThat(Files.readAllLines(out.resolve("accesses.csv")))
                .containsExactly(KmapCsvExport.ACCESSES_HEADER, "3,ee,3,1,2");
    }
}
