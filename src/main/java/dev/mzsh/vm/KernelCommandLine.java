package dev.mzsh.vm;

import java.util.ArrayList;
import java.util.List;

/** The guest kernel command line: Memorizer's recommended set, then the user's additions. */
public final class KernelCommandLine {
    private KernelCommandLine() {}

    /**
     * @param memallocGiB Memorizer's reserved record memory ({@code memalloc_size}); ignored by stock kernels
     * @param simAbi      memorizer-sim generation for the guest init (a --sim value)
     * @param userAppend  the user's --append text, last so that it wins
     */
    public static String build(int memallocGiB, String simAbi, String userAppend) {
        return build(memallocGiB, simAbi, false, userAppend);
    }

    /** As above; {@code network} tells the guest init to configure its network card ({@code mzsh.net=user}). */
    public static String build(int memallocGiB, String simAbi, boolean network, String userAppend) {
        List<String> words = new ArrayList<>(List.of(
                "console=ttyS0",
                "panic=-1",
                "nokaslr",
                "no_hash_pointers",
                "split_lock_detect=off",
                "audit=0",
                "loglevel=8",
                "memorizer_enabled_boot=no",
                "memalloc_size=" + memallocGiB,
                "mzsh.sim=" + simAbi));
        if (network) {
            words.add("mzsh.net=user");
        }
        if (userAppend != null && !userAppend.isBlank()) {
            words.add(userAppend.strip());
        }
        return String.join(" ", words);
    }
}
