package dev.mzsh.machine;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A unit-test target: subclasses give exec (and a share where they have one); the rest is not used. */
public abstract class FakeTarget implements Target {
    private final SharedDirectory share;

    protected FakeTarget(SharedDirectory share) {
        this.share = share;
    }

    @Override
    public InputStream read(String path) throws java.io.IOException {
        return ExecStream.cat(this, path);
    }

    @Override
    public void write(String path, byte[] content) {
        throw new UnsupportedOperationException("write");
    }

    @Override
    public void kill(long pgid) {
        throw new UnsupportedOperationException("kill");
    }

    @Override
    public Duration ping(Duration limit) {
        return Duration.ZERO;
    }

    @Override
    public boolean alive() {
        return true;
    }

    @Override
    public GuestDirectory newDirectory(String name) throws java.io.IOException {
        Path dir = Files.createDirectories(share.host().resolve(name));
        return new SharedGuestDirectory(share, dir);
    }

    @Override
    public Optional<SharedDirectory> share() {
        return Optional.ofNullable(share);
    }

    @Override
    public String describe() {
        return "a fake target";
    }
}
