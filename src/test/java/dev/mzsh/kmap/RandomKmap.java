package dev.mzsh.kmap;

import java.util.Random;

/** Random but valid kmap text (either format) for tests of part and buffer boundaries. */
final class RandomKmap {
    private RandomKmap() {}

    static String text(long seed, int objects, boolean legacy) {
        Random r = new Random(seed);
        String[] cmds = {"ls", "cat", "hardirq", "softirq", "kworker/0:1", "", "bash"};
        String[] slabs = {"filp", "dentry", "kmalloc-64", "no-slab", "names_cache"};
        long[] sites = {0, 0xfeedbeefL, 0x14, 0xffffffff81000010L, 0xffffffff81234567L, 0xffffffff8199aa00L};
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= objects; i++) {
            if (r.nextInt(20) == 0) {
                sb.append('\n'); // empty lines are allowed anywhere
            }
            long site = sites[r.nextInt(sites.length)] + (r.nextBoolean() ? 0 : r.nextInt(64));
            int f = r.nextInt(10);
            String freeIp = f < 3 ? "0" : f == 3 ? "deadbeef" : f == 4 ? "fedbeef" : Long.toHexString(0xffffffff81000000L + r.nextInt(1 << 20));
            long size = r.nextInt(8) == 0 ? 0 : 1L << r.nextInt(14);
            String cmd = cmds[r.nextInt(cmds.length)];
            String common = Long.toHexString(site) + "," + (r.nextInt(9000) - 1) + "," + Long.toHexString(0xff47000000000000L + i * 64L)
                    + "," + size + "," + i + "," + (freeIp.equals("0") ? 0 : i + r.nextInt(50)) + "," + freeIp;
            sb.append(common);
            if (legacy) {
                sb.append(',').append(cmd);
            } else {
                sb.append(",KMALLOC,").append(cmd).append(',').append(slabs[r.nextInt(slabs.length)]).append(',')
                        .append(freeIp.endsWith("beef") ? "KMEM_CACHE" : "");
            }
            sb.append('\n');
            int accesses = r.nextInt(4) == 0 ? r.nextInt(6) : 0;
            for (int a = 0; a < accesses; a++) {
                String ip = Long.toHexString(0xffffffff81000000L + r.nextInt(4096));
                int w = r.nextInt(100);
                int rd = r.nextInt(1000);
                int pid = r.nextInt(5000) - 1;
                sb.append("  ").append(ip).append(',');
                sb.append(legacy ? pid + "," + w + "," + rd : w + "," + rd + "," + pid).append('\n');
            }
        }
        return sb.toString();
    }
}
