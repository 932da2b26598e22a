package dev.mzsh.vm;

import java.util.List;

/**
 * What the console watch saw go wrong in the guest kernel.
 *
 * @param kind  PANIC, OOPS, BUG or LOCKUP (a CPU the kernel's lockup detector found stuck)
 * @param line  the console line that showed it
 * @param tail  the last console lines at that moment
 */
public record GuestFault(Kind kind, String line, List<String> tail) {
    public enum Kind {
        PANIC,
        OOPS,
        BUG,
        LOCKUP
    }
}
