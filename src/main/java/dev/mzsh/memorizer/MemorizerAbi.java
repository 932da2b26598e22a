package dev.mzsh.memorizer;

import java.util.Optional;
import java.util.SortedSet;

/**
 * The Memorizer files one booted kernel has, as listed once per boot.
 *
 * @param files      the names in the memorizer debugfs directory
 * @param generation which naming generation they follow
 * @param simulated  whether memorizer-sim presents them (a stock kernel), not a Memorizer kernel
 */
public record MemorizerAbi(SortedSet<String> files, Generation generation, boolean simulated) {
    public static final String DIR = "/sys/kernel/debug/memorizer";
    /** memorizer-sim's module parameter naming the generation it presents. */
    public static final String SIM_ABI_PARAMETER = "/sys/module/memorizer_sim/parameters/abi";

    public static MemorizerAbi of(SortedSet<String> files) {
        return new MemorizerAbi(files, Generation.of(files), false);
    }

    /** As discovery sees it: names, memorizer_enabled's read-back (null if unread), the /proc entry. */
    public static MemorizerAbi of(SortedSet<String> files, String enabledText, boolean procEntry) {
        return of(files, enabledText, procEntry, null);
    }

    /** As above, with memorizer-sim's abi parameter when the sim is loaded (null otherwise). */
    public static MemorizerAbi of(SortedSet<String> files, String enabledText, boolean procEntry, String simAbi) {
        return new MemorizerAbi(files, Generation.of(files, enabledText, procEntry, simAbi), simAbi != null);
    }

    /** The file this kernel has for {@code control}, if any. */
    public Optional<String> file(Control control) {
        return control.names().stream().filter(files::contains).findFirst();
    }

    public boolean has(Control control) {
        return file(control).isPresent();
    }

    /** The absolute path of the control's file, or a one-line error naming the files that exist. */
    public String path(Control control) {
        return DIR + "/"
                + file(control)
                        .orElseThrow(() ->
                                new MemorizerException("this kernel has no " + String.join(" or ", control.names())
                                        + " in " + DIR + "; it has: " + String.join(" ", files)));
    }
}
