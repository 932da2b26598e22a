package dev.mzsh.commands;

import java.util.concurrent.Callable;

/**
 * A verb of the shell language. picocli fills its options and parameters;
 * {@link VerbFactory} gives it the shell, the shell's context and the line being
 * run (verbs that pass the rest of the line to the guest verbatim need it).
 */
abstract class Verb implements Callable<Integer> {
    /** The shell running the line (source, quit). */
    Shell shell;

    ShellContext ctx;
    /** The whole line, as typed. */
    ShellLine line;

    final void bind(Shell shell, ShellContext ctx, ShellLine line) {
        this.shell = shell;
        this.ctx = ctx;
        this.line = line;
    }
}
