package dev.mzsh.host;

import java.nio.file.Path;
import java.util.List;

/**
 * One thing mzsh needs from the host: where it may be, the Debian package that
 * provides it, and whether mzsh can run without it.
 */
public record Requirement(String name, String purpose, List<Path> candidates, String debianPackage, boolean required) {}
