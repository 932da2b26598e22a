package dev.mzsh.ui.split;

import dev.mzsh.bats.BatsRun;
import dev.mzsh.kmap.KmapResults;
import dev.mzsh.kmap.KmapSummary;
import dev.mzsh.session.GuestBooted;
import dev.mzsh.session.GuestStopped;

/**
 * Puts session events into the results log: typed results as their views, guest
 * state changes not at all (the status bar and prompt show them), anything else
 * as its text.
 */
final class ResultsEvents {
    private final ResultsLog results;

    ResultsEvents(ResultsLog results) {
        this.results = results;
    }

    /** Returns whether the event was drawn in its own form (the verb then prints no text form). */
    boolean accept(Object event) {
        if (event instanceof KmapResults r) {
            results.add(new KmapSummaryView(r.summary(), r.access()));
            return true;
        } else if (event instanceof KmapSummary s) {
            results.add(new KmapSummaryView(s, null));
            return true;
        } else if (event instanceof BatsRun r) {
            results.add(new BatsRunView(r));
            return true;
        } else if (!(event instanceof GuestBooted || event instanceof GuestStopped)) {
            results.add(String.valueOf(event));
        }
        return false;
    }
}
