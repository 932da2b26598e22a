package dev.mzsh.ui;

import dev.mzsh.commands.Shell;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * Runs the shell's commands for a front end, one at a time, and cancels the one
 * running (Ctrl-C): cancelling interrupts its thread, which kills the guest
 * command's process group. The plain prompt runs lines on its own thread; the
 * split view submits them to a worker so its screen stays live.
 */
public final class CommandRunner {
    private final Shell shell;
    private volatile Thread running;
    private volatile String activity = "";
    private ExecutorService worker;

    public CommandRunner(Shell shell) {
        this.shell = shell;
    }

    /** Runs {@code line} on this thread and returns its exit status. */
    public int run(String line) {
        activity = line;
        try {
            return execute(line);
        } finally {
            activity = "";
        }
    }

    private int execute(String line) {
        running = Thread.currentThread();
        try {
            return shell.execute(line);
        } finally {
            running = null;
            Thread.interrupted(); // a late Ctrl-C must not cancel the next command
        }
    }

    /**
     * Runs {@code line} on the worker and hands its status to {@code done} there;
     * false (nothing started) while another command runs.
     */
    public synchronized boolean submit(String line, IntConsumer done) {
        if (busy()) {
            return false;
        }
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mzsh-command");
                t.setDaemon(true);
                return t;
            });
        }
        activity = line; // busy from now, not from when the worker starts
        worker.submit(() -> {
            try {
                done.accept(execute(line));
            } finally {
                activity = ""; // idle only once the front end has shown how it ended
            }
        });
        return true;
    }

    /** Interrupts the running command; false when none runs. */
    public boolean cancel() {
        Thread t = running;
        if (t == null) {
            return false;
        }
        t.interrupt();
        return true;
    }

    public boolean busy() {
        return !activity.isEmpty();
    }

    /** The line running now, or "" when idle. */
    public String activity() {
        return activity;
    }

    /** Whether the shell was asked to quit. */
    public boolean quitRequested() {
        return shell.quitRequested();
    }

    /** Ends the worker, cancelling what runs. */
    public synchronized void close() {
        cancel();
        if (worker != null) {
            worker.shutdownNow();
        }
    }
}
