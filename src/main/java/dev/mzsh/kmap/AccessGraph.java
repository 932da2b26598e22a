package dev.mzsh.kmap;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link AccessMap} as a directed graph for networkx, Gephi or graphviz: one node per
 * accessing function and one per object class, one edge per pair (accessor to class) with its
 * reads, writes, objects and access lines. Nodes are numbered ({@code n0}, ...) and carry their
 * name as a label, so names that only differ in characters a format would mangle stay apart.
 */
public final class AccessGraph {
    private AccessGraph() {}

    /** GraphML (XML), readable by networkx's {@code read_graphml} and Gephi. */
    public static void graphml(AccessMap m, Appendable out) throws IOException {
        Nodes nodes = Nodes.of(m);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n")
                .append("  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n")
                .append("  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n");
        for (String k : new String[] {"reads", "writes", "objects", "lines"}) {
            out.append("  <key id=\"")
                    .append(k)
                    .append("\" for=\"edge\" attr.name=\"")
                    .append(k)
                    .append("\" attr.type=\"long\"/>\n");
        }
        out.append("  <graph id=\"access\" edgedefault=\"directed\">\n");
        for (Map.Entry<String, Integer> e : nodes.functions.entrySet()) {
            node(out, e.getValue(), e.getKey(), "function");
        }
        for (Map.Entry<String, Integer> e : nodes.classes.entrySet()) {
            node(out, e.getValue(), Nodes.label(e.getKey()), "class");
        }
        for (AccessMap.AccessPair p : m.pairs()) {
            out.append("    <edge source=\"n")
                    .append(Integer.toString(nodes.functions.get(p.accessor())))
                    .append("\" target=\"n")
                    .append(Integer.toString(nodes.classes.get(Nodes.classKey(p))))
                    .append("\">")
                    .append("<data key=\"reads\">")
                    .append(Long.toString(p.reads()))
                    .append("</data>")
                    .append("<data key=\"writes\">")
                    .append(Long.toString(p.writes()))
                    .append("</data>")
                    .append("<data key=\"objects\">")
                    .append(Long.toString(p.objects()))
                    .append("</data>")
                    .append("<data key=\"lines\">")
                    .append(Long.toString(p.lines()))
                    .append("</data></edge>\n");
        }
        out.append("  </graph>\n</graphml>\n");
    }

    private static void node(Appendable out, int id, String label, String kind) throws IOException {
        out.append("    <node id=\"n")
                .append(Integer.toString(id))
                .append("\"><data key=\"label\">")
                .append(MarkupText.escape(label))
                .append("</data><data key=\"kind\">")
                .append(kind)
                .append("</data></node>\n");
    }

    /** DOT, for graphviz ({@code dot -Tsvg}) and networkx's {@code read_dot}. */
    public static void dot(AccessMap m, Appendable out) throws IOException {
        Nodes nodes = Nodes.of(m);
        out.append("digraph access {\n  rankdir=LR;\n");
        for (Map.Entry<String, Integer> e : nodes.functions.entrySet()) {
            out.append("  n")
                    .append(Integer.toString(e.getValue()))
                    .append(" [label=")
                    .append(dotString(e.getKey()))
                    .append(", kind=function, shape=box];\n");
        }
        for (Map.Entry<String, Integer> e : nodes.classes.entrySet()) {
            out.append("  n")
                    .append(Integer.toString(e.getValue()))
                    .append(" [label=")
                    .append(dotString(Nodes.label(e.getKey())))
                    .append(", kind=class, shape=ellipse];\n");
        }
        for (AccessMap.AccessPair p : m.pairs()) {
            out.append("  n")
                    .append(Integer.toString(nodes.functions.get(p.accessor())))
                    .append(" -> n")
                    .append(Integer.toString(nodes.classes.get(Nodes.classKey(p))))
                    .append(" [reads=")
                    .append(Long.toString(p.reads()))
                    .append(", writes=")
                    .append(Long.toString(p.writes()))
                    .append(", objects=")
                    .append(Long.toString(p.objects()))
                    .append(", lines=")
                    .append(Long.toString(p.lines()))
                    .append(", label=\"r ")
                    .append(Long.toString(p.reads()))
                    .append(" w ")
                    .append(Long.toString(p.writes()))
                    .append("\"];\n");
        }
        out.append("}\n");
    }

    /** Node numbers: functions first, then classes, each in the order of the pairs. */
    private record Nodes(Map<String, Integer> functions, Map<String, Integer> classes) {
        static Nodes of(AccessMap m) {
            Map<String, Integer> f = new LinkedHashMap<>();
            Map<String, Integer> c = new LinkedHashMap<>();
            for (AccessMap.AccessPair p : m.pairs()) {
                f.putIfAbsent(p.accessor(), f.size());
            }
            for (AccessMap.AccessPair p : m.pairs()) {
                c.putIfAbsent(classKey(p), f.size() + c.size());
            }
            return new Nodes(f, c);
        }

        /**
         * A class's identity: its label, then its parts joined by a NUL (a byte no printed name
         * holds), so that e.g. slab "a b" with an empty type and slab "a" with type "b" stay two classes.
         */
        static String classKey(AccessMap.AccessPair p) {
            return p.objectClass() + (char) 0 + p.allocSite() + (char) 0 + p.slab() + (char) 0 + p.type();
        }

        static String label(String classKey) {
            return classKey.substring(0, classKey.indexOf(0));
        }
    }

    /** A DOT double-quoted string: quotes and backslashes escaped, control characters as \xNN text. */
    static String dotString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append("\\\\x").append(Character.forDigit(c >> 4 & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
