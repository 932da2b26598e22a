package dev.mzsh.vm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * The 9p {@code security_model} for the share. Both mapped models keep what guest root
 * sets (owner, mode and setuid bits, device nodes, FIFOs, symlinks) as metadata: on the
 * host every guest file stays a plain file or directory of the user running QEMU.
 * {@code mapped-xattr} stores it in user.* extended attributes; file systems without
 * them get {@code mapped-file} (metadata in hidden .virtfs_metadata directories).
 */
public final class ShareSecurity {
    public static final String XATTR = "mapped-xattr";
    public static final String FILE = "mapped-file";

    private ShareSecurity() {}

    public static String choose(Path share) {
        return supportsUserXattrs(share) ? XATTR : FILE;
    }

    static boolean supportsUserXattrs(Path dir) {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class);
        if (v == null) {
            return false;
        }
        try {
            v.write("mzsh.probe", ByteBuffer.wrap(new byte[] {1}));
            v.delete("mzsh.probe");
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
