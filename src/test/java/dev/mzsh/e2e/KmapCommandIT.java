package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mzsh kmap summary|csv`: offline analysis through the real launcher, no guest. */
class KmapCommandIT {
    @TempDir
    Path work;

    private Path kmap(String resource) throws Exception {
        Path f = work.resolve(resource);
        Files.copy(Path.of(KmapCommandIT.class.getResource("/kmap/" + resource).toURI()), f);
        return f;
    }

    @Test
    void summaryOfAGoodFileListsTheTopCommands() throws Exception {
        Path f = kmap("current.kmap");
        Mzsh.Result r = Mzsh.run(work, "kmap", "summary", f.toString(), "--top", "2");
        assertThat(r.status()).as(r.stderr()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("kmap " + f + ": newest/v26 (11 fields, access lines with pid) format");
        int at = lines.indexOf("commands by count (5)");
        assertThat(lines.subList(at + 1, at + 4))
                .containsExactly("  objects bytes command", "        2   448 cat", "        2 4,352 ls");
        assertThat(work.resolve("mzsh-runs")).doesNotExist();
    }

    @Test
    void aCorruptedLineStopsWithItsLineNumberAndStatus2UnlessLenient() throws Exception {
        Path f = work.resolve("bad.kmap");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(kmap("current.kmap")));
        lines.set(6, lines.get(6).replace(",0,5,", ",0,five,")); // line 7, an access line
        Files.write(f, lines);
        Mzsh.Result r = Mzsh.run(work, "kmap", "summary", f.toString());
        assertThat(r.status()).as(r.stderr()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.stderr().strip())
                .startsWith("mzsh: " + f + ":7: field 3 (read_count) is not an unsigned decimal number: "
                        + "  ffffffff96b6ed00,0,five,-1")
                .doesNotContain("\n")
                .doesNotContain("Exception");

        Mzsh.Result lenient = Mzsh.run(work, "kmap", "summary", f.toString(), "--lenient");
        assertThat(lenient.status()).as(lenient.stderr()).isZero();
        assertThat(lenient.stderr()).contains("skipped 1 malformed lines; first at line 7: field 3 (read_count)");
        assertThat(lenient.out()).contains("accesses  3 lines");
    }

    @Test
    void aMissingFileIsAUsageError() throws Exception {
        Mzsh.Result r = Mzsh.run(work, "kmap", "summary", "no-such.kmap");
        assertThat(r.status()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("mzsh: kmap no-such.kmap: no such file");
    }

    @Test
    void jsonIsTheSummaryRecord() throws Exception {
        Mzsh.Result r =
                Mzsh.run(work, "kmap", "summary", "--json", kmap("legacy.kmap").toString());
        assertThat(r.status()).as(r.stderr()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.stdout());
        assertThat(j.get("format").asText()).isEqualTo("oldest (8 fields, access pid second)");
        assertThat(j.get("objects").asLong()).isEqualTo(3);
        assertThat(j.get("commandsByCount").get(0).get("name").asText()).isEqualTo("ls");
    }

    @Test
    void csvWritesBothFilesOnceAndRefusesToOverwrite() throws Exception {
        Path f = kmap("current.kmap");
        Path out = work.resolve("csv");
        Mzsh.Result r = Mzsh.run(work, "kmap", "csv", f.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("wrote " + out.resolve("allocations.csv") + " (7 objects)");
        assertThat(Files.readAllLines(out.resolve("allocations.csv")).get(0))
                .isEqualTo("alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,type,slab,new_type"); // the kernel's
        assertThat(Files.readAllLines(out.resolve("accesses.csv")))
                .hasSize(5)
                .first()
                .isEqualTo("alloc_index,access_ip,pid,writes,reads");
        byte[] before = Files.readAllBytes(out.resolve("accesses.csv"));

        Mzsh.Result again = Mzsh.run(work, "kmap", "csv", f.toString(), "--out", out.toString());
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.stderr()).contains("already exists");
        assertThat(Files.readAllBytes(out.resolve("accesses.csv"))).isEqualTo(before);
    }

    /** A real kmap from memorizer-sim in the default guest: the CSV export equals the sim's own CSV files. */
    @Test
    void csvOfAGuestsKmapEqualsTheSimsAllocationsAndAccessesFiles() throws Exception {
        Path run = work.resolve("run");
        String d = "/sys/kernel/debug/memorizer";
        Mzsh.Result g = Mzsh.run(
                work,
                "--run-dir",
                run.toString(),
                "-c",
                "exec sh -c '"
                        + "echo 1 > " + d + "/log_accesses_enabled; echo 1 > " + d
                        + "/memorizer_enabled; ls -R /usr > /dev/null; "
                        + "echo 0 > " + d + "/memorizer_enabled; cat " + d + "/kmap > /mnt/mzsh/guest.kmap; "
                        + "cat " + d + "/allocations > /mnt/mzsh/allocations; cat " + d
                        + "/accesses > /mnt/mzsh/accesses'");
        assertThat(g.status()).as(g.stderr()).isZero();
        Path kmap = run.resolve("guest/guest.kmap");
        assertThat(Files.readAllLines(kmap)).hasSizeGreaterThan(20);

        Mzsh.Result csv = Mzsh.run(
                work,
                "kmap",
                "csv",
                kmap.toString(),
                "--out",
                work.resolve("csv").toString());
        assertThat(csv.status()).as(csv.stderr()).isZero();
        assertThat(Files.readString(work.resolve("csv/allocations.csv")))
                .isEqualTo(Files.readString(run.resolve("guest/allocations")));
        assertThat(Files.readString(work.resolve("csv/accesses.csv")))
                .isEqualTo(Files.readString(run.resolve("guest/accesses")));

        Mzsh.Result sum = Mzsh.run(work, "kmap", "summary", "--json", kmap.toString());
        assertThat(sum.status()).as(sum.stderr()).isZero();
        JsonNode j = new ObjectMapper().readTree(sum.stdout());
        assertThat(j.get("format").asText()).contains("(11 fields"); // newest/v26 or untold when no access line
        assertThat(j.get("objects").asLong())
                .isEqualTo(Files.readAllLines(run.resolve("guest/allocations")).size() - 1);
        assertThat(j.get("accessLines").asLong())
                .isEqualTo(Files.readAllLines(run.resolve("guest/accesses")).size() - 1);
        assertThat(j.get("commandsByCount").findValuesAsText("name")).contains("ls");
    }

    /**
     * The pre-rename generation from the sim (seed file names, the kernel's padded
     * pointers, access lines without a pid): every object counted, ls among the commands.
     */
    @Test
    void aPreRenameGuestKmapIsSummarised() throws Exception {
        Path run = work.resolve("run");
        String d = "/sys/kernel/debug/memorizer";
        Mzsh.Result g = Mzsh.run(
                work,
                "--sim",
                "v6.6-old",
                "--run-dir",
                run.toString(),
                "-c",
                "exec sh -c '"
                        + "echo 1 > " + d + "/memorizer_log_access; echo 1 > " + d
                        + "/memorizer_enabled; ls -R /usr > /dev/null; "
                        + "echo 0 > " + d + "/memorizer_enabled; cat " + d + "/kmap > /mnt/mzsh/guest.kmap'");
        assertThat(g.status()).as(g.stderr()).isZero();
        List<String> lines = Files.readAllLines(run.resolve("guest/guest.kmap"));
        Mzsh.Result sum = Mzsh.run(
                work, "kmap", "summary", run.resolve("guest/guest.kmap").toString());
        assertThat(sum.status()).as(sum.stderr()).isZero();
        long objects =
                lines.stream().filter(l -> !l.isEmpty() && !l.startsWith(" ")).count();
        assertThat(sum.out())
                .contains(String.format(java.util.Locale.ROOT, "objects   %,d (", objects))
                .contains("commands by count")
                .containsPattern("\\d ls\\n");
    }

    @Test
    void sitesAreNamedFromARealElfSymbolTableAndFromItsSystemMap() throws Exception {
        // a small "kernel": compiled like one (-mcmodel=kernel) and linked at the x86_64 kernel text address
        Path c = work.resolve("k.c");
        Files.writeString(
                c,
                "int kmalloc_site(int x) { return x * 3 + 1; }\n"
                        + "int access_site(int x) { return x ^ 5; }\n"
                        + "int table[16] = {1};\n");
        Path vmlinux = work.resolve("vmlinux");
        run(
                compiler(),
                "-O0",
                "-fno-pie",
                "-no-pie",
                "-mcmodel=kernel",
                "-ffreestanding",
                "-nostdlib",
                "-static",
                "-Wl,-Ttext=0xffffffff81000000",
                "-Wl,-e,kmalloc_site",
                "-o",
                vmlinux.toString(),
                c.toString());
        String map = run("nm", "-n", vmlinux.toString());
        Path systemMap = work.resolve("System.map");
        Files.writeString(systemMap, map);
        String alloc = Long.toHexString(address(map, "kmalloc_site") + 4);
        String access = Long.toHexString(address(map, "access_site") + 2);
        String data = Long.toHexString(address(map, "table") + 8);
        Path k = work.resolve("named.kmap");
        Files.writeString(
                k,
                alloc + ",1,ff00,64,1,0,0,KMALLOC,sh,kmalloc-64,\n"
                        + "  " + access + ",1,2,1\n"
                        + "  " + data + ",1,1,1\n"
                        + "feedbeef,1,ff40,64,2,0,0,KMALLOC,sh,kmalloc-64,\n"
                        + "14,1,ff80,64,3,0,0,KMALLOC,sh,kmalloc-64,\n");

        for (List<String> how :
                List.of(List.of("--vmlinux", vmlinux.toString()), List.of("--system-map", systemMap.toString()))) {
            List<String> args = new java.util.ArrayList<>(List.of("kmap", "summary", k.toString()));
            args.addAll(how);
            Mzsh.Result r = Mzsh.run(work, args.toArray(String[]::new));
            assertThat(r.status()).as(r.stderr()).isZero();
            assertThat(r.out())
                    .as(how.get(0))
                    .contains(" kmalloc_site+0x4 (" + alloc + ")\n")
                    .contains(" access_site+0x2 (" + access + ")\n")
                    .contains(" " + data + "\n") // data, not code: left as it is
                    .contains(" feedbeef\n")
                    .contains(" 14\n");
        }

        Path stripped = work.resolve("stripped");
        run("strip", "-o", stripped.toString(), vmlinux.toString());
        Mzsh.Result noSyms = Mzsh.run(work, "kmap", "summary", k.toString(), "--vmlinux", stripped.toString());
        assertThat(noSyms.status()).isEqualTo(2);
        assertThat(noSyms.stderr()).contains("has no symbol table (.symtab)");
    }

    /** cc, or gcc-NN as installed by linux-headers (via linux-compiler-gcc-NN-x86) on a fresh Debian host. */
    private static String compiler() throws Exception {
        for (String c : List.of("cc", "gcc", "gcc-14", "gcc-13", "gcc-12")) {
            if (new ProcessBuilder("sh", "-c", "command -v " + c).start().waitFor() == 0) {
                return c;
            }
        }
        throw new AssertionError("no C compiler (cc, gcc, gcc-12..14); mzsh setup installs gcc with linux-headers");
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    private static long address(String nmOutput, String symbol) {
        return nmOutput.lines()
                .filter(l -> l.endsWith(" " + symbol))
                .map(l -> Long.parseUnsignedLong(l.split(" ")[0], 16))
                .findFirst()
                .orElseThrow();
    }
}
