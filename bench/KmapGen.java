import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a realistic kmap of about SIZE_MB megabytes for bench/kmap-bench, printed as a
 * newest/v26 Memorizer kernel prints it under no_hash_pointers: alloc_ip with %-p (padded with
 * trailing spaces to 16 characters), every other pointer with %p (16 zero-padded digits), led
 * by the 27 always-live catch-all objects (alloc_ip 0, va 0, size 0, one per allocation type;
 * the NONE one with from: access lines). The workload is the one this generator always wrote,
 * so that the bench measures the printed form, not a different mix: a few thousand allocation
 * sites and access sites with skewed (Zipf-like) popularity, slab caches matching the object
 * sizes, ~40 commands (a rare one with a comma), a mix of live, freed and overwritten objects
 * and 0-4 access lines per object of any fate (v26 and newest print none for freed objects;
 * such a kmap has fewer access lines for mawk to split, see bench/README.md). Deterministic
 * for a given seed. One change for the access map (kmap access): as in a kernel, an allocation
 * site allocates from one cache with one type, and its objects are accessed by a few functions
 * near it; drawn independently (as before), the 1 GiB file held ~250,000 object classes and
 * ~2.3 million distinct accessor/class pairs per 256 MB, which no kernel prints. The main
 * random stream is unchanged, so sizes, fates, commands and counts are drawn as they were.
 *
 * Usage: java bench/KmapGen.java OUT SIZE_MB [SEED]
 */
public final class KmapGen {
    private static final String[] COMMANDS = {"systemd", "bash", "sh", "ls", "cat", "tar", "gzip", "kworker/0:1",
        "kworker/1:2", "ksoftirqd/0", "hardirq", "softirq", "sshd", "journald", "udevd", "grep", "sed", "awk",
        "find", "cp", "mv", "rm", "make", "cc1", "as", "ld", "python3", "perl", "git", "dpkg", "apt", "cron",
        "rsyslogd", "dbus-daemon", "agetty", "login", "sleep", "date", "stat", "my,tool"};
    private static final String[] TYPES = {"KMALLOC", "KMALLOC_ND", "KMEM_CACHE", "KMEM_CACHE_ND"};
    /** The allocation types in code order: one catch-all object each. */
    private static final String[] ALL_TYPES = {"STACK", "STACK_FRAME", "STACK_ARGS", "STACK_PAGE", "GEN_HEAP",
        "UFO_HEAP", "GLOBAL", "KMALLOC", "KMALLOC_ND", "KMEM_CACHE", "KMEM_CACHE_ND", "KMEM_CACHE_BULK", "VMALLOC",
        "ALLOC_PAGES", "ALLOC_PAGES_EXACT", "ALLOC_PAGES_GETFREEPAGES", "ALLOC_PAGES_FOLIO", "INDUCED_ALLOC", "BOOTMEM",
        "MEMBLOCK", "UFO_MEMBLOCK", "MEMORIZER", "USER", "BUG", "UFO_GLOBAL", "UFO_NONE", "NONE"};
    private static final String[] NAMED_CACHES = {"filp", "dentry", "inode_cache", "names_cache", "vm_area_struct",
        "anon_vma", "anon_vma_chain", "buffer_head", "ext4_inode_cache", "radix_tree_node", "task_struct", "cred_jar",
        "pid", "sighand_cache", "signal_cache", "files_cache", "fs_cache", "mm_struct", "skbuff_head_cache",
        "sock_inode_cache", "proc_inode_cache", "shmem_inode_cache", "lsm_file_cache", "kernfs_node_cache"};
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long target = Long.parseLong(args[1]) << 20;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        SplittableRandom rnd = new SplittableRandom(seed);
        long text = 0xffffffff81000000L;
        long[] allocSites = new long[3000];
        for (int i = 0; i < allocSites.length; i++) {
            allocSites[i] = text + rnd.nextLong(0x1000000);
        }
        allocSites[0] = 0xfeedbeefL;
        allocSites[1] = 0;
        allocSites[2] = 0x14;
        long[] accessSites = new long[6000];
        for (int i = 0; i < accessSites.length; i++) {
            accessSites[i] = text + rnd.nextLong(0x1000000);
        }
        byte[][] caches = new byte[NAMED_CACHES.length + 12][];
        long[] cacheSize = new long[caches.length];
        for (int i = 0; i < NAMED_CACHES.length; i++) {
            caches[i] = NAMED_CACHES[i].getBytes();
            cacheSize[i] = 64L << rnd.nextInt(6);
        }
        for (int k = 0; k < 12; k++) {
            long size = 8L << k;
            caches[NAMED_CACHES.length + k] = ("kmalloc-" + (size >= 1024 ? (size >> 10) + "k" : size)).getBytes();
            cacheSize[NAMED_CACHES.length + k] = size;
        }
        byte[] noSlab = "no-slab".getBytes();
        byte[][] commands = new byte[COMMANDS.length][];
        for (int i = 0; i < commands.length; i++) {
            commands[i] = COMMANDS[i].getBytes();
        }
        // What a kernel does: an allocation site allocates from one cache with one type, and a few
        // functions near it access what it allocates (see the loop below). Drawn from their own
        // random stream, so the main stream, and with it every other field, stays as it was.
        SplittableRandom siteRnd = new SplittableRandom(seed ^ 0x5eed);
        int[] siteCache = new int[allocSites.length];
        int[] siteType = new int[allocSites.length];
        for (int i = 0; i < allocSites.length; i++) {
            siteCache[i] = zipf(siteRnd, caches.length);
            siteType[i] = siteRnd.nextInt(TYPES.length);
        }
        Out o = new Out(Files.newOutputStream(out));
        long index = 1;
        byte[] swapper = "swapper/0".getBytes();
        for (String type : ALL_TYPES) {
            o.ptrLeft(0).comma().dec(0).comma().ptr(0).comma().dec(0).comma().dec(index++).comma().dec(0).comma().ptr(0)
                    .comma().str(type.getBytes()).comma().str(swapper).comma().str(noSlab).comma().nl();
            boolean none = type.equals("NONE");
            for (int a = 0; a < 3; a++) {
                o.sp();
                if (none) { // "  from:%p,%llu,%llu"
                    o.str("from:".getBytes()).ptr(accessSites[zipf(rnd, accessSites.length)]).comma().dec(rnd.nextInt(50))
                            .comma().dec(rnd.nextInt(500)).nl();
                } else {
                    o.ptr(accessSites[zipf(rnd, accessSites.length)]).comma().dec(rnd.nextInt(50)).comma()
                            .dec(rnd.nextInt(500)).comma().dec(-1).nl();
                }
            }
        }
        long ptr = 0xff47167a80000000L;
        while (o.written < target) {
            int siteIndex = zipf(rnd, allocSites.length);
            long site = allocSites[siteIndex];
            int cache = zipf(rnd, caches.length) >= 0 ? siteCache[siteIndex] : 0; // the draw is kept: same stream
            boolean large = rnd.nextInt(200) == 0;
            long size = large ? 8192L << rnd.nextInt(5) : cacheSize[cache];
            int type = rnd.nextInt(TYPES.length) >= 0 ? siteType[siteIndex] : 0;
            int cmd = zipf(rnd, commands.length);
            int pid = cmd >= 10 && cmd <= 11 ? 0 : 1 + (cmd * 97 + rnd.nextInt(30)) % 5000; // no task in irq context
            long alloc = index++;
            int fate = rnd.nextInt(100);
            long freeIndex = fate < 25 ? 0 : alloc + 1 + rnd.nextInt(100000);
            long freeIp = fate < 25 ? 0 : fate < 29 ? 0xdeadbeefL : fate < 30 ? 0xfedbeefL
                    : accessSites[zipf(rnd, accessSites.length)];
            ptr += 64 + rnd.nextInt(4096);
            // "%-p,%d,%p,%lu,%lu,%lu,%p,%s,%s,%s,%s\n"
            o.ptrLeft(site).comma().dec(pid).comma().ptr(ptr).comma().dec(size).comma().dec(alloc).comma().dec(freeIndex)
                    .comma().ptr(freeIp).comma().str(TYPES[type].getBytes()).comma().str(commands[cmd]).comma()
                    .str(large ? noSlab : caches[cache]).comma();
            if (freeIp == 0xdeadbeefL || freeIp == 0xfedbeefL) {
                o.str(TYPES[rnd.nextInt(TYPES.length)].getBytes());
            }
            o.nl();
            // "  %p,%llu,%llu,%lld\n"; the same access-line density as this generator always had, on
            // objects of every fate (v26 and newest print none for freed objects: see bench/README.md)
            int accesses = rnd.nextInt(10) < 3 ? 0 : rnd.nextInt(1, 5);
            for (int a = 0; a < accesses; a++) {
                o.sp().ptr(accessSites[(2 * siteIndex + zipf(rnd, 4)) % accessSites.length]).comma().dec(rnd.nextInt(8) == 0 ? rnd.nextInt(1000) : rnd.nextInt(4))
                        .comma().dec(rnd.nextInt(6) == 0 ? rnd.nextInt(5000) : rnd.nextInt(10)).comma().dec(pid).nl();
            }
        }
        o.close();
    }

    /** Index in [0, n) with popularity falling like 1/(rank+1), approximately. */
    private static int zipf(SplittableRandom rnd, int n) {
        double u = rnd.nextDouble();
        return (int) Math.min(n - 1, Math.floor(Math.pow(n + 1.0, u)) - 1);
    }

    private static final class Out {
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 20];
        private int n;
        long written;

        Out(OutputStream out) {
            this.out = new BufferedOutputStream(out, 1 << 16);
        }

        private void room() throws IOException {
            if (n > buf.length - 256) {
                out.write(buf, 0, n);
                written += n;
                n = 0;
            }
        }

        private static final byte[] DIGITS = "0123456789abcdef".getBytes();

        /** %p under no_hash_pointers: 16 zero-padded lowercase hex digits. */
        Out ptr(long v) throws IOException {
            room();
            for (int i = 15; i >= 0; i--) {
                buf[n++] = DIGITS[(int) (v >>> (i * 4)) & 15];
            }
            return this;
        }

        /** %-p: the digits without leading zeros, padded with trailing spaces to 16 characters. */
        Out ptrLeft(long v) throws IOException {
            room();
            int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) / 4;
            for (int i = digits - 1; i >= 0; i--) {
                buf[n++] = DIGITS[(int) (v >>> (i * 4)) & 15];
            }
            for (int i = digits; i < 16; i++) {
                buf[n++] = ' ';
            }
            return this;
        }

        Out dec(long v) throws IOException {
            room();
            if (v < 0) {
                buf[n++] = '-';
                v = -v;
            }
            if (v == 0) {
                buf[n++] = '0';
                return this;
            }
            int start = n;
            while (v > 0) {
                buf[n++] = (byte) ('0' + v % 10);
                v /= 10;
            }
            for (int i = start, j = n - 1; i < j; i++, j--) {
                byte t = buf[i];
                buf[i] = buf[j];
                buf[j] = t;
            }
            return this;
        }

        Out str(byte[] s) throws IOException {
            room();
            System.arraycopy(s, 0, buf, n, s.length);
            n += s.length;
            return this;
        }

        Out comma() {
            buf[n++] = ',';
            return this;
        }

        Out sp() throws IOException {
            room();
            buf[n++] = ' ';
            buf[n++] = ' ';
            return this;
        }

        Out nl() throws IOException {
            buf[n++] = '\n';
            room();
            return this;
        }

        void close() throws IOException {
            out.write(buf, 0, n);
            written += n;
            out.close();
        }
    }
}
