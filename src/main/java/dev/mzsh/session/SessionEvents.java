package dev.mzsh.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The session's event bus: verbs publish typed results (a kmap summary, BATS
 * results, a state change) and front ends that can show more than text
 * subscribe. Listeners run on the publishing thread and must not block.
 */
public final class SessionEvents {
    private final List<Predicate<Object>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Hands {@code event} to every listener; true when one showed it in its own form
     * (a chart, a table), so the verb leaves out its text form and the result shows once.
     */
    public boolean publish(Object event) {
        boolean shown = false;
        for (Predicate<Object> l : listeners) {
            shown |= l.test(event);
        }
        return shown;
    }

    /** @param listener returns whether it showed the event itself */
    public Runnable subscribe(Predicate<Object> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
