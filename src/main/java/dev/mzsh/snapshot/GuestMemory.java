package dev.mzsh.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * A snapshot's guest memory as a file QEMU maps as the guest's RAM, not a copy inside the
 * state stream. The booting guest that is saved writes it through a shared mapping; a
 * restored guest maps it privately (copy on write), so it reads only the pages it touches
 * and never changes the file. Restoring then moves only the device state (under 1 MB):
 * QEMU's stream loader reads every zero page of guest RAM to skip it, which alone cost
 * 0.3-2 s for 1 GiB here and grows with {@code -m}.
 */
public final class GuestMemory {
    /** The QEMU memory backend's id; the RAM block's name, so saver and restorer must agree. */
    static final String BACKEND = "mzsh-ram";

    private GuestMemory() {}

    /**
     * QEMU arguments that make {@code file} the guest's RAM of {@code memMiB}: written through
     * ({@code shared}) by the boot that saves, mapped copy-on-write by a restore.
     */
    public static List<String> qemuArgs(Path file, int memMiB, boolean shared) {
        return List.of(
                "-object",
                "memory-backend-file,id=" + BACKEND + ",size=" + memMiB + "M,mem-path=" + file + ",share="
                        + (shared ? "on" : "off"),
                "-machine",
                "memory-backend=" + BACKEND);
    }

    /**
     * Size, modification and change time and file identity, the way make and git's index tell
     * that a file is unchanged without reading it: hashing the memory (1-8 GiB, mostly holes)
     * would cost more than the boot it replaces. Any write changes the change time, which no
     * one can set back.
     */
    static String stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        FileTime ctime = (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        return a.size() + " " + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + " "
                + ctime.to(java.util.concurrent.TimeUnit.NANOSECONDS) + " " + a.fileKey();
    }
}
