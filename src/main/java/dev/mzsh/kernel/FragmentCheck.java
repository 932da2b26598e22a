package dev.mzsh.kernel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which fragment options did not survive {@code make olddefconfig}, which drops
 * silently what a tree lacks or refuses, and the lines that say so.
 */
public final class FragmentCheck {
    /** kconfig's warning for a value of the wrong type: "symbol value 'maybe' invalid for SMP". */
    private static final Pattern INVALID = Pattern.compile("symbol value '.*' invalid for ([A-Za-z0-9_]+)");

    private FragmentCheck() {}

    /**
     * @param fragments    in command-line order; a later fragment's setting of a symbol wins
     * @param result       the resolved .config
     * @param treeDefines  whether the tree's Kconfig defines a symbol (asked only for dropped ones)
     * @param kconfigOutput what merge_config.sh and olddefconfig printed
     */
    public static List<DroppedOption> dropped(
            List<ConfigFragment> fragments, KernelConfig result, Predicate<String> treeDefines, String kconfigOutput) {
        Map<String, ConfigFragment.Wanted> last = new LinkedHashMap<>();
        for (ConfigFragment f : fragments) {
            for (ConfigFragment.Wanted w : f.options()) {
                last.remove(w.setting().name());
                last.put(w.setting().name(), w);
            }
        }
        Set<String> invalid = invalidSymbols(kconfigOutput);
        List<DroppedOption> dropped = new ArrayList<>();
        for (ConfigFragment.Wanted w : last.values()) {
            String name = w.setting().name();
            String want = w.setting().value();
            String got = result.value(name).orElse("n");
            if (got.equals(want)) {
                continue;
            }
            DroppedOption.Reason reason = invalid.contains(name)
                    ? DroppedOption.Reason.BAD_VALUE
                    : !treeDefines.test(name) ? DroppedOption.Reason.NOT_IN_TREE : DroppedOption.Reason.DEPENDENCIES;
            dropped.add(new DroppedOption(w, got, reason));
        }
        return dropped;
    }

    static Set<String> invalidSymbols(String kconfigOutput) {
        Set<String> names = new HashSet<>();
        Matcher m = INVALID.matcher(kconfigOutput);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** One line per kind of problem, each saying what to do. */
    public static List<String> messages(List<DroppedOption> dropped) {
        List<String> lines = new ArrayList<>();
        for (DroppedOption d : dropped) {
            if (d.reason() == DroppedOption.Reason.BAD_VALUE) {
                lines.add(d.wanted().where() + ": " + d.wanted().setting() + " is not a valid value for CONFIG_"
                        + d.wanted().setting().name() + " (kconfig ignored it)");
            }
        }
        List<DroppedOption> absent = ofReason(dropped, DroppedOption.Reason.NOT_IN_TREE);
        if (!absent.isEmpty()) {
            boolean memorizer =
                    absent.stream().anyMatch(d -> d.wanted().setting().name().startsWith("MEMORIZER"));
            lines.add(names(absent) + (absent.size() == 1 ? " is" : " are") + " not in this tree ("
                    + wheres(absent) + ")"
                    + (memorizer
                            ? " - is this a Memorizer kernel?"
                            : " - check the names against the tree's Kconfig files"));
        }
        List<DroppedOption> deps = ofReason(dropped, DroppedOption.Reason.DEPENDENCIES);
        if (!deps.isEmpty()) {
            lines.add(deps.stream()
                            .map(d -> d.wanted().setting() + " (" + d.wanted().where() + ", got " + d.got() + ")")
                            .collect(Collectors.joining(", "))
                    + ": kconfig dropped "
                    + (deps.size() == 1 ? "it" : "them") + " - its dependencies are off; "
                    + "add them to the fragment (make menuconfig, then / and the name, shows which)");
        }
        return lines;
    }

    private static List<DroppedOption> ofReason(List<DroppedOption> dropped, DroppedOption.Reason r) {
        return dropped.stream().filter(d -> d.reason() == r).toList();
    }

    private static String names(List<DroppedOption> ds) {
        return ds.stream().map(d -> "CONFIG_" + d.wanted().setting().name()).collect(Collectors.joining(", "));
    }

    private static String wheres(List<DroppedOption> ds) {
        return ds.stream()
                .map(d -> d.wanted().file().getFileName().toString())
                .distinct()
                .collect(Collectors.joining(", "));
    }
}
