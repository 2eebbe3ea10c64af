package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store against real server processes and a real SQLite file: what survives a kill -9, what a second
 * server on the same data directory is told, what a damaged data directory does.
 */
@Timeout(120)
class DurableStoreTest {
    @TempDir
    Path dir;

    private ServerProcess start(Path data) throws IOException {
        return ServerProcess.start("--port", "0", "--rate", "0", "--max-per-ip", "0", "--connects-per-minute", "0",
                "--data-dir", data.toString(), "--oper-password-file", dir.resolve("oper").toString());
    }

    private static Map<String, Object> expectEvent(TestClient c, String type) {
        return Json.object(c.expectLine(l -> l.contains("\"type\":\"" + type + "\"")));
    }

    @Test
    void everyMessageDeliveredBeforeAKillNineIsKeptAndIdsTopicsBansAndMutesSurvive() throws Exception {
        Files.writeString(dir.resolve("oper"), "pw\n");
        Path data = dir.resolve("data");
        Map<Long, String> delivered = new ConcurrentHashMap<>(); // id -> text, as the watcher saw them
        Map<Long, Long> deliveredAt = new ConcurrentHashMap<>(); // id -> nanoTime of receipt
        long killedAt;
        try (ServerProcess server = start(data)) {
            int port = server.port();
            TestClient op = TestClient.join(port, "op");
            op.send("/oper pw");
            op.expectLine("*** You are now an operator.");
            op.send("/topic kept across restarts");
            op.expectLine(l -> l.contains("set the topic"));
            op.send("/ban 127.0.0.2 60");
            op.expectLine(l -> l.startsWith("*** Banned 127.0.0.2"));
            TestClient loud = TestClient.joinFrom("127.0.0.3", port, "loud"); // a mute also covers its address
            op.send("/mute loud 30");
            loud.expectLine(l -> l.startsWith("*** You were muted"));
            loud.close();
            TestClient watcher = TestClient.joinJson(port, "watcher");
            AtomicBoolean watching = new AtomicBoolean(true);
            CountDownLatch enough = new CountDownLatch(150);
            Thread recorder = Thread.ofVirtual().start(() -> {
                while (watching.get()) {
                    String line;
                    try {
                        line = watcher.nextLine();
                    } catch (AssertionError closed) {
                        return; // the server died: the line queue ended
                    }
                    if (line.contains("\"type\":\"message\"")) {
                        Map<String, Object> m = Json.object(line);
                        long id = (Long) m.get("id");
                        deliveredAt.put(id, System.nanoTime());
                        delivered.put(id, (String) m.get("text"));
                        enough.countDown();
                    }
                }
            });
            TestClient talker = TestClient.join(port, "talker");
            Thread stream = Thread.ofVirtual().start(() -> { // a steady stream, still flowing when the kill lands
                try {
                    for (int i = 0; i < 1000; i++) {
                        talker.send("steady " + i);
                        TimeUnit.MILLISECONDS.sleep(2); // pacing the stream, not waiting for anything
                    }
                } catch (IOException | InterruptedException e) {
                    // the server was killed under the stream: that is the point
                }
            });
            assertThat(enough.await(30, TimeUnit.SECONDS)).isTrue();
            killedAt = System.nanoTime();
            server.signal("KILL");
            assertThat(server.exitValue()).isEqualTo(137);
            watching.set(false);
            recorder.join(TimeUnit.SECONDS.toMillis(20));
            stream.join(TimeUnit.SECONDS.toMillis(20));
        }
        List<Long> mustSurvive = new ArrayList<>();
        deliveredAt.forEach((id, at) -> {
            if (killedAt - at > TimeUnit.MILLISECONDS.toNanos(10)) {
                mustSurvive.add(id);
            }
        });
        assertThat(mustSurvive).hasSizeGreaterThan(100);
        long lastIdSeen = delivered.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();

        try (ServerProcess server = start(data)) {
            int port = server.port();
            TestClient reader = TestClient.joinJson(port, "reader");
            assertThat(expectEvent(reader, "topic")).containsEntry("topic", "kept across restarts");
            expectEvent(reader, "history_end"); // the replay on joining
            reader.send("/resume #lobby 0");
            Map<String, Object> history = expectEvent(reader, "history");
            long count = (Long) history.get("count");
            Map<Long, String> kept = new java.util.HashMap<>();
            for (long i = 0; i < count; i++) {
                Map<String, Object> m = Json.object(reader.nextLine());
                kept.put((Long) m.get("id"), (String) m.get("text"));
            }
            for (long id : mustSurvive) {
                assertThat(kept).as("message %d, delivered before the kill", id).containsEntry(id, delivered.get(id));
            }
            reader.send("after the restart");
            long newId = (Long) expectEvent(reader, "message").get("id");
            assertThat(newId).as("ids continue without reuse").isGreaterThan(lastIdSeen)
                    .isGreaterThan(kept.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
            TestClient banned = TestClient.connectFrom("127.0.0.2", port);
            banned.expectLine("*** You are banned from this server.");
            banned.expectClosed();
            TestClient loud = TestClient.joinFrom("127.0.0.4", port, "loud"); // the nick alone is enough
            loud.send("can you hear me now?");
            loud.expectLine(l -> l.startsWith("*** You are muted for"));
            reader.send("/search steady");
            Map<String, Object> search = expectEvent(reader, "search");
            assertThat((Long) search.get("count")).isPositive();
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefusedWithAClearError() throws Exception {
        Files.writeString(dir.resolve("oper"), "pw\n");
        Path data = dir.resolve("data");
        try (ServerProcess first = start(data)) {
            first.port();
            try (ServerProcess second = start(data)) {
                second.expectLog(Pattern.compile("data directory .* is in use by another server"));
                assertThat(second.exitValue()).isEqualTo(1);
            }
        }
    }

    @Test
    void aDamagedStoreStopsTheStartWithAClearErrorInsteadOfFallingBackToMemory() throws Exception {
        Files.writeString(dir.resolve("oper"), "pw\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("chat.db"), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'd', 'b', 0, 1, 2, 3});
        try (ServerProcess server = start(data)) {
            server.expectLog(Pattern.compile("cannot use .*chat.db"));
            assertThat(server.exitValue()).isEqualTo(1);
        }
    }
}
