package dev.mzsh.session;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps the guest's share under its cap: every two seconds the share's bytes are
 * counted; a guest over the cap is stopped (its writes would fill the host's disk)
 * and {@link #failure()} says why, so the waiting command ends with status 3.
 */
final class ShareWatch implements AutoCloseable {
    private static final long EVERY_MILLIS = 2000;
    private final Thread thread;
    private volatile String failure;

    ShareWatch(Path share, long cap, PrintStream notices, Runnable stopGuest) {
        thread = new Thread(
                () -> {
                    try {
                        while (true) {
                            Thread.sleep(EVERY_MILLIS);
                            long bytes = bytes(share);
                            if (bytes > cap) {
                                failure =
                                        "the guest put " + bytes + " bytes in its share " + share + ", over the cap of "
                                                + RunBounds.describe(cap)
                                                + " (MZSH_SHARE_MAX); the guest was stopped to spare the"
                                                + " host's disk";
                                notices.println("mzsh: " + failure);
                                stopGuest.run();
                                return;
                            }
                        }
                    } catch (InterruptedException e) {
                        // the guest ended
                    }
                },
                "mzsh-share-watch");
        thread.setDaemon(true);
        thread.start();
    }

    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    static long bytes(Path share) {
        try (Stream<Path> s = Files.walk(share)) {
            return s.mapToLong(p -> {
                        try {
                            BasicFileAttributes a =
                                    Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                            return a.isRegularFile() ? a.size() : 0;
                        } catch (IOException e) {
                            return 0; // deleted meanwhile
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a file vanished during the walk: counted next time
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
