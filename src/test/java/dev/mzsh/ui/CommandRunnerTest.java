package dev.mzsh.ui;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one runner's queue (type-ahead) and Ctrl-C, with stand-in commands that wait for the test. */
class CommandRunnerTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** "wait X" blocks until released or interrupted; "quit" asks to quit; every line is recorded when it starts. */
    private final List<String> started = new CopyOnWriteArrayList<>();

    private final List<String> ended = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final AtomicBoolean quit = new AtomicBoolean();
    private final CommandRunner runner = new CommandRunner(this::execute, quit::get);

    private int execute(String line) {
        started.add(line);
        try {
            if (line.startsWith("wait ")) {
                gate(line).await();
            }
            if (line.equals("quit")) {
                quit.set(true);
            }
            ended.add(line + " ok");
            return 0;
        } catch (InterruptedException e) {
            ended.add(line + " cancelled");
            return 1;
        }
    }

    private CountDownLatch gate(String line) {
        return gates.computeIfAbsent(line, l -> new CountDownLatch(1));
    }

    private void submit(String line) {
        runner.submit(line, () -> {}, code -> {});
    }

    private void awaitStarted(String line) throws InterruptedException {
        eventually(LIMIT, "'" + line + "' to start", () -> started.contains(line));
    }

    private void awaitIdle() throws InterruptedException {
        eventually(LIMIT, "the runner to go idle", () -> !runner.busy());
    }

    @AfterEach
    void tearDown() {
        runner.close();
    }

    @Test
    void linesSubmittedWhileOneRunsRunNextInOrder() throws Exception {
        submit("wait a");
        awaitStarted("wait a");
        submit("echo b");
        submit("echo c");
        assertThat(runner.busy()).isTrue();
        assertThat(runner.activity()).isEqualTo("wait a");
        assertThat(runner.queued()).containsExactly("echo b", "echo c");
        assertThat(started).containsExactly("wait a");
        gate("wait a").countDown();
        awaitIdle();
        assertThat(started).containsExactly("wait a", "echo b", "echo c");
        assertThat(ended).containsExactly("wait a ok", "echo b ok", "echo c ok");
        assertThat(runner.queued()).isEmpty();
    }

    @Test
    void startedAndDoneRunAroundEachLineAndBusyLastsUntilDoneReturned() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch inDone = new CountDownLatch(1);
        CountDownLatch releaseDone = new CountDownLatch(1);
        runner.submit("echo a", () -> events.add("start a"), code -> {
            events.add("done a " + code);
            inDone.countDown();
            try {
                releaseDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.submit("echo b", () -> events.add("start b"), code -> events.add("done b " + code));
        assertThat(inDone.await(10, TimeUnit.SECONDS)).isTrue();
        // the front end is still showing how 'echo a' ended: 'echo b' has not started
        assertThat(runner.busy()).isTrue();
        assertThat(started).containsExactly("echo a");
        releaseDone.countDown();
        awaitIdle();
        assertThat(events).containsExactly("start a", "done a 0", "start b", "done b 0");
    }

    @Test
    void firstInterruptCancelsTheRunningLineAndTheQueueGoesOn() throws Exception {
        submit("wait a");
        awaitStarted("wait a");
        submit("wait b");
        submit("echo c");
        CommandRunner.Interruption first = runner.interrupt();
        assertThat(first.cancelled()).isTrue();
        assertThat(first.dropped()).isEmpty();
        awaitStarted("wait b");
        assertThat(ended).containsExactly("wait a cancelled");
        assertThat(runner.queued()).containsExactly("echo c");
        gate("wait b").countDown();
        awaitIdle();
        assertThat(started).containsExactly("wait a", "wait b", "echo c");
    }

    @Test
    void secondInterruptDropsTheQueueAndCancelsWhatRuns() throws Exception {
        submit("wait a");
        awaitStarted("wait a");
        submit("wait b");
        submit("echo c");
        submit("echo d");
        runner.interrupt();
        awaitStarted("wait b");
        CommandRunner.Interruption second = runner.interrupt();
        assertThat(second.cancelled()).isTrue();
        assertThat(second.dropped()).containsExactly("echo c", "echo d");
        awaitIdle();
        assertThat(started).containsExactly("wait a", "wait b");
        assertThat(ended).containsExactly("wait a cancelled", "wait b cancelled");
    }

    @Test
    void aSecondInterruptBeforeTheNextLineStartedDropsTheRestAndCancelsThatLine() throws Exception {
        // 'wait a' ignores nothing: its done-callback holds the worker, so 'wait b' cannot start yet
        CountDownLatch holdDone = new CountDownLatch(1);
        CountDownLatch inDone = new CountDownLatch(1);
        runner.submit("wait a", () -> {}, code -> {
            inDone.countDown();
            try {
                holdDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitStarted("wait a");
        submit("wait b");
        submit("echo c");
        runner.interrupt(); // cancels 'wait a'
        assertThat(inDone.await(10, TimeUnit.SECONDS)).isTrue();
        CommandRunner.Interruption second = runner.interrupt(); // 'wait a' still ending, nothing else started
        assertThat(second.dropped()).containsExactly("wait b", "echo c");
        holdDone.countDown();
        awaitIdle();
        assertThat(started).containsExactly("wait a");
    }

    @Test
    void anInterruptWhenIdleDoesNothingAndTheNextChainStartsAfresh() throws Exception {
        assertThat(runner.interrupt().any()).isFalse();
        submit("wait a");
        awaitStarted("wait a");
        runner.interrupt();
        awaitIdle();
        // a new chain: its first Ctrl-C only cancels, the queue behind it stays
        submit("wait x");
        awaitStarted("wait x");
        submit("echo y");
        CommandRunner.Interruption i = runner.interrupt();
        assertThat(i.cancelled()).isTrue();
        assertThat(i.dropped()).isEmpty();
        awaitIdle();
        assertThat(started).containsExactly("wait a", "wait x", "echo y");
    }

    @Test
    void linesQueuedAfterQuitDoNotRun() throws Exception {
        submit("wait a");
        awaitStarted("wait a");
        submit("quit");
        submit("echo after");
        gate("wait a").countDown();
        awaitIdle();
        assertThat(started).containsExactly("wait a", "quit");
        assertThat(runner.queued()).isEmpty();
    }
}
