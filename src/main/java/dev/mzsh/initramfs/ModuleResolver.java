package dev.mzsh.initramfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringTokenizer;

/**
 * Resolves module names to the .ko files to load, dependencies first, from a
 * kernel's {@code modules.dep}. Modules listed in {@code modules.builtin} are
 * built in and skipped; names the kernel does not know are reported, not fatal
 * (a Memorizer kernel may build everything in and ship no modules tree).
 */
public final class ModuleResolver {
    private final Map<String, String> pathByName = new HashMap<>();
    private final Map<String, List<String>> depsByPath = new HashMap<>();
    private final Set<String> builtin = new HashSet<>();

    private ModuleResolver() {}

    /** A resolver over {@code modulesDir} (/lib/modules/RELEASE); an absent directory knows no modules. */
    public static ModuleResolver load(Path modulesDir) throws IOException {
        ModuleResolver r = new ModuleResolver();
        Path dep = modulesDir.resolve("modules.dep");
        if (Files.isRegularFile(dep)) {
            for (String line : Files.readAllLines(dep)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String path = line.substring(0, colon).trim();
                List<String> deps = new ArrayList<>();
                // StringTokenizer, not split(regex): modules.dep has thousands of lines.
                for (StringTokenizer t = new StringTokenizer(line.substring(colon + 1)); t.hasMoreTokens(); ) {
                    deps.add(t.nextToken());
                }
                r.depsByPath.put(path, deps);
                r.pathByName.put(nameOf(path), path);
            }
        }
        Path builtinFile = modulesDir.resolve("modules.builtin");
        if (Files.isRegularFile(builtinFile)) {
            for (String line : Files.readAllLines(builtinFile)) {
                if (!line.isBlank()) {
                    r.builtin.add(nameOf(line.trim()));
                }
            }
        }
        return r;
    }

    /** Module name from a path: basename without .ko[.xz|.gz|.zst], '-' as '_'. */
    public static String nameOf(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        int ko = base.indexOf(".ko");
        if (ko >= 0) {
            base = base.substring(0, ko);
        }
        return base.replace('-', '_');
    }

    /**
     * The result: module paths (relative to the modules dir) in load order, grouped
     * in levels whose modules depend only on earlier levels (so a level may load in
     * parallel), and what was skipped.
     */
    public record Resolution(List<List<String>> levels, List<String> builtin, List<String> unknown) {
        public List<String> loadOrder() {
            return levels.stream().flatMap(List::stream).toList();
        }
    }

    public Resolution resolve(List<String> names) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        List<String> skippedBuiltin = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : names) {
            String name = raw.replace('-', '_');
            String path = pathByName.get(name);
            if (path != null) {
                visit(path, order, new HashSet<>());
            } else if (builtin.contains(name)) {
                skippedBuiltin.add(name);
            } else {
                unknown.add(name);
            }
        }
        return new Resolution(levels(order), skippedBuiltin, unknown);
    }

    private List<List<String>> levels(LinkedHashSet<String> order) {
        Map<String, Integer> level = new HashMap<>();
        List<List<String>> levels = new ArrayList<>();
        for (String path : order) { // dependencies come first in order, so their levels are known
            int l = 0;
            for (String dep : depsByPath.getOrDefault(path, List.of())) {
                l = Math.max(l, level.getOrDefault(dep, -1) + 1);
            }
            level.put(path, l);
            while (levels.size() <= l) {
                levels.add(new ArrayList<>());
            }
            levels.get(l).add(path);
        }
        return levels.stream().map(List::copyOf).toList();
    }

    private void visit(String path, LinkedHashSet<String> order, Set<String> onStack) {
        if (order.contains(path) || !onStack.add(path)) {
            return;
        }
        for (String dep : depsByPath.getOrDefault(path, List.of())) {
            visit(dep, order, onStack);
        }
        order.add(path);
    }
}
