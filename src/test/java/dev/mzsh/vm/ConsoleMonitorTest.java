package dev.mzsh.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleMonitorTest {
    @Test
    void logsEverythingKeepsATailAndSpotsAPanicAcrossChunks() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ConsoleMonitor m = new ConsoleMonitor(log, b -> {});
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            all.append("line ").append(i).append("\r\n");
        }
        all.append("[ 3.5] Kernel pa");
        feed(m, all.toString());
        assertThat(m.fault()).isEmpty();
        feed(m, "nic - not syncing: sysrq triggered crash\r\n");

        assertThat(log.toString(StandardCharsets.UTF_8))
                .startsWith("line 0\r\n")
                .endsWith("crash\r\n");
        assertThat(m.tail())
                .hasSize(ConsoleMonitor.TAIL_LINES)
                .last()
                .asString()
                .contains("Kernel panic");
        assertThat(m.fault()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(GuestFault.Kind.PANIC);
            assertThat(f.line()).isEqualTo("[ 3.5] Kernel panic - not syncing: sysrq triggered crash");
        });
    }

    /** A panic QEMU reported first: the console's panic line, arriving a little later, is waited for. */
    @Test
    void awaitFaultWaitsForAPanicLineStillOnItsWay() throws Exception {
        ConsoleMonitor m = new ConsoleMonitor(new ByteArrayOutputStream(), b -> {});
        assertThat(m.awaitFault(java.time.Duration.ofMillis(30))).isEmpty();
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            feed(m, "[ 4.7] Kernel panic - not syncing: sysrq triggered crash\r\n");
        });
        late.start();
        assertThat(m.awaitFault(java.time.Duration.ofSeconds(20)))
                .hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(GuestFault.Kind.PANIC));
        late.join();
    }

    /** The fault listener (FaultStop's hook) hears of the first fault only, once. */
    @Test
    void theFaultListenerHearsOfTheFirstFaultOnce() {
        ConsoleMonitor m = new ConsoleMonitor(new ByteArrayOutputStream(), b -> {});
        List<GuestFault> heard = new ArrayList<>();
        m.onFault(heard::add);
        long before = m.lastBytesNanos();
        feed(m, "an ordinary line\n");
        assertThat(heard).isEmpty();
        assertThat(m.lastBytesNanos()).isGreaterThanOrEqualTo(before);
        feed(m, "Oops: 0002 [#1] PREEMPT SMP NOPTI\nKernel panic - not syncing: Fatal exception\n");
        assertThat(heard).singleElement().extracting(GuestFault::kind).isEqualTo(GuestFault.Kind.OOPS);
    }

    @Test
    void aPanicAfterAnOopsIsReportedAsThePanic() {
        ConsoleMonitor m = new ConsoleMonitor(new ByteArrayOutputStream(), b -> {});
        feed(m, "BUG: kernel NULL pointer dereference, address: 0000000000000000\n");
        assertThat(m.fault()).map(GuestFault::kind).contains(GuestFault.Kind.BUG);
        feed(m, "Oops: 0002 [#1] PREEMPT SMP NOPTI\nKernel panic - not syncing: Fatal exception\n");
        assertThat(m.fault()).map(GuestFault::kind).contains(GuestFault.Kind.PANIC);
    }

    @Test
    void ordinaryBootTextIsNoFault() {
        ConsoleMonitor m = new ConsoleMonitor(new ByteArrayOutputStream(), b -> {});
        feed(
                m,
                "[0.1] Booting paravirtualized kernel\n[0.2] panic=-1 on the command line\nRun /init as init process\n");
        assertThat(m.fault()).isEmpty();
    }

    private static void feed(ConsoleMonitor m, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        m.accept(b, b.length);
    }

    @Test
    void theSinkGetsACopyOfTheRawBytes() {
        List<byte[]> seen = new ArrayList<>();
        ConsoleMonitor m = new ConsoleMonitor(new ByteArrayOutputStream(), seen::add);
        byte[] buf = "\u001b[1mbold\u001b[0m\r\nrest".getBytes(StandardCharsets.UTF_8);
        m.accept(buf, buf.length - 4);
        buf[0] = 'X';
        assertThat(seen)
                .singleElement()
                .satisfies(
                        b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("\u001b[1mbold\u001b[0m\r\n"));
    }
}
