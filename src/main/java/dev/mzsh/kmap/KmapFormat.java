package dev.mzsh.kmap;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a kmap-like file holds, as the Memorizer kernels print it (mm/memorizer/ of each
 * generation; docs/memorizer-abi.md, "The kmap format"). {@link FormatProbe}
 * tells them apart from the first lines. Object lines of the 9-, 10- and 11-field formats
 * start with {@code %-p} (alloc_ip padded with trailing spaces to 16 characters); every
 * other pointer is {@code %p} (16 zero-padded hex digits under no_hash_pointers).
 */
public enum KmapFormat {
    /** Newest and v26: {@code alloc_ip,pid,obj_va_ptr,size,alloc_index,free_index,free_ip,alloc_type,command,slabname,new_alloc_type},
     *  access lines {@code access_ip,write_count,read_count,access_pid} (and {@code from:ip,writes,reads}). */
    CURRENT("newest/v26 (11 fields, access lines with pid)", 11, AccessShape.PID_LAST),
    /** v6.6 before v26: the same object line, access lines {@code access_ip,write_count,read_count}. */
    PRE_V26("v6.6 pre-v26 (11 fields, access lines without pid)", 11, AccessShape.NO_PID),
    /** 11-field object lines and no plain access line near the top to tell newest/v26 from pre-v26; takes both. */
    ELEVEN("newest, v26 or v6.6 pre-v26 (11 fields; no access line near the top tells which)", 11, AccessShape.EITHER),
    /** 4.x: alloc_type, command and slabname after free_ip; access lines {@code ip,writes,reads} or {@code from:ip,caller:ip,writes,reads}. */
    V4X_10("4.x (10 fields, access lines without pid)", 10, AccessShape.NO_PID),
    /** Early 4.x: alloc_type and command after free_ip (no slabname). */
    V4X_9("4.x (9 fields, access lines without pid)", 9, AccessShape.NO_PID),
    /** The oldest: {@code alloc_ip,pid,obj_va_ptr,size,alloc_index,free_index,free_ip,executable},
     *  access lines {@code access_ip,access_pid,write_count,read_count}. */
    LEGACY("oldest (8 fields, access pid second)", 8, AccessShape.PID_SECOND),
    /** The kernel's {@code allocations} file: a header, then one 11-value row per object, printed as kmap object lines. */
    ALLOCATIONS("allocations CSV (11 values per row)", 11, AccessShape.NONE),
    /** The kernel's {@code accesses} file with CONFIG_MEMORIZER_TRACKPIDS: {@code alloc_index,access_ip,pid,writes,reads}. */
    ACCESSES("accesses CSV (with pid)", 0, AccessShape.CSV_PID),
    /** The kernel's {@code accesses} file without CONFIG_MEMORIZER_TRACKPIDS: {@code alloc_index,access_ip,writes,reads}. */
    ACCESSES_NO_PID("accesses CSV (without pid)", 0, AccessShape.CSV_NO_PID),
    /** The file has no object line at all (an empty kmap), so nothing tells the format. */
    NONE("none (no object lines)", 0, AccessShape.EITHER);

    /** The fields of an access line, in order. */
    enum AccessShape {
        /** {@code ip,writes,reads,pid}; {@code from:} lines have no pid. */
        PID_LAST,
        /** {@code ip,writes,reads}. */
        NO_PID,
        /** {@code ip,writes,reads[,pid]}. */
        EITHER,
        /** {@code ip,pid,writes,reads}. */
        PID_SECOND,
        /** {@code alloc_index,ip,pid,writes,reads}, unindented. */
        CSV_PID,
        /** {@code alloc_index,ip,writes,reads}, unindented. */
        CSV_NO_PID,
        /** No access lines (allocations CSV). */
        NONE
    }

    private final String label;
    private final int fields;
    private final AccessShape access;

    KmapFormat(String label, int fields, AccessShape access) {
        this.label = label;
        this.fields = fields;
        this.access = access;
    }

    /** How reports (text and JSON) name the format, e.g. {@code newest/v26 (11 fields, access lines with pid)}. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Number of comma-separated fields of an object line (more when the command holds commas); 0 without object lines. */
    public int fields() {
        return fields;
    }

    AccessShape access() {
        return access;
    }

    /** Whether object lines have alloc_type after free_ip (all but the oldest). */
    public boolean hasType() {
        return fields >= 9;
    }

    /** Whether object lines name a slab cache. */
    public boolean hasSlab() {
        return fields >= 10;
    }

    /** Whether the file is one of the kernel's CSV files (first line a header). */
    public boolean isCsv() {
        return this == ALLOCATIONS || this == ACCESSES || this == ACCESSES_NO_PID;
    }

    /** Whether access lines carry a pid (so an accesses CSV made from them has a pid column). */
    public boolean hasAccessPid() {
        return access == AccessShape.PID_LAST
                || access == AccessShape.EITHER
                || access == AccessShape.PID_SECOND
                || access == AccessShape.CSV_PID;
    }

    /** The kmap format whose object lines have {@code fields} fields, or null. */
    static KmapFormat ofFieldCount(int fields) {
        return switch (fields) {
            case 8 -> LEGACY;
            case 9 -> V4X_9;
            case 10 -> V4X_10;
            case 11 -> ELEVEN;
            default -> null;
        };
    }
}
