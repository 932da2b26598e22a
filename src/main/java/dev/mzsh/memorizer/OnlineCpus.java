package dev.mzsh.memorizer;

/**
 * The guest's CPUs as the kernel lists them ("0-1", "0"): Memorizer's modes 1
 * and 2 take all but CPU0 offline on the newest kernels, and 0 brings them back.
 *
 * @param online  /sys/devices/system/cpu/online
 * @param present /sys/devices/system/cpu/present
 */
public record OnlineCpus(String online, String present) {
    static final String SCRIPT = "cat /sys/devices/system/cpu/online /sys/devices/system/cpu/present\n";

    /** From the two lines {@link #SCRIPT} prints; text that is not a CPU list is kept out. */
    static OnlineCpus parse(String text) {
        String[] l = text.strip().split("\n");
        return new OnlineCpus(list(l[0]), l.length > 1 ? list(l[1]) : "?");
    }

    private static String list(String s) {
        String t = s.strip();
        return t.matches("[0-9,\\-]{1,200}") ? t : "?";
    }

    /** How many CPUs the list names ("0-1,3" is 3), or -1 when it is unknown. */
    public static int count(String list) {
        if (list.equals("?")) {
            return -1;
        }
        int n = 0;
        for (String part : list.split(",")) {
            String[] r = part.split("-");
            try {
                n += r.length == 2 ? Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1 : 1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return n;
    }

    /** "1 of 2 (0 of 0-1)". */
    public String describe() {
        return count(online) + " of " + count(present) + " (" + online + " of " + present + ")";
    }
}
