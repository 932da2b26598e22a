package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph exports load in the tools they are for: networkx (GraphML) and graphviz (DOT). */
class AccessGraphTest {
    @TempDir
    Path dir;

    private AccessMap known() throws Exception {
        return AccessAnalyzer.analyze(
                AccessAnalyzerTest.resource("known.kmap"),
                KmapOptions.defaults()
                        .withSymbols(SymbolTable.fromSystemMap(AccessAnalyzerTest.resource("known.System.map"))));
    }

    private static String run(Path cwd, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void graphmlLoadsInNetworkxWithOneEdgePerPair() throws Exception {
        AccessMap m = known();
        StringWriter w = new StringWriter();
        AccessGraph.graphml(m, w);
        Files.writeString(dir.resolve("access.graphml"), w.toString());
        // Debian's python3-networkx (.ci/test-tools installs it)
        String out = run(
                dir,
                "/usr/bin/python3",
                "-c",
                String.join(
                        "\n",
                        "import networkx as nx",
                        "g = nx.read_graphml('access.graphml')",
                        "e = g.edges['n0', 'n3']",
                        "print(g.number_of_edges(), g.number_of_nodes(), g.nodes['n0']['label'], g.nodes['n3']['label'],"
                                + " e['reads'], e['writes'], e['objects'])"));
        assertThat(out.trim()).isEqualTo(m.pairs().size() + " 7 vfs_read getname names_cache KMEM_CACHE 10 0 1");
        assertThat(m.pairs()).hasSize(6);
    }

    @Test
    void dotParsesInGraphvizWithOneEdgePerPair() throws Exception {
        AccessMap m = known();
        StringWriter w = new StringWriter();
        AccessGraph.dot(m, w);
        Files.writeString(dir.resolve("access.dot"), w.toString());
        // gvpr (graphviz) counts the edges and nodes it parsed
        String out = run(dir, "gvpr", "BEG_G { printf(\"%d %d\\n\", nEdges($G), nNodes($G)) }", "access.dot");
        assertThat(out.trim()).isEqualTo(m.pairs().size() + " 7");
        run(dir, "dot", "-Tsvg", "-o", "access.svg", "access.dot");
        assertThat(Files.readString(dir.resolve("access.svg"))).contains("vfs_read", "getname names_cache KMEM_CACHE");
    }

    @Test
    void guestNamesCannotBreakTheMarkup() throws Exception {
        Path f = dir.resolve("evil.kmap");
        Files.writeString(
                f,
                String.format(
                        "%-16s,1,%016x,8,1,0,%016x,KM\"A<L>&,ls,a\"b\\c\u0007,%n  %016x,1,2,3%n",
                        "ffffffff81200010", 0xffff888000000000L, 0L, 0xffffffff81100005L));
        AccessMap m = AccessAnalyzer.analyze(f, KmapOptions.defaults());
        StringWriter g = new StringWriter();
        AccessGraph.graphml(m, g);
        Files.writeString(dir.resolve("evil.graphml"), g.toString());
        String out = run(
                dir,
                "/usr/bin/python3",
                "-c",
                "import networkx as nx; g = nx.read_graphml('evil.graphml'); print(g.number_of_edges(), g.nodes['n1']['label'])");
        assertThat(out.trim()).isEqualTo("1 ffffffff81200010 a\"b\\c\\x07 KM\"A<L>&");
        StringWriter d = new StringWriter();
        AccessGraph.dot(m, d);
        Files.writeString(dir.resolve("evil.dot"), d.toString());
        assertThat(run(dir, "gvpr", "BEG_G { printf(\"%d\\n\", nEdges($G)) }", "evil.dot")
                        .trim())
                .isEqualTo("1");
        assertThat(List.of(AccessReport.field("a,b"), AccessReport.field("x\"y")))
                .containsExactly("\"a,b\"", "\"x\"\"y\"");
    }
}
