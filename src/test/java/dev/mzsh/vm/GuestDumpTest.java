package dev.mzsh.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GuestDump against a scripted QMP server: completion, failure, a stall and an outgrown limit. */
class GuestDumpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Thread server;
    private final List<String> seen = new ArrayList<>();

    /**
     * A QMP server that answers dump-guest-memory by writing {@code bytes} to the file named in
     * its protocol argument and each query-dump with the next of {@code statuses} (the last repeats).
     */
    private QmpClient qmp(long bytes, String... statuses) throws Exception {
        Path sock = dir.resolve("qmp.sock");
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ss.bind(UnixDomainSocketAddress.of(sock));
        server = new Thread(() -> {
            try (ss;
                    SocketChannel ch = ss.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(ch);
                out.write("{\"QMP\":{}}\n".getBytes(StandardCharsets.UTF_8));
                Iterator<String> next = List.of(statuses).iterator();
                String status = statuses[0];
                for (String line; (line = in.readLine()) != null; ) {
                    JsonNode req = JSON.readTree(line);
                    String cmd = req.path("execute").asText();
                    synchronized (seen) {
                        seen.add(cmd + (req.has("arguments") ? " " + req.get("arguments") : ""));
                    }
                    String ret = "{}";
                    if (cmd.equals("dump-guest-memory")) {
                        String target =
                                req.path("arguments").path("protocol").asText().substring("file:".length());
                        synchronized (seen) {
                            seen.add("file " + Path.of(target).getFileName());
                        }
                        Files.write(Path.of(target), new byte[(int) bytes]);
                    } else if (cmd.equals("query-dump")) {
                        if (next.hasNext()) {
                            status = next.next();
                        }
                        ret = "{\"status\":\"" + status + "\",\"completed\":" + (status.equals("active") ? 0 : bytes)
                                + ",\"total\":" + bytes + "}";
                    }
                    out.write(("{\"return\":" + ret + "}\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                // the client closed
            }
        });
        server.setDaemon(true);
        server.start();
        return QmpClient.connect(sock, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.join(5000);
        }
    }

    @Test
    void aCompletedDumpIsKeptAndAnElfOneCarriesPageMappings() throws Exception {
        Path core = dir.resolve("vmcore");
        try (QmpClient q = qmp(4096, "active", "completed")) {
            long size = new GuestDump(q, Duration.ofSeconds(5)).write(core, GuestDump.Format.ELF, 1 << 20, p -> {});
            assertThat(size).isEqualTo(4096);
        }
        assertThat(core).hasSize(4096);
        // QEMU writes under a name no one takes for a finished core, renamed when complete
        assertThat(seen).contains("file .vmcore.part");
        assertThat(dir.resolve(".vmcore.part")).doesNotExist();
        assertThat(seen)
                .anyMatch(s -> s.startsWith("dump-guest-memory")
                        && s.contains("\"paging\":true")
                        && s.contains("\"detach\":true")
                        && s.contains("\"format\":\"elf\""));
    }

    @Test
    void aKdumpIsWrittenWithoutPaging() throws Exception {
        try (QmpClient q = qmp(100, "completed")) {
            new GuestDump(q, Duration.ofSeconds(5))
                    .write(dir.resolve("k"), GuestDump.Format.KDUMP_ZLIB, 1 << 20, p -> {});
        }
        assertThat(seen).anyMatch(s -> s.contains("\"paging\":false") && s.contains("kdump-zlib"));
    }

    @Test
    void aFailedDumpLeavesNoFile() throws Exception {
        Path core = dir.resolve("vmcore");
        try (QmpClient q = qmp(4096, "active", "failed")) {
            assertThatThrownBy(() ->
                            new GuestDump(q, Duration.ofSeconds(5)).write(core, GuestDump.Format.ELF, 1 << 20, p -> {}))
                    .isInstanceOf(GuestDump.DumpFailedException.class)
                    .hasMessageContaining("could not write")
                    .matches(e -> !((GuestDump.DumpFailedException) e).qemuMustEnd());
        }
        assertThat(core).doesNotExist();
        assertThat(dir.resolve(".vmcore.part")).doesNotExist();
    }

    @Test
    void aStalledDumpIsGivenUpAndItsFileRemoved() throws Exception {
        Path core = dir.resolve("vmcore");
        try (QmpClient q = qmp(4096, "active")) {
            assertThatThrownBy(() -> new GuestDump(q, Duration.ofMillis(500))
                            .write(core, GuestDump.Format.ELF, 1 << 20, p -> {}))
                    .isInstanceOf(GuestDump.DumpFailedException.class)
                    .hasMessageContaining("no progress")
                    .matches(e -> ((GuestDump.DumpFailedException) e).qemuMustEnd());
        }
        assertThat(core).doesNotExist();
    }

    @Test
    void aDumpOutgrowingItsRoomIsGivenUp() throws Exception {
        Path core = dir.resolve("vmcore.kdump");
        try (QmpClient q = qmp(8192, "active")) {
            assertThatThrownBy(() -> new GuestDump(q, Duration.ofSeconds(5))
                            .write(core, GuestDump.Format.KDUMP_ZLIB, 4096, p -> {}))
                    .isInstanceOf(GuestDump.DumpFailedException.class)
                    .hasMessageContaining("outgrew");
        }
        assertThat(core).doesNotExist();
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path core = Files.writeString(dir.resolve("vmcore"), "older");
        try (QmpClient q = qmp(10, "completed")) {
            assertThatThrownBy(() ->
                            new GuestDump(q, Duration.ofSeconds(5)).write(core, GuestDump.Format.ELF, 1 << 20, p -> {}))
                    .hasMessageContaining("exists");
        }
        assertThat(core).hasContent("older");
    }
}
