package dev.mzsh.host;

import java.nio.file.Path;
import java.util.Optional;

/** The outcome of looking for one {@link Requirement}. */
public record Finding(Requirement requirement, Optional<Path> path, String detail) {
    public boolean found() {
        return path.isPresent();
    }
}
