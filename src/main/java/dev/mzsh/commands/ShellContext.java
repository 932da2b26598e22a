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
 */
public record ShellContext(Session session, OutputStream out, PrintStream err, PrintStream report) {}
