package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessAnalyzerTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(AccessAnalyzerTest.class.getResource("/access/" + name).toURI());
    }

    private static KmapOptions named() throws Exception {
        return KmapOptions.defaults().withSymbols(SymbolTable.fromSystemMap(resource("known.System.map")));
    }

    /**
     * known.kmap is in the newest kernel's printed form; its tallies, worked out by hand: two
     * access ips of vfs_read on one filp object count as one object, two filp objects of
     * alloc_file (at +0x10 and +0x20) are one class, kmalloc-256 from the same site another,
     * a from: line under the NONE catch-all counts for its ip's function, a freed object has none.
     */
    @Test
    void csvGivesTheKnownTalliesPerAccessorAndObjectClass() throws Exception {
        AccessMap m = AccessAnalyzer.analyze(resource("known.kmap"), named());
        StringWriter csv = new StringWriter();
        AccessReport.csv(m, csv);
        assertThat(csv.toString()).isEqualTo("""
                accessor,alloc_site,slab,alloc_type,reads,writes,objects,access_lines
                vfs_read,getname,names_cache,KMEM_CACHE,10,0,1,1
                vfs_read,alloc_file,filp,KMEM_CACHE,7,1,2,3
                ext4_readdir,0,no-slab,NONE,3,2,1,1
                vfs_write,alloc_file,kmalloc-256,KMALLOC,0,5,1,1
                ext4_readdir,getname,names_cache,KMEM_CACHE,2,2,1,1
                vfs_write,alloc_file,filp,KMEM_CACHE,0,3,1,1
                """);
        assertThat(m.objects()).isEqualTo(6);
        assertThat(m.accessLines()).isEqualTo(8);
        assertThat(m.reads()).isEqualTo(22);
        assertThat(m.writes()).isEqualTo(13);
        assertThat(m.accessors()).isEqualTo(3);
        assertThat(m.classes())
                .isEqualTo(
                        4); // NONE, alloc_file filp (the freed object too), getname names_cache, alloc_file kmalloc-256
    }

    @Test
    void withoutSymbolsFunctionsAreTheirAddresses() throws Exception {
        AccessMap m = AccessAnalyzer.analyze(resource("known.kmap"), KmapOptions.defaults());
        // without symbols every access ip is its own "function": vfs_read's two ips stay apart
        assertThat(m.pairs())
                .contains(
                        new AccessMap.AccessPair(
                                "ffffffff81100005", "ffffffff81200010", "filp", "KMEM_CACHE", 4, 1, 1, 1),
                        new AccessMap.AccessPair(
                                "ffffffff81100009", "ffffffff81200010", "filp", "KMEM_CACHE", 2, 0, 1, 1),
                        new AccessMap.AccessPair(
                                "ffffffff81100005", "ffffffff81200020", "filp", "KMEM_CACHE", 1, 0, 1, 1));
        assertThat(m.accessors()).isEqualTo(4);
    }

    @Test
    void theTextReportListsTheTopPairs() throws Exception {
        String text = AccessReport.text(AccessAnalyzer.analyze(resource("known.kmap"), named()), 2);
        assertThat(text)
                .contains("8 lines, 22 reads, 13 writes by 3 functions in 6 pairs")
                .contains("top 2 of 6 pairs")
                .containsPattern("\\n +10 +0 +1 +vfs_read +-> getname names_cache KMEM_CACHE\\n")
                .containsPattern("\\n +7 +1 +2 +vfs_read +-> alloc_file filp KMEM_CACHE\\n")
                .doesNotContain("ext4_readdir");
    }

    @Test
    void aKmapWithoutAccessLinesSaysHowToGetThem() throws Exception {
        Path f = dir.resolve("noaccess.kmap");
        Files.writeString(
                f,
                String.format(
                        "%-16s,1,%016x,8,1,0,%016x,KMALLOC,ls,kmalloc-8,%n",
                        "ffffffff81200010", 0xffff888000000000L, 0L));
        AccessMap m = AccessAnalyzer.analyze(f, KmapOptions.defaults());
        assertThat(m.pairs()).isEmpty();
        assertThat(AccessReport.text(m, 10)).contains("no access lines: turn access logging on");
    }

    /** The summary's one pass feeds both tallies: the same results as the two separate passes. */
    @Test
    void oneCombinedPassGivesWhatTheTwoSeparatePassesGive() throws Exception {
        Map<List<String>, long[]> truth = new HashMap<>();
        Path gen = dir.resolve("gen.kmap");
        Files.writeString(gen, generate(11, 3000, truth), StandardCharsets.UTF_8);
        for (Path f : List.of(resource("known.kmap"), gen)) {
            KmapOptions o = named().withThreads(3);
            KmapResults both = KmapAnalyzer.summarizeWithAccess(f, o, 4096, 512);
            assertThat(KmapReport.text(both.summary(), 10))
                    .isEqualTo(KmapReport.text(KmapAnalyzer.summarize(f, o), 10));
            StringWriter combined = new StringWriter();
            StringWriter separate = new StringWriter();
            AccessReport.csv(both.access(), combined);
            AccessReport.csv(AccessAnalyzer.analyze(f, o), separate);
            assertThat(combined.toString()).isEqualTo(separate.toString());
        }
    }

    @Test
    void theTextSummaryEndsWithTheAccessMapsTopPairs() throws Exception {
        String text = KmapReport.text(KmapAnalyzer.summarizeWithAccess(resource("known.kmap"), named()), 2);
        String access = text.substring(text.indexOf("object sizes"));
        assertThat(access)
                .contains("top 2 of 6 pairs by accesses")
                .containsPattern("\\n +10 +0 +1 +vfs_read +-> getname names_cache KMEM_CACHE\\n")
                .containsPattern("\\n +7 +1 +2 +vfs_read +-> alloc_file filp KMEM_CACHE\\n");
    }

    @Test
    void aSummaryOfAKmapWithoutAccessLinesSaysThereAreNone() throws Exception {
        Path f = dir.resolve("sim.kmap");
        Files.writeString(
                f,
                String.format(
                        "%-16s,1,%016x,8,1,0,%016x,KMALLOC,ls,kmalloc-8,%n",
                        "ffffffff81200010", 0xffff888000000000L, 0L));
        String text = KmapReport.text(KmapAnalyzer.summarizeWithAccess(f, KmapOptions.defaults()), 10);
        assertThat(text).contains("\naccess map: no access lines in this kmap (memorizer-sim records no loads");
        assertThat(text).doesNotContain("pairs by accesses");
    }

    /**
     * One allocation site whose objects change class from one object to the next (the tally keeps
     * the last class per site): every object still counts for its own class, in the access map
     * alone and beside the summary, names over 16 bytes and the type included.
     */
    @Test
    void aSiteWhoseObjectsChangeClassCountsEachObjectForItsOwnClass() throws Exception {
        String[][] classes = {
            {"filp", "KMEM_CACHE"},
            {"dentry", "KMEM_CACHE"},
            {"filp", "KMALLOC"},
            {"a_slab_name_over_16_bytes", "KMEM_CACHE"},
            {"a_slab_name_over_16_bytes_too", "KMEM_CACHE"},
            {"filp", "KMEM_CACHE"},
            // a type that differs from the one before only in its last bytes (same head and length)
            {"filp", "KMEM_CACHE_ND"},
            {"filp", "KMEM_CACHE_RB"},
        };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < classes.length; i++) {
            sb.append(String.format(
                    "%-16s,1,%016x,64,%d,0,%016x,%s,cmd,%s,%n",
                    "ffffffff81200010", 0xff11000000000000L + 64L * i, i + 1, 0L, classes[i][1], classes[i][0]));
            sb.append(String.format("  %016x,%d,%d,1%n", 0xffffffff82000000L, i + 1, 10 * (i + 1)));
        }
        Path f = dir.resolve("classes.kmap");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        String expected = """
                accessor,alloc_site,slab,alloc_type,reads,writes,objects,access_lines
                ffffffff82000000,ffffffff81200010,filp,KMEM_CACHE_RB,80,8,1,1
                ffffffff82000000,ffffffff81200010,filp,KMEM_CACHE,70,7,2,2
                ffffffff82000000,ffffffff81200010,filp,KMEM_CACHE_ND,70,7,1,1
                ffffffff82000000,ffffffff81200010,a_slab_name_over_16_bytes_too,KMEM_CACHE,50,5,1,1
                ffffffff82000000,ffffffff81200010,a_slab_name_over_16_bytes,KMEM_CACHE,40,4,1,1
                ffffffff82000000,ffffffff81200010,filp,KMALLOC,30,3,1,1
                ffffffff82000000,ffffffff81200010,dentry,KMEM_CACHE,20,2,1,1
                """;
        KmapOptions o = KmapOptions.defaults().withThreads(1);
        for (AccessMap m : List.of(
                AccessAnalyzer.analyze(f, o),
                KmapAnalyzer.summarizeWithAccess(f, o).access())) {
            StringWriter csv = new StringWriter();
            AccessReport.csv(m, csv);
            assertThat(csv.toString()).isEqualTo(expected);
            assertThat(m.classes()).isEqualTo(7);
        }
    }

    /** A generated kmap whose true tallies the generator keeps, read in one part and in many small ones. */
    @Test
    void manyPartsAndThreadsGiveTheGeneratorsTrueTallies() throws Exception {
        Map<List<String>, long[]> truth = new HashMap<>();
        Path f = dir.resolve("gen.kmap");
        Files.writeString(f, generate(7, 4000, truth), StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        truth.forEach((k, v) -> expected.add(String.join(",", k) + "," + v[0] + "," + v[1] + "," + v[2] + "," + v[3]));
        for (AccessMap m : List.of(
                AccessAnalyzer.analyze(f, KmapOptions.defaults().withThreads(1)),
                AccessAnalyzer.analyze(f, KmapOptions.defaults().withThreads(3), 4096, 512),
                // pairs with ids of 3 (7) bits or more go to the wide table, the others to the narrow one
                AccessAnalyzer.analyze(f, KmapOptions.defaults().withThreads(1), KmapAnalyzer.MIN_PART, 4096, 3),
                AccessAnalyzer.analyze(f, KmapOptions.defaults().withThreads(3), 4096, 512, 7))) {
            List<String> rows = new ArrayList<>();
            for (AccessMap.AccessPair p : m.pairs()) {
                rows.add(String.join(",", p.accessor(), p.allocSite(), p.slab(), p.type()) + "," + p.reads() + ","
                        + p.writes() + "," + p.objects() + "," + p.lines());
            }
            assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(m.pairs()).isSortedAccordingTo(AccessMap.ORDER);
            // the text report's top pairs are chosen without sorting them all: the same as the first of all
            assertThat(m.pairCount()).isGreaterThan(200);
            for (int n : new int[] {1, 2, 20, 137}) {
                assertThat(m.top(n)).isEqualTo(m.pairs().subList(0, n));
            }
        }
    }

    /**
     * Sums that pass a narrow pair cell's limits: reads of 2^31 - 1 a line (pair A: a cell's reads
     * pass 2^31 on its second line), more than 2^16 lines of one pair (C), and writes of 2^40 in one
     * line (B: too big for a cell, the wide table takes the line as it is). Read in one part, in many
     * parts merged (cells added up, and moved when their sums pass the limits), and with every pair
     * in the wide table.
     */
    @Test
    void sumsPastANarrowCellsLimitsStayExact() throws Exception {
        long big = Integer.MAX_VALUE;
        Map<Long, long[]> truth = new HashMap<>(); // accessor -> reads, writes, objects, lines
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 14_000; i++) {
            sb.append(String.format(
                    "%-16s,%d,%016x,64,%d,0,%016x,%s,cmd,%s,%n",
                    "ffffffff81200010", i, 0xff11000000000000L + 64L * i, i, 0L, "KMEM_CACHE", "filp"));
            if (i <= 100) {
                accessLine(sb, truth, 0xffffffff8200000aL, i % 7, big, true);
            }
            for (int n = 0; n < 5; n++) {
                accessLine(sb, truth, 0xffffffff8200000cL, i % 7, i % 5, n == 0);
            }
            accessLine(sb, truth, 0xffffffff8200000bL, i % 1000 == 0 ? 1L << 40 : 1, i, true);
        }
        assertThat(truth.get(0xffffffff8200000cL)[3])
                .isGreaterThan(1 << 16); // a cell's lines would pass 16 bits if not moved
        Path f = dir.resolve("big.kmap");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        truth.forEach((ip, v) -> expected.add(
                Long.toHexString(ip) + ",ffffffff81200010," + v[0] + "," + v[1] + "," + v[2] + "," + v[3]));
        for (AccessMap m : List.of(
                AccessAnalyzer.analyze(f, KmapOptions.defaults().withThreads(1)),
                AccessAnalyzer.analyze(f, KmapOptions.defaults().withThreads(3), 64 << 10, 4096),
                AccessAnalyzer.analyze(f, KmapOptions.defaults().withThreads(1), KmapAnalyzer.MIN_PART, 4096, 1),
                KmapAnalyzer.summarizeWithAccess(f, KmapOptions.defaults().withThreads(3), 64 << 10, 4096)
                        .access())) {
            List<String> rows = new ArrayList<>();
            for (AccessMap.AccessPair p : m.pairs()) {
                rows.add(p.accessor() + "," + p.allocSite() + "," + p.reads() + "," + p.writes() + "," + p.objects()
                        + "," + p.lines());
            }
            assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static void accessLine(
            StringBuilder sb, Map<Long, long[]> truth, long ip, long writes, long reads, boolean newObject) {
        sb.append(String.format("  %016x,%d,%d,1%n", ip, writes, reads));
        long[] t = truth.computeIfAbsent(ip, k -> new long[4]);
        t[0] += reads;
        t[1] += writes;
        t[2] += newObject ? 1 : 0;
        t[3]++;
    }

    @Test
    void theNthLargestIsTheOneSortingGives() {
        Random r = new Random(3);
        for (int round = 0; round < 200; round++) {
            long[] v = new long[1 + r.nextInt(60)];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextInt(round % 2 == 0 ? 5 : 1000); // many ties in half the rounds
            }
            long[] sorted = v.clone();
            Arrays.sort(sorted);
            int n = 1 + r.nextInt(v.length);
            assertThat(AccessMap.nthLargest(v.clone(), n)).isEqualTo(sorted[v.length - n]);
        }
    }

    /** Newest printed form; truth: (accessor, site, slab, type) -> reads, writes, distinct objects, lines. */
    private static String generate(long seed, int objects, Map<List<String>, long[]> truth) {
        Random r = new Random(seed);
        String[] slabs = {"filp", "dentry", "kmalloc-64", "no-slab", "a_slab_name_over_16_bytes"};
        String[] types = {"KMALLOC", "KMEM_CACHE", ""};
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= objects; i++) {
            long site = r.nextInt(5) == 0 ? 0xfeedbeefL : 0xffffffff81000000L + 16L * r.nextInt(40);
            String slab = slabs[r.nextInt(slabs.length)];
            String type = types[r.nextInt(types.length)];
            sb.append(String.format(
                    "%-16s,%d,%016x,64,%d,0,%016x,%s,cmd,%s,%n",
                    Long.toHexString(site), i, 0xff11000000000000L + 64L * i, i, 0L, type, slab));
            Set<String> seen = new HashSet<>();
            int lines = r.nextInt(4);
            for (int a = 0; a < lines; a++) {
                long ip = 0xffffffff82000000L + 8L * r.nextInt(12);
                int w = r.nextInt(9);
                int rd = r.nextInt(50);
                sb.append(String.format("  %016x,%d,%d,%d%n", ip, w, rd, r.nextInt(3)));
                String acc = Long.toHexString(ip);
                long[] t = truth.computeIfAbsent(List.of(acc, Long.toHexString(site), slab, type), k -> new long[4]);
                t[0] += rd;
                t[1] += w;
                t[2] += seen.add(acc) ? 1 : 0;
                t[3]++;
            }
        }
        return sb.toString();
    }
}
