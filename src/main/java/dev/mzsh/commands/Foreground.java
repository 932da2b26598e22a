package dev.mzsh.commands;

import dev.mzsh.session.ForegroundEndpoint;
import java.io.IOException;

/**
 * A front end's way to hand the user's keyboard and screen to something
 * interactive (gdb, the guest console) and take them back. Plain mode gives it
 * the whole terminal; the split view gives it a pane with keyboard focus.
 */
public interface Foreground {
    /** The key that takes the keyboard back from an attached endpoint: Ctrl-] (as telnet and virsh). */
    int ESCAPE = 0x1d;

    String ESCAPE_NAME = "Ctrl-]";

    /**
     * Gives the terminal to {@code endpoint} until it ends by itself or the user
     * presses {@link #ESCAPE}; blocks until then. Leaving does not end the endpoint.
     *
     * @throws UsageException when this front end has no terminal to give (batch mode)
     */
    void attach(ForegroundEndpoint endpoint) throws IOException, InterruptedException;

    /** For batch mode: there is no keyboard to give. */
    Foreground NONE = endpoint -> {
        throw new UsageException(endpoint.title() + " needs an interactive terminal; run mzsh without -c/-f on a tty");
    };
}
