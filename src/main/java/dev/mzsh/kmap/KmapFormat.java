package dev.mzsh.kmap;

import com.fasterxml.jackson.annotation.JsonValue;

/** The two generations of the kmap text format (memorizer-abi.md), told apart by the first object line. */
public enum KmapFormat {
    /** {@code alloc_ip,pid,obj_va_ptr,size,alloc_index,free_index,free_ip,alloc_type,command,slabname,new_alloc_type},
     *  access lines {@code access_ip,write_count,read_count,access_pid}. */
    CURRENT("current (11 fields)", 11),
    /** {@code alloc_ip,pid,obj_va_ptr,size,alloc_index,free_index,free_ip,executable},
     *  access lines {@code access_ip,access_pid,write_count,read_count}. */
    LEGACY("legacy (8 fields)", 8),
    /** The file has no object line at all (an empty kmap), so nothing tells the format. */
    NONE("none (no object lines)", 0);

    private final String label;
    private final int fields;

    KmapFormat(String label, int fields) {
        this.label = label;
        this.fields = fields;
    }

    /** How reports (text and JSON) name the format, e.g. {@code current (11 fields)}. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Number of comma-separated fields of an object line. */
    public int fields() {
        return fields;
    }

    /** The format whose object lines have {@code fields} fields, or null. */
    static KmapFormat ofFieldCount(int fields) {
        return fields == 11 ? CURRENT : fields == 8 ? LEGACY : null;
    }
}
