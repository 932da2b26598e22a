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
                for (String d : line.substring(colon + 1).trim().split("\\s+")) {
                    if (!d.isEmpty()) {
                        deps.add(d);
                    }
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

    /** The result: module paths (relative to the modules dir) in load order, and what was skipped. */
    public record Resolution(List<String> loadOrder, List<String> builtin, List<String> unknown) {}

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
        return new Resolution(List.copyOf(order), skippedBuiltin, unknown);
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
