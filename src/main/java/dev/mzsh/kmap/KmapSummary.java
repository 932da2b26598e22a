package dev.mzsh.kmap;

import java.util.List;

/**
 * What a kmap holds, aggregated per allocation site, slab cache, command and access site
 * (never per object). Top lists are sorted (largest first, ties by key) and hold at most
 * {@link KmapOptions#top()} rows; the {@code distinct*} fields count every key seen.
 *
 * @param file                 the kmap file as given
 * @param format               the format of the object lines ({@link KmapFormat#label()} in JSON and text)
 * @param objects              object lines
 * @param live                 objects with free_ip 0 (live, or the free was not observed)
 * @param freed                objects with a real free_ip
 * @param overwritten          objects with free_ip deadbeef or fedbeef (overwritten by a later allocation)
 * @param bytes                sum of the objects' sizes
 * @param accessLines          access lines
 * @param reads                sum of read_count
 * @param writes               sum of write_count
 * @param commands             per command (the oldest format's executable)
 * @param caches               per slab cache; empty in the 8- and 9-field formats, which have no slabname
 * @param sizes                objects per power-of-two size bucket, from the smallest to the largest non-empty one
 * @param hashedPointers       pointer fields that are hashed (the kmap was taken without no_hash_pointers) or
 *                             a placeholder such as {@code (____ptrval____)}: such addresses cannot map to symbols
 * @param nullPointers         pointer fields printed as {@code (null)} (4.x kernels), counted as 0
 * @param badLines             malformed lines skipped (lenient mode; 0 otherwise)
 * @param orphanedAccessLines  access lines skipped because their object line was malformed
 * @param firstBadLine         {@code LINE: problem: text} of the first malformed line, or null
 * @param components           objects and bytes per source directory of the allocation sites' code ({@code fs/},
 *                             {@code mm/}, ...), largest first; empty without source lines
 * @param sourceNote           why sites have no file:line although a vmlinux was given, or null
 */
public record KmapSummary(
        String file,
        KmapFormat format,
        long objects,
        long live,
        long freed,
        long overwritten,
        long bytes,
        long accessLines,
        long reads,
        long writes,
        int distinctAllocSites,
        List<Site> allocSitesByCount,
        List<Site> allocSitesByBytes,
        int distinctCaches,
        List<Named> cachesByCount,
        List<Named> cachesByBytes,
        int distinctCommands,
        List<Named> commandsByCount,
        List<Named> commandsByBytes,
        int distinctAccessSites,
        List<AccessSite> accessSitesByReads,
        List<AccessSite> accessSitesByWrites,
        List<SizeBucket> sizes,
        long hashedPointers,
        long nullPointers,
        long badLines,
        long orphanedAccessLines,
        String firstBadLine,
        List<Named> components,
        String sourceNote) {

    /** An allocation site: {@code address} in hex as in the kmap, {@code symbol} and {@code source} null when unknown. */
    public record Site(String address, String symbol, long count, long bytes, String source) {
        public Site(String address, String symbol, long count, long bytes) {
            this(address, symbol, count, bytes, null);
        }

        /** The symbol if known, else the address. */
        public String display() {
            return symbol != null ? symbol : address;
        }
    }

    /** A slab cache or a command. */
    public record Named(String name, long count, long bytes) {}

    /** An access site (code address that read or wrote objects). */
    public record AccessSite(String address, String symbol, long reads, long writes, long lines, String source) {
        public AccessSite(String address, String symbol, long reads, long writes, long lines) {
            this(address, symbol, reads, writes, lines, null);
        }

        public String display() {
            return symbol != null ? symbol : address;
        }
    }

    /** Objects whose size is in [from, to]; sizes 0 form their own bucket. */
    public record SizeBucket(long from, long to, long count, long bytes) {}
}
