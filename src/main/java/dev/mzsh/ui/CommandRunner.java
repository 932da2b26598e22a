package dev.mzsh.ui;

import dev.mzsh.commands.Shell;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

/**
 * Runs the shell's commands for a front end, one at a time, and cancels the one
 * running (Ctrl-C): cancelling interrupts its thread, which kills the guest
 * command's process group. The plain prompt runs lines on its own thread; the
 * split view submits them to a worker so its screen stays live. A line submitted
 * while another runs waits in a queue and runs next, in order (type-ahead, as in
 * a shell): typed or pasted lines are never thrown away.
 */
public final class CommandRunner {
    /** A submitted line and what the front end does when it starts and when it ends. */
    private static final class Job {
        final String line;
        final Runnable started;
        final IntConsumer done;
        volatile boolean cancelled;

        Job(String line, Runnable started, IntConsumer done) {
            this.line = line;
            this.started = started;
            this.done = done;
        }
    }

    /** What an {@link #interrupt()} did: cancelled the running command, dropped the queued lines. */
    public record Interruption(boolean cancelled, List<String> dropped) {
        public boolean any() {
            return cancelled || !dropped.isEmpty();
        }
    }

    private final ToIntFunction<String> shell;
    private final BooleanSupplier quitRequested;
    private final Deque<Job> queue = new ArrayDeque<>(); // guarded by this
    private Job current; // guarded by this: the job on the worker, from submit until it ended
    private boolean cancelledSinceIdle; // guarded by this: a Ctrl-C cancelled a command of this chain
    private boolean closed; // guarded by this
    private volatile Thread running;
    private volatile String activity = "";
    private ExecutorService worker;

    public CommandRunner(Shell shell) {
        this(shell::execute, shell::quitRequested);
    }

    /** @param execute runs a line and returns its exit status (the shell; a stand-in in tests) */
    public CommandRunner(ToIntFunction<String> execute, BooleanSupplier quitRequested) {
        this.shell = execute;
        this.quitRequested = quitRequested;
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
            return shell.applyAsInt(line);
        } finally {
            running = null;
            Thread.interrupted(); // a late Ctrl-C must not cancel the next command
        }
    }

    /**
     * Runs {@code line} on the worker: now when idle, else after the lines before it.
     * On the worker, {@code started} runs just before the line and {@code done} gets its
     * status; the runner counts as busy until {@code done} returned.
     */
    public synchronized void submit(String line, Runnable started, IntConsumer done) {
        if (closed) {
            return;
        }
        queue.addLast(new Job(line, started, done));
        if (current == null) {
            startNext();
        }
    }

    /** Hands the next queued job to the worker, or goes idle; called holding the lock. */
    private void startNext() {
        current = queue.pollFirst();
        if (current == null) {
            activity = "";
            cancelledSinceIdle = false;
            return;
        }
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mzsh-command");
                t.setDaemon(true);
                return t;
            });
        }
        activity = current.line; // busy from now, not from when the worker starts
        Job job = current;
        worker.submit(() -> runJob(job));
    }

    private void runJob(Job job) {
        try {
            job.started.run();
            running = Thread.currentThread(); // before the check: a cancel() sees one or the other
            if (job.cancelled) {
                // Ctrl-C came between its queue and its start: the shell reports it cancelled
                Thread.currentThread().interrupt();
            }
            job.done.accept(execute(job.line));
        } finally {
            synchronized (this) {
                if (quitRequested.getAsBoolean() || closed) {
                    queue.clear(); // the shell is leaving: what was typed after quit does not run
                }
                startNext(); // idle only once the front end has shown how it ended
            }
        }
    }

    /** Interrupts the running command; false when none runs. The queue goes on. */
    public synchronized boolean cancel() {
        Job job = current;
        if (job == null) {
            return false;
        }
        job.cancelled = true;
        Thread t = running;
        if (t != null) {
            t.interrupt();
        }
        return true;
    }

    /**
     * Ctrl-C: cancels the running command; pressed again before the queue ran empty,
     * it also drops the queued lines (the first one leaves them to run next).
     */
    public synchronized Interruption interrupt() {
        List<String> dropped = List.of();
        if (cancelledSinceIdle && !queue.isEmpty()) {
            dropped = queued();
            queue.clear();
        }
        boolean cancelled = cancel();
        if (cancelled) {
            cancelledSinceIdle = true;
        }
        return new Interruption(cancelled, dropped);
    }

    public boolean busy() {
        return !activity.isEmpty();
    }

    /** The line running now, or "" when idle. */
    public String activity() {
        return activity;
    }

    /** The lines waiting to run, oldest first. */
    public synchronized List<String> queued() {
        return queue.stream().map(j -> j.line).toList();
    }

    /** Whether the shell was asked to quit. */
    public boolean quitRequested() {
        return quitRequested.getAsBoolean();
    }

    /** Ends the worker, dropping the queue and cancelling what runs. */
    public synchronized void close() {
        closed = true;
        queue.clear();
        cancel();
        if (worker != null) {
            worker.shutdownNow();
        }
    }
}
