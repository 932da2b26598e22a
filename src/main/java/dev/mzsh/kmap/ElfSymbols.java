package dev.mzsh.kmap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the symbol table (.symtab) of an ELF64 little-endian file such as vmlinux. Done in
 * Java rather than through {@code nm}: no binutils needed where mzsh runs, no process to
 * start, and st_size tells where a function ends, which {@code nm -n} does not print.
 * Only the section headers, .symtab and its string table are read, not the whole (often
 * several hundred MB) file.
 */
final class ElfSymbols {
    private static final int SHT_SYMTAB = 2;
    private static final long SHF_EXECINSTR = 0x4;
    private static final int STT_NOTYPE = 0;
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;
    private static final int SHN_LORESERVE = 0xff00;

    private ElfSymbols() {}

    static List<SymbolTable.Symbol> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer h = bytes(ch, 0, 64);
            if (h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
                throw new IOException(
                        file + " is not a 64-bit little-endian ELF file (give the vmlinux of the kernel build)");
            }
            long shoff = h.getLong(0x28);
            int shentsize = Short.toUnsignedInt(h.getShort(0x3a));
            int shnum = Short.toUnsignedInt(h.getShort(0x3c));
            if (shoff == 0 || shnum == 0) {
                throw new IOException(file + " has no section headers");
            }
            ByteBuffer sh = bytes(ch, shoff, (long) shentsize * shnum);
            int symtab = -1;
            for (int i = 0; i < shnum; i++) {
                if (sh.getInt(i * shentsize + 4) == SHT_SYMTAB) {
                    symtab = i;
                    break;
                }
            }
            if (symtab < 0) {
                throw new IOException(file + " has no symbol table (.symtab): it is stripped; give the unstripped"
                        + " vmlinux of the kernel build, or --system-map");
            }
            int s = symtab * shentsize;
            ByteBuffer syms = bytes(ch, sh.getLong(s + 0x18), sh.getLong(s + 0x20));
            long entsize = sh.getLong(s + 0x38);
            int strIndex = sh.getInt(s + 0x28);
            if (entsize < 24 || strIndex <= 0 || strIndex >= shnum) {
                throw new IOException(file + ": malformed .symtab section header");
            }
            int t = strIndex * shentsize;
            ByteBuffer strings = bytes(ch, sh.getLong(t + 0x18), sh.getLong(t + 0x20));
            List<SymbolTable.Symbol> out = new ArrayList<>();
            for (long at = entsize; at + 24 <= syms.limit(); at += entsize) { // entry 0 is the null symbol
                int e = (int) at;
                int info = syms.get(e + 4) & 0xff;
                int type = info & 0xf;
                int shndx = Short.toUnsignedInt(syms.getShort(e + 6));
                if (shndx == 0
                        || shndx >= SHN_LORESERVE
                        || shndx >= shnum
                        || type != STT_FUNC && type != STT_NOTYPE && type != STT_OBJECT) {
                    continue;
                }
                String name = string(strings, syms.getInt(e));
                if (name.isEmpty()) {
                    continue;
                }
                boolean exec = (sh.getLong(shndx * shentsize + 8) & SHF_EXECINSTR) != 0;
                boolean code = type == STT_FUNC || type == STT_NOTYPE && exec;
                int bind = info >>> 4; // 0 local, 1 global, 2 weak
                int rank = bind == 1 ? 0 : bind == 2 ? 1 : 2;
                out.add(new SymbolTable.Symbol(syms.getLong(e + 8), name, code, syms.getLong(e + 16), rank));
            }
            return out;
        }
    }

    /** Whether the ELF file has a section of this name (e.g. {@code .debug_info}: DWARF). */
    static boolean hasSection(Path file, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer h = bytes(ch, 0, 64);
            if (h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
                throw new IOException(
                        file + " is not a 64-bit little-endian ELF file (give the vmlinux of the kernel build)");
            }
            long shoff = h.getLong(0x28);
            int shentsize = Short.toUnsignedInt(h.getShort(0x3a));
            int shnum = Short.toUnsignedInt(h.getShort(0x3c));
            int shstrndx = Short.toUnsignedInt(h.getShort(0x3e));
            if (shoff == 0 || shnum == 0 || shstrndx >= shnum) {
                return false;
            }
            ByteBuffer sh = bytes(ch, shoff, (long) shentsize * shnum);
            int t = shstrndx * shentsize;
            ByteBuffer names = bytes(ch, sh.getLong(t + 0x18), sh.getLong(t + 0x20));
            for (int i = 0; i < shnum; i++) {
                if (string(names, sh.getInt(i * shentsize)).equals(name) && sh.getLong(i * shentsize + 0x20) > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private static ByteBuffer bytes(FileChannel ch, long offset, long length) throws IOException {
        if (length < 0 || length > Integer.MAX_VALUE - 8 || offset < 0 || offset + length > ch.size()) {
            throw new EOFException("ELF structure outside the file (offset " + offset + ", length " + length + ")");
        }
        ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new EOFException("ELF file ends early");
            }
        }
        return b.flip();
    }

    private static String string(ByteBuffer strings, int offset) {
        if (offset < 0 || offset >= strings.limit()) {
            return "";
        }
        int end = offset;
        while (end < strings.limit() && strings.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - offset];
        strings.get(offset, b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
