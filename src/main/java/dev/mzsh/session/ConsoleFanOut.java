package dev.mzsh.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one place the guest console's bytes fan out to their readers: front ends
 * (every boot of the session, from QEMU's first byte) and a terminal attached by
 * {@code console}. Called on QEMU's console thread; listeners must not block.
 */
final class ConsoleFanOut implements Consumer<byte[]> {
    private final List<Consumer<byte[]>> listeners = new CopyOnWriteArrayList<>();

    /** Adds {@code listener}; the returned action removes it. */
    Runnable subscribe(Consumer<byte[]> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void accept(byte[] bytes) {
        for (Consumer<byte[]> l : listeners) {
            l.accept(bytes);
        }
    }
}
