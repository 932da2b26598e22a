package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymbolTableTest {
    private static final String MAP = """
            0000000000000000 D __per_cpu_start
            0000000000000014 D fixed_percpu_data
            ffffffff81000000 T _stext
            ffffffff96b13300 t __kmalloc_node_track_caller
            ffffffff96b69a00 T kmem_cache_alloc
            ffffffff96b69a00 t kmem_cache_alloc_alias
            ffffffff96b75b00 T getname_flags
            ffffffff96b76000 D some_table
            ffffffff96b80000 B _end
            """;

    @TempDir
    Path dir;

    @Test
    void systemMapNamesCodeAddressesAsSymbolPlusOffset() throws Exception {
        Path map = dir.resolve("System.map");
        Files.writeString(map, MAP);
        SymbolTable t = SymbolTable.fromSystemMap(map);
        assertThat(t.name(0xffffffff96b69a43L)).isEqualTo("kmem_cache_alloc+0x43");
        assertThat(t.name(0xffffffff96b69a00L)).isEqualTo("kmem_cache_alloc"); // global before local alias
        assertThat(t.name(0xffffffff96b13370L)).isEqualTo("__kmalloc_node_track_caller+0x70");
        assertThat(t.name(0xffffffff96b76010L)).as("data symbol").isNull();
        assertThat(t.name(0xffffffffc0001000L)).as("past _end (a module)").isNull();
        assertThat(t.name(0xffffffff80000000L)).as("below the first symbol").isNull();
        // synthetic alloc_ip codes stay as they are, even with per-cpu symbols at low addresses
        assertThat(t.name(0)).isNull();
        assertThat(t.name(0x14)).isNull();
        assertThat(t.name(0xfeedbeefL)).isNull();
    }

    @Test
    void debiansPlaceholderSystemMapIsRefusedWithAHint() throws Exception {
        Path map = dir.resolve("System.map");
        Files.writeString(map, "ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n");
        assertThatThrownBy(() -> SymbolTable.fromSystemMap(map))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has no code symbols")
                .hasMessageContaining("placeholder");
    }

    @Test
    void aLineThatIsNotSystemMapIsAnErrorWithItsLineNumber() throws Exception {
        Path map = dir.resolve("System.map");
        Files.writeString(map, "ffffffff81000000 T _stext\nhello world\n");
        assertThatThrownBy(() -> SymbolTable.fromSystemMap(map))
                .hasMessageContaining("System.map:2: not a System.map line");
    }

    @Test
    void elfSymtabGivesFunctionsWithTheirSizes() throws Exception {
        Path elf = dir.resolve("vmlinux");
        Files.write(elf, TinyElf.build());
        SymbolTable t = SymbolTable.fromElf(elf);
        assertThat(t.name(0xffffffff81000010L)).isEqualTo("start_kernel+0x10");
        assertThat(t.name(0xffffffff81000100L)).isEqualTo("kmem_cache_alloc");
        assertThat(t.name(0xffffffff8100013fL)).isEqualTo("kmem_cache_alloc+0x3f");
        assertThat(t.name(0xffffffff81000140L))
                .as("past the end of a sized function")
                .isNull();
        assertThat(t.name(0xffffffff81000208L))
                .as("NOTYPE symbol in an executable section")
                .isEqualTo("entry_label+0x8");
        assertThat(t.name(0xffffffff82000008L)).as("an object").isNull();
    }

    @Test
    void aStrippedOrForeignFileIsRefused() throws Exception {
        Path notElf = dir.resolve("bzImage");
        Files.writeString(notElf, "MZ not an elf file at all................................................");
        assertThatThrownBy(() -> SymbolTable.fromElf(notElf))
                .hasMessageContaining("is not a 64-bit little-endian ELF file");
        Path stripped = dir.resolve("stripped");
        Files.write(stripped, TinyElf.buildWithoutSymtab());
        assertThatThrownBy(() -> SymbolTable.fromElf(stripped)).hasMessageContaining("has no symbol table (.symtab)");
    }

    @Test
    void summariesNameSitesButKeepSyntheticCodes() throws Exception {
        Path map = dir.resolve("System.map");
        Files.writeString(map, MAP);
        KmapSummary s = KmapAnalyzer.summarize(
                KmapAnalyzerTest.resource("current.kmap"),
                KmapOptions.defaults().withSymbols(SymbolTable.fromSystemMap(map)));
        assertThat(s.allocSitesByCount())
                .extracting(KmapSummary.Site::address, KmapSummary.Site::symbol)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ffffffff96b69a43", "kmem_cache_alloc+0x43"),
                        org.assertj.core.groups.Tuple.tuple("14", null),
                        org.assertj.core.groups.Tuple.tuple("feedbeef", null),
                        org.assertj.core.groups.Tuple.tuple("ffffffff96b13370", "__kmalloc_node_track_caller+0x70"),
                        org.assertj.core.groups.Tuple.tuple("ffffffff96b75b8b", "getname_flags+0x8b"));
        assertThat(s.accessSitesByReads())
                .extracting(KmapSummary.AccessSite::display)
                .containsExactly("kmem_cache_alloc+0x535b", "kmem_cache_alloc+0x5300");
    }

    /** A minimal ELF64 file: sections null, .text (exec), .data, .symtab, .strtab, .shstrtab. */
    static final class TinyElf {
        static byte[] build() {
            return build(true);
        }

        static byte[] buildWithoutSymtab() {
            return build(false);
        }

        private static byte[] build(boolean withSymtab) {
            ByteArrayOutputStream strtab = new ByteArrayOutputStream();
            strtab.write(0);
            int startKernel = add(strtab, "start_kernel");
            int kca = add(strtab, "kmem_cache_alloc");
            int label = add(strtab, "entry_label");
            int obj = add(strtab, "init_task");
            ByteArrayOutputStream shstr = new ByteArrayOutputStream();
            shstr.write(0);
            int nText = add(shstr, ".text");
            int nData = add(shstr, ".data");
            int nSymtab = add(shstr, ".symtab");
            int nStrtab = add(shstr, ".strtab");
            int nShstr = add(shstr, ".shstrtab");
            ByteBuffer sym = ByteBuffer.allocate(24 * 5).order(ByteOrder.LITTLE_ENDIAN);
            sym.position(24); // null symbol
            symbol(sym, startKernel, 0x12, 1, 0xffffffff81000000L, 0x100); // global FUNC in .text
            symbol(sym, kca, 0x12, 1, 0xffffffff81000100L, 0x40);
            symbol(sym, label, 0x00, 1, 0xffffffff81000200L, 0); // local NOTYPE in .text
            symbol(sym, obj, 0x11, 2, 0xffffffff82000000L, 0x100); // global OBJECT in .data
            byte[] st = strtab.toByteArray();
            byte[] sh = shstr.toByteArray();
            int symOff = 64;
            int strOff = symOff + sym.capacity();
            int shstrOff = strOff + st.length;
            int shOff = (shstrOff + sh.length + 7) & ~7;
            int shnum = 6;
            ByteBuffer f = ByteBuffer.allocate(shOff + 64 * shnum).order(ByteOrder.LITTLE_ENDIAN);
            f.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
            f.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1);
            f.putLong(0x28, shOff)
                    .putShort(0x34, (short) 64)
                    .putShort(0x3a, (short) 64)
                    .putShort(0x3c, (short) shnum)
                    .putShort(0x3e, (short) 5);
            f.put(symOff, sym.array()).put(strOff, st).put(shstrOff, sh);
            section(f, shOff, 1, nText, 1, 0x6, 0, 0, 0, 0);
            section(f, shOff, 2, nData, 1, 0x3, 0, 0, 0, 0);
            section(f, shOff, 3, nSymtab, withSymtab ? 2 : 1, 0, symOff, sym.capacity(), 4, 24);
            section(f, shOff, 4, nStrtab, 3, 0, strOff, st.length, 0, 0);
            section(f, shOff, 5, nShstr, 3, 0, shstrOff, sh.length, 0, 0);
            return f.array();
        }

        private static int add(ByteArrayOutputStream s, String name) {
            int at = s.size();
            s.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
            s.write(0);
            return at;
        }

        private static void symbol(ByteBuffer b, int name, int info, int shndx, long value, long size) {
            b.putInt(name)
                    .put((byte) info)
                    .put((byte) 0)
                    .putShort((short) shndx)
                    .putLong(value)
                    .putLong(size);
        }

        private static void section(
                ByteBuffer f,
                int shOff,
                int i,
                int name,
                int type,
                long flags,
                long off,
                long size,
                int link,
                long entsize) {
            int s = shOff + i * 64;
            f.putInt(s, name)
                    .putInt(s + 4, type)
                    .putLong(s + 8, flags)
                    .putLong(s + 0x18, off)
                    .putLong(s + 0x20, size)
                    .putInt(s + 0x28, link)
                    .putLong(s + 0x38, entsize);
        }
    }
}
