package dev.mzsh.kmap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Two long counters per byte-string key (a command or slab cache name), looked up by a
 * byte range with its hash, head and tail computed by {@link LineDecoder} so that no String
 * is made per line: names of up to 16 bytes are equal iff length, head and tail are.
 * Keys are copied once, when first seen. Sized by the number of distinct names, not by the file.
 */
final class ByteKeyTable {
    private int[] slots = new int[256]; // 0 = empty, else entry index + 1
    private int mask = slots.length - 1;
    private byte[] arena = new byte[4096];
    private int arenaUsed;
    private int[] keyStart = new int[128];
    private int[] keyLen = new int[128];
    private int[] hashes = new int[128];
    private long[] heads = new long[128];
    private long[] tails = new long[128];
    long[] a = new long[128];
    long[] b = new long[128];
    int size;

    void add(byte[] buf, int from, int to, int hash, long head, long tail, long da, long db) {
        int e = entry(buf, from, to, hash, head, tail);
        a[e] += da;
        b[e] += db;
    }

    /** The entry index of the name b[from..to), created with zero counters if new. */
    int entry(byte[] buf, int from, int to, int hash, long head, long tail) {
        int len = to - from;
        int h = mix(hash) & mask;
        int s;
        while ((s = slots[h]) != 0) {
            int e = s - 1;
            if (hashes[e] == hash
                    && keyLen[e] == len
                    && heads[e] == head
                    && tails[e] == tail
                    && (len <= 16 || Arrays.equals(arena, keyStart[e], keyStart[e] + len, buf, from, to))) {
                return e;
            }
            h = (h + 1) & mask;
        }
        int e = size++;
        if (e == hashes.length) {
            int n = e * 2;
            keyStart = Arrays.copyOf(keyStart, n);
            keyLen = Arrays.copyOf(keyLen, n);
            hashes = Arrays.copyOf(hashes, n);
            heads = Arrays.copyOf(heads, n);
            tails = Arrays.copyOf(tails, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
        }
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        System.arraycopy(buf, from, arena, arenaUsed, len);
        keyStart[e] = arenaUsed;
        keyLen[e] = len;
        hashes[e] = hash;
        heads[e] = head;
        tails[e] = tail;
        arenaUsed += len;
        slots[h] = e + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return e;
    }

    String key(int e) {
        return new String(arena, keyStart[e], keyLen[e], StandardCharsets.UTF_8);
    }

    /** This table's entry for the key of {@code other}'s entry {@code e} (created if new). */
    int entryOf(ByteKeyTable other, int e) {
        return entry(
                other.arena,
                other.keyStart[e],
                other.keyStart[e] + other.keyLen[e],
                other.hashes[e],
                other.heads[e],
                other.tails[e]);
    }

    void addAll(ByteKeyTable other) {
        for (int e = 0; e < other.size; e++) {
            add(
                    other.arena,
                    other.keyStart[e],
                    other.keyStart[e] + other.keyLen[e],
                    other.hashes[e],
                    other.heads[e],
                    other.tails[e],
                    other.a[e],
                    other.b[e]);
        }
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int e = 0; e < size; e++) {
            int h = mix(hashes[e]) & mask;
            while (slots[h] != 0) {
                h = (h + 1) & mask;
            }
            slots[h] = e + 1;
        }
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ h >>> 16;
    }
}
