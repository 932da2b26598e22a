package dev.mzsh.kmap;

/**
 * A kmap's summary with its access map, as the reports after a dump show them (text summary,
 * the split view's results pane).
 *
 * @param access the access map, or null when it was not made
 */
public record KmapResults(KmapSummary summary, AccessMap access) {}
