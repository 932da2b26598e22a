package dev.mzsh.commands;

import dev.mzsh.session.Session;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * What a verb may use.
 *
 * @param session the run
 * @param out     guest command output, byte for byte (mzsh's stdout)
 * @param err     guest stderr and mzsh's messages
 * @param report  where verbs print their own reports (status, help): stderr in batch mode
 *                so that stdout carries only guest output, stdout interactively
 * @param foreground how this front end hands its terminal to gdb or the guest console
 */
public record ShellContext(
        Session session, OutputStream out, PrintStream err, PrintStream report, Foreground foreground) {}
