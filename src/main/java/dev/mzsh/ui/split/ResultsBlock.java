package dev.mzsh.ui.split;

import java.util.List;

/**
 * Something the results pane draws at its current width (a chart, a table).
 * Rendered on every draw, so a resized pane gets bars that fit it.
 */
@FunctionalInterface
public interface ResultsBlock {
    List<StyledLine> lines(int width);
}
