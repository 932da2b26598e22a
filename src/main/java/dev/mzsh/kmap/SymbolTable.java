package dev.mzsh.kmap;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Kernel symbols by address, to show an allocation or access site as {@code symbol+0xoff}.
 * An address is named after the nearest symbol at or below it, only if that symbol is code
 * (and, when its size is known, the address lies inside it). Addresses below 4 GiB are never
 * named: that is where the synthetic alloc_ip codes live (0, feedbeef, small type codes),
 * and where per-cpu symbols sit in System.map.
 */
public final class SymbolTable {
    public static final SymbolTable EMPTY = new SymbolTable(List.of());
    /** The longest System.map/kallsyms line read (a kernel symbol name is at most a few hundred bytes). */
    static final int MAX_LINE = 4096;

    private static final long LOWEST_NAMED = 0x1_0000_0000L;

    /** One symbol: {@code size} 0 when unknown (System.map), {@code code} for text symbols. */
    record Symbol(long address, String name, boolean code, long size, int rank) {}

    private final long[] addresses;
    private final String[] names;
    private final boolean[] code;
    private final long[] sizes;

    SymbolTable(List<Symbol> symbols) {
        List<Symbol> sorted = new ArrayList<>(symbols);
        // one symbol per address: code before data, then the better rank (global before local), then by name
        sorted.sort(Comparator.comparing(Symbol::address, Long::compareUnsigned)
                .thenComparing(s -> !s.code())
                .thenComparingInt(Symbol::rank)
                .thenComparing(Symbol::name));
        List<Symbol> unique = new ArrayList<>(sorted.size());
        for (Symbol s : sorted) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).address() != s.address()) {
                unique.add(s);
            }
        }
        int n = unique.size();
        addresses = new long[n];
        names = new String[n];
        code = new boolean[n];
        sizes = new long[n];
        for (int i = 0; i < n; i++) {
            Symbol s = unique.get(i);
            addresses[i] = s.address();
            names[i] = s.name();
            code[i] = s.code();
            sizes[i] = s.size();
        }
    }

    /** Symbols from a System.map ({@code nm -n} output: {@code ADDRESS TYPE NAME} per line). */
    public static SymbolTable fromSystemMap(Path file) throws IOException {
        List<Symbol> symbols = new ArrayList<>();
        boolean anyCode = false;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.length() > MAX_LINE) {
                    // A kallsyms copied from a guest is bounded in bytes; a line this long is not a symbol.
                    throw new IOException(file + ":" + lineNo + ": a line of " + line.length() + " bytes; not a"
                            + " System.map line (ADDRESS TYPE NAME)");
                }
                String[] f = line.trim().split("\\s+");
                if (f.length == 1 && f[0].isEmpty()) {
                    continue;
                }
                long address;
                try {
                    if (f.length < 3 || f[1].length() != 1) {
                        throw new NumberFormatException();
                    }
                    address = Long.parseUnsignedLong(f[0], 16);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + lineNo + ": not a System.map line (ADDRESS TYPE NAME): "
                            + (line.length() > 120 ? line.substring(0, 120) + "..." : line));
                }
                char type = f[1].charAt(0);
                if ("UAaNvw".indexOf(type) >= 0) {
                    continue; // undefined, absolute, debug and undefined weak symbols mark no place in the image
                }
                boolean isCode = "TtW".indexOf(type) >= 0;
                anyCode |= isCode;
                symbols.add(new Symbol(address, f[2], isCode, 0, Character.isUpperCase(type) ? 0 : 1));
            }
        }
        if (!anyCode) {
            throw new IOException(file + " has no code symbols (Debian's /boot/System.map-* is only a placeholder;"
                    + " use the System.map or vmlinux of the kernel build)");
        }
        return new SymbolTable(symbols);
    }

    /** Symbols from the .symtab of a vmlinux (an unstripped ELF64 little-endian file). */
    public static SymbolTable fromElf(Path file) throws IOException {
        return new SymbolTable(ElfSymbols.read(file));
    }

    public int size() {
        return addresses.length;
    }

    /** {@code symbol+0xoff} (or just {@code symbol} at offset 0) for a code address, else null. */
    public String name(long address) {
        int at = codeSymbol(address);
        if (at < 0) {
            return null;
        }
        long off = address - addresses[at];
        return off == 0 ? names[at] : names[at] + "+0x" + Long.toHexString(off);
    }

    /**
     * The start of the code symbol (function) that holds {@code address}, or the address itself
     * when no code symbol names it: access maps count per function, not per instruction.
     */
    public long functionStart(long address) {
        int at = codeSymbol(address);
        return at < 0 ? address : addresses[at];
    }

    /** The index of the code symbol holding {@code address}, or -1 (see the class comment). */
    private int codeSymbol(long address) {
        if (Long.compareUnsigned(address, LOWEST_NAMED) < 0) {
            return -1;
        }
        int lo = 0;
        int hi = addresses.length - 1;
        int at = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addresses[mid], address) <= 0) {
                at = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (at < 0 || !code[at]) {
            return -1;
        }
        long off = address - addresses[at];
        if (sizes[at] > 0 && Long.compareUnsigned(off, sizes[at]) >= 0) {
            return -1;
        }
        return at;
    }
}
