package dev.mzsh.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The session's event bus: verbs publish typed results (a kmap summary, BATS
 * results, a state change) and front ends that can show more than text
 * subscribe. Listeners run on the publishing thread and must not block.
 */
public final class SessionEvents {
    private final List<Consumer<Object>> listeners = new CopyOnWriteArrayList<>();

    public void publish(Object event) {
        for (Consumer<Object> l : listeners) {
            l.accept(event);
        }
    }

    public Runnable subscribe(Consumer<Object> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
