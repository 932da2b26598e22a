package dev.mzsh.cli;

import java.nio.file.Path;

/**
 * The command above {@code kmap}, which holds the global {@code --vmlinux} its analyses name
 * symbols and source lines from: {@link Main} in the whole tree, {@link KmapRoot} when kmap is
 * named first.
 */
interface VmlinuxSource {
    /** The --vmlinux given, or null. */
    Path vmlinux();
}
