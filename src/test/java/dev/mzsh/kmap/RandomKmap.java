package dev.mzsh.kmap;

import java.util.Random;

/**
 * Random but valid kmap text of one generation, printed as its kernel prints it ({@code %-p}
 * alloc_ip padded to 16, {@code %p} pointers zero-padded to 16, 4.x's right-justified
 * {@code (null)} for NULL, commas in some commands), for tests of part and buffer boundaries.
 */
final class RandomKmap {
    private RandomKmap() {}

    static String text(long seed, int objects, KmapFormat gen) {
        Random r = new Random(seed);
        String[] cmds = {"ls", "cat", "hardirq", "softirq", "kworker/0:1", "", "bash", "a,b", "x, y,z"};
        String[] slabs = {"filp", "dentry", "kmalloc-64", "no-slab", "names_cache"};
        long[] sites = {0, 0xfeedbeefL, 0x14, 0x3, 0xffffffff81000010L, 0xffffffff81234567L, 0xffffffff8199aa00L};
        boolean fourX = gen == KmapFormat.V4X_9 || gen == KmapFormat.V4X_10 || gen == KmapFormat.LEGACY;
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= objects; i++) {
            if (r.nextInt(20) == 0) {
                sb.append('\n'); // empty lines are allowed anywhere
            }
            long site = sites[r.nextInt(sites.length)];
            if (site > 0xffff) {
                site += r.nextInt(64);
            }
            int f = r.nextInt(10);
            long freeIp =
                    f < 3 ? 0 : f == 3 ? 0xdeadbeefL : f == 4 ? 0xfedbeefL : 0xffffffff81000000L + r.nextInt(1 << 20);
            long size = r.nextInt(8) == 0 ? 0 : 1L << r.nextInt(14);
            String cmd = cmds[r.nextInt(cmds.length)];
            String allocIp = gen == KmapFormat.LEGACY ? pointer(site, fourX) : leftPointer(site, fourX);
            sb.append(allocIp)
                    .append(',')
                    .append(r.nextInt(9000) - 1)
                    .append(',')
                    .append(pointer(0xff47000000000000L + i * 64L, fourX))
                    .append(',')
                    .append(size)
                    .append(',')
                    .append(i)
                    .append(',')
                    .append(freeIp == 0 ? 0 : i + r.nextInt(50))
                    .append(',')
                    .append(pointer(freeIp, fourX));
            switch (gen.fields()) {
                case 8 -> sb.append(',').append(cmd);
                case 9 -> sb.append(",KMALLOC,").append(cmd);
                case 10 -> sb.append(",KMALLOC,").append(cmd).append(',').append(slabs[r.nextInt(slabs.length)]);
                default ->
                    sb.append(",KMALLOC,")
                            .append(cmd)
                            .append(',')
                            .append(slabs[r.nextInt(slabs.length)])
                            .append(',')
                            .append(freeIp == 0xdeadbeefL || freeIp == 0xfedbeefL ? "KMEM_CACHE" : "");
            }
            sb.append('\n');
            int accesses = r.nextInt(4) == 0 ? r.nextInt(6) : 0;
            for (int a = 0; a < accesses; a++) {
                String ip = pointer(r.nextInt(30) == 0 ? 0 : 0xffffffff81000000L + r.nextInt(4096), fourX);
                int w = r.nextInt(100);
                int rd = r.nextInt(1000);
                int pid = r.nextInt(5000) - 1;
                sb.append("  ");
                switch (gen.access()) {
                    case PID_SECOND ->
                        sb.append(ip)
                                .append(',')
                                .append(pid)
                                .append(',')
                                .append(w)
                                .append(',')
                                .append(rd);
                    case PID_LAST ->
                        sb.append(ip)
                                .append(',')
                                .append(w)
                                .append(',')
                                .append(rd)
                                .append(',')
                                .append(pid);
                    default -> sb.append(ip).append(',').append(w).append(',').append(rd);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code %p}: 16 zero-padded digits; 4.x prints NULL as "(null)" right-justified to 16. */
    private static String pointer(long v, boolean fourX) {
        return v == 0 && fourX ? String.format("%16s", "(null)") : String.format("%016x", v);
    }

    /** {@code %-p}: left-justified, trailing spaces to 16. */
    private static String leftPointer(long v, boolean fourX) {
        return String.format("%-16s", v == 0 && fourX ? "(null)" : Long.toHexString(v));
    }
}
