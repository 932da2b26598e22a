package dev.mzsh.initramfs;

import java.nio.file.Path;

/** One entry of an initramfs archive: what it is, never where it came from beyond its bytes. */
public sealed interface ArchiveNode {
    int mode();

    /** A directory. */
    record Dir(int mode) implements ArchiveNode {}

    /** A regular file whose bytes come from a host file. */
    record HostFile(Path source, int mode) implements ArchiveNode {}

    /** A regular file with inline bytes (generated config). */
    record Bytes(byte[] data, int mode) implements ArchiveNode {}

    /** A symbolic link; its data is the target. */
    record Symlink(String target) implements ArchiveNode {
        public int mode() {
            return 0777;
        }
    }

    /** A character device node (no root or mknod needed in a cpio archive). */
    record CharDevice(int major, int minor, int mode) implements ArchiveNode {}
}
