package dev.mzsh.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Writes an {@link ArchiveLayout} as a newc cpio archive. Owners are root, times
 * are zero and inode numbers follow the sorted order, so the same layout always
 * gives the same bytes.
 */
public final class NewcWriter {
    private NewcWriter() {}

    public static void write(ArchiveLayout layout, OutputStream out) throws IOException {
        // Not closed: closing would close the caller's stream; finish() writes the trailer.
        CpioArchiveOutputStream cpio =
                new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW, 512, StandardCharsets.UTF_8.name());
        long inode = 1;
        for (Map.Entry<String, ArchiveNode> e : layout.nodes().entrySet()) {
            CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, e.getKey());
            entry.setInode(inode++);
            entry.setNumberOfLinks(1);
            entry.setUID(0);
            entry.setGID(0);
            entry.setTime(0);
            ArchiveNode node = e.getValue();
            if (node instanceof ArchiveNode.Dir d) {
                entry.setMode(CpioConstants.C_ISDIR | d.mode());
                entry.setNumberOfLinks(2);
                cpio.putArchiveEntry(entry);
            } else if (node instanceof ArchiveNode.HostFile f) {
                entry.setMode(CpioConstants.C_ISREG | f.mode());
                entry.setSize(Files.size(f.source()));
                cpio.putArchiveEntry(entry);
                try (InputStream in = Files.newInputStream(f.source())) {
                    in.transferTo(cpio);
                }
            } else if (node instanceof ArchiveNode.Bytes b) {
                entry.setMode(CpioConstants.C_ISREG | b.mode());
                entry.setSize(b.data().length);
                cpio.putArchiveEntry(entry);
                cpio.write(b.data());
            } else if (node instanceof ArchiveNode.Symlink s) {
                byte[] target = s.target().getBytes(StandardCharsets.UTF_8);
                entry.setMode(CpioConstants.C_ISLNK | s.mode());
                entry.setSize(target.length);
                cpio.putArchiveEntry(entry);
                cpio.write(target);
            } else if (node instanceof ArchiveNode.CharDevice c) {
                entry.setMode(CpioConstants.C_ISCHR | c.mode());
                entry.setRemoteDeviceMaj(c.major());
                entry.setRemoteDeviceMin(c.minor());
                cpio.putArchiveEntry(entry);
            }
            cpio.closeArchiveEntry();
        }
        cpio.finish();
        cpio.flush();
    }
}
