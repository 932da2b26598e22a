package dev.mzsh.kmap;

import java.util.Comparator;
import java.util.List;

/**
 * Who accessed what: every (accessing function, object class) pair of a kmap's access lines,
 * largest first (reads + writes, ties by names), with the kmap's totals.
 *
 * @param file                the kmap file as given
 * @param format              the format of its object lines
 * @param objects             object lines
 * @param accessLines         access lines
 * @param reads               sum of read_count
 * @param writes              sum of write_count
 * @param accessors           distinct accessing functions
 * @param classes             distinct object classes (allocation function, slab cache, type), accessed or not
 * @param pairs               every pair, sorted
 * @param hashedPointers      pointer fields that are hashed or placeholders (no symbols possible)
 * @param badLines            malformed lines skipped (lenient)
 * @param orphanedAccessLines access lines skipped with their malformed object
 * @param firstBadLine        the first malformed line, or null
 */
public record AccessMap(
        String file,
        KmapFormat format,
        long objects,
        long accessLines,
        long reads,
        long writes,
        int accessors,
        int classes,
        List<AccessPair> pairs,
        long hashedPointers,
        long badLines,
        long orphanedAccessLines,
        String firstBadLine) {

    /**
     * One accessing function against one object class.
     *
     * @param accessor  the function of the access ip ({@code name}, or the address in hex when no symbol names it)
     * @param allocSite the function of the objects' allocation site, or its address / synthetic code
     * @param slab      the objects' slab cache; null in formats without one
     * @param type      the objects' allocation type as printed (may be empty)
     * @param reads     reads by the accessor of objects of this class
     * @param writes    writes
     * @param objects   distinct objects of the class the accessor touched
     * @param lines     access lines (one per access site and pid of an object)
     */
    public record AccessPair(String accessor, String allocSite, String slab, String type, long reads, long writes,
            long objects, long lines) {
        public long accesses() {
            return reads + writes;
        }

        /** The object class as one label: {@code allocSite slab type}, the empty parts left out. */
        public String objectClass() {
            StringBuilder b = new StringBuilder(allocSite);
            if (slab != null && !slab.isEmpty()) {
                b.append(' ').append(slab);
            }
            if (!type.isEmpty()) {
                b.append(' ').append(type);
            }
            return b.toString();
        }
    }

    /** Largest first; ties by accessor, allocation site, slab and type, so the order never depends on threads. */
    static final Comparator<AccessPair> ORDER = Comparator.comparingLong(AccessPair::accesses).reversed()
            .thenComparing(AccessPair::accessor).thenComparing(AccessPair::allocSite)
            .thenComparing(p -> p.slab() == null ? "" : p.slab()).thenComparing(AccessPair::type);
}
